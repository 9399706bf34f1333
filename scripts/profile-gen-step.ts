/**
 * npx tsx scripts/profile-gen-step.ts [--model gan|vae|diffusion] [--config FILE.json] [--conditional]
 *                                     [--without Slice,SplitV,Tile,Sigmoid] [--reps 4]
 * One generative model's training step on digits, CPU backend, timed with Pac-Lab's fast CPU
 * kernels and with the kernels named by --without put back to tfjs' stock ones, alternating
 * (A B A B ...) in one process so machine load hits both alike; then the per-kernel milliseconds
 * of one step (tf.profile) each way. Prints one JSON object. It is how the fast Slice / SplitV /
 * Tile / Sigmoid kernels were found and measured (BENCHMARKS.md, "Generative lab: bench suite").
 * Kernels that Pac-Lab adds (no stock version: PacLabAdamStep, PacLabSumSquares,
 * PacLabWeightAverage) are removed for the comparison, so their callers take the composed path.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createImageSource } from '../src/gen/datasets/create.js';
import { loadDigitsNode } from '../src/gen/datasets/digits-node.js';
import { createGenModel } from '../src/gen/model.js';
import type { GenModelName } from '../src/gen/types.js';
import { selectBackend } from '../src/tf/backend.js';
import { ADDED_CPU_KERNEL_NAMES, registerFastCpuKernels, unregisterFastCpuKernels } from '../src/tf/kernels/cpu/index.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'gan' },
    config: { type: 'string' },
    conditional: { type: 'boolean', default: false },
    without: { type: 'string', default: 'Slice,SplitV,Tile,Sigmoid' },
    reps: { type: 'string', default: '4' },
  },
});

await selectBackend('cpu');
const without = (values.without ?? '').split(',').filter((k) => k.length > 0);
// The stock configs of the kernels to compare, taken while the stock kernels are registered.
unregisterFastCpuKernels();
// null: an added kernel, absent in the stock setup.
const stock = without.map((name): [string, tf.KernelConfig | null] => {
  const config = tf.getKernel(name, 'cpu');
  if (!config && !ADDED_CPU_KERNEL_NAMES.includes(name)) throw new Error(`--without: no CPU kernel named ${name}`);
  return [name, config ?? null];
});
registerFastCpuKernels();
const fast = without.map((name): [string, tf.KernelConfig | null] => [name, tf.getKernel(name, 'cpu') as tf.KernelConfig]);
const use = (configs: [string, tf.KernelConfig | null][]): void => {
  for (const [name, c] of configs) {
    if (tf.getKernel(name, 'cpu')) tf.unregisterKernel(name, 'cpu');
    if (c) tf.registerKernel(c);
  }
};

const config = (values.config ? JSON.parse(readFileSync(values.config, 'utf8')) : {}) as Record<string, unknown>;
if (values.conditional) config.conditional = true;
const source = createImageSource('digits', { size: 32, seed: 1 }, { digits: loadDigitsNode() });
const model = createGenModel(values.model as GenModelName, config, { size: 32, numClasses: 10 }, 1);
const batch = source.next(model.config.batchSize);
await model.trainStep(batch); // warm-up: scratch buffers, WebAssembly module

const stepMs = async (): Promise<number> => {
  const t0 = performance.now();
  await model.trainStep(batch);
  return performance.now() - t0;
};
const reps = Number(values.reps);
const timesFast: number[] = [];
const timesStock: number[] = [];
for (let r = 0; r < reps; r++) {
  use(fast);
  timesFast.push(await stepMs());
  use(stock);
  timesStock.push(await stepMs());
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const profile = async (): Promise<{ kernel: string; ms: number; calls: number }[]> => {
  const info = await tf.profile(async () => { await model.trainStep(batch); });
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const row = byName.get(k.name) ?? { ms: 0, calls: 0 };
    row.ms += Number(k.kernelTimeMs);
    row.calls++;
    byName.set(k.name, row);
  }
  return [...byName.entries()].map(([kernel, r]) => ({ kernel, ms: Math.round(r.ms * 10) / 10, calls: r.calls })).sort((a, b) => b.ms - a.ms).slice(0, 12);
};
use(fast);
const profileFast = await profile();
use(stock);
const profileStock = await profile();
use(fast);

console.log(JSON.stringify({
  model: values.model, config: model.config, batch: model.config.batchSize, date: new Date().toISOString(),
  comparedKernels: without,
  stepMs: { fast: Math.round(median(timesFast)), withStockComparedKernels: Math.round(median(timesStock)), reps },
  speedup: Math.round((median(timesStock) / median(timesFast)) * 100) / 100,
  topKernelsMs: { fast: profileFast, withStockComparedKernels: profileStock },
}, null, 1));
model.dispose();
