/**
 * Benchmarks of tfjs' 'cpu' backend for the DQN: whole updates and single kernels. They print
 * nothing and return plain data; the bench command formats it. Both switch tfjs to the 'cpu'
 * backend if another one is active.
 *
 * `benchCpuDqnUpdate` times with whichever kernels are registered now (call
 * `registerFastCpuKernels` / `unregisterFastCpuKernels` first to choose) and reports which.
 * `benchCpuKernels` times each kernel of the nature net at the given batch with the stock and
 * the fast kernels itself, and leaves the registration (and GEMM engine) as it found it.
 *
 * Stock and fast side by side, within ~2 minutes on a 2-core machine (the stock parts dominate:
 * ~40 s for the kernels, ~40 s for one nature update, ~15 s for one small update):
 *   unregisterFastCpuKernels();  const stock = await benchCpuDqnUpdate({ net, batch: 32, seconds: 5 });
 *   registerFastCpuKernels();    const fast = await benchCpuDqnUpdate({ net, batch: 32, seconds: 5 });
 *   const kernels = await benchCpuKernels();   // includeStock: false skips the ~40 s of stock kernels
 */
import * as tf from '@tensorflow/tfjs';
import { type BenchNet, buildQNet, disposeBatch, dqnUpdate, FRAME_SIZE, FRAME_STACK, makeBatch, seededUniform } from './bench-nets.js';
import { type GemmEngine, gemmEngineSetting } from './gemm.js';
import { fastCpuGemmEngine, fastCpuKernelsRegistered, registerFastCpuKernels, unregisterFastCpuKernels } from './index.js';

export interface DqnBenchOptions {
  net: BenchNet;
  /** Minibatch size (32 in the DQN paper). */
  batch: number;
  /** Time budget for the timed updates, in seconds (the warm-up update comes on top). */
  seconds: number;
}

export interface DqnBenchResult {
  updatesPerSecond: number;
  /** Updates timed; 1 when the warm-up update alone used the budget (stock nature net: ~1 min). */
  updates: number;
  /** Seconds the timed updates took. */
  seconds: number;
  /** Which kernels were registered. */
  kernels: 'fast' | 'stock';
  /** The fast kernels' matrix-product engine; null with the stock kernels. */
  gemm: 'wasm-simd' | 'js' | null;
  /** The first update (JIT warm-up, Adam slot creation), in ms. */
  firstUpdateMs: number;
  /** True when the rate comes from the first update alone (it ran past the budget). */
  fromFirstUpdate: boolean;
}

async function useCpuBackend(): Promise<void> {
  if (tf.getBackend() !== 'cpu' && !(await tf.setBackend('cpu'))) throw new Error('benchmarks: tfjs cpu backend unavailable');
}

/** Times full DQN updates (Double DQN target, Huber loss, Adam; see bench-nets.ts). */
export async function benchCpuDqnUpdate(opts: DqnBenchOptions): Promise<DqnBenchResult> {
  await useCpuBackend();
  const online = buildQNet(opts.net, 1);
  const target = buildQNet(opts.net, 101);
  target.setWeights(online.getWeights());
  const opt = tf.train.adam(1e-4);
  const batch = makeBatch(opts.batch, 7);
  const kernels = fastCpuKernelsRegistered() ? 'fast' : 'stock';
  const gemm = kernels === 'fast' ? fastCpuGemmEngine() : null;
  try {
    const t0 = performance.now();
    dqnUpdate(online, target, opt, batch);
    const firstUpdateMs = performance.now() - t0;
    if (firstUpdateMs >= opts.seconds * 1000) {
      return { updatesPerSecond: 1000 / firstUpdateMs, updates: 1, seconds: firstUpdateMs / 1000, kernels, gemm, firstUpdateMs, fromFirstUpdate: true };
    }
    let updates = 0;
    const t1 = performance.now();
    let elapsed = 0;
    do {
      dqnUpdate(online, target, opt, batch);
      updates++;
      elapsed = performance.now() - t1;
    } while (elapsed < opts.seconds * 1000);
    return { updatesPerSecond: updates / (elapsed / 1000), updates, seconds: elapsed / 1000, kernels, gemm, firstUpdateMs, fromFirstUpdate: false };
  } finally {
    online.dispose();
    target.dispose();
    opt.dispose();
    disposeBatch(batch);
  }
}

export interface KernelTiming {
  kernel: string;
  /** Which layer of the nature net, e.g. 'conv1 8x8/4 4->32'. */
  layer: string;
  /** Best of the timed stock calls, in ms; null when skipped. */
  stockMs: number | null;
  /** Best of the timed fast calls, in ms (after one warm-up call). */
  fastMs: number;
  /** The engine the fast kernels' matrix products ran on. */
  gemm: 'wasm-simd' | 'js';
  /** stockMs / fastMs, or null. */
  speedup: number | null;
  /** False for the first conv's input gradient, which a DQN update never computes. */
  inDqnUpdate: boolean;
}

export interface KernelBenchOptions {
  /** Minibatch size; default 32. */
  batch?: number;
  /** Time the stock kernels too (about 40 s at batch 32, nearly all in the filter gradients); default true. */
  includeStock?: boolean;
  /** Timed fast calls per kernel; default 5. */
  fastRepeats?: number;
  /** Matrix-product engine for the fast kernels; default: the current setting. */
  gemm?: GemmEngine;
}

interface KernelCase { kernel: string; layer: string; inputs: Record<string, tf.Tensor>; attrs: Record<string, unknown>; inDqnUpdate: boolean }

function seededTensor(shape: number[], seed: number): tf.Tensor {
  const u = seededUniform(shape.reduce((p, q) => p * q, 1), seed);
  for (let i = 0; i < u.length; i++) u[i] = u[i] - 0.5;
  return tf.tensor(u, shape);
}

/** The kernel calls of one nature-net update at batch `b` (one per distinct shape). */
function natureCases(b: number): KernelCase[] {
  const cases: KernelCase[] = [];
  let size = FRAME_SIZE;
  let channels = FRAME_STACK;
  let seed = 11;
  ([[32, 8, 4], [64, 4, 2], [64, 3, 1]] as const).forEach(([filters, k, stride], i) => {
    const out = Math.floor((size - k) / stride) + 1;
    const layer = `conv${i + 1} ${k}x${k}/${stride} ${channels}->${filters}`;
    const xShape = [b, size, size, channels];
    const x = seededTensor(xShape, seed++);
    const filter = seededTensor([k, k, channels, filters], seed++);
    const bias = seededTensor([filters], seed++);
    const dy = seededTensor([b, out, out, filters], seed++);
    const conv = { strides: stride, pad: 'valid', dataFormat: 'NHWC', dilations: 1 };
    cases.push({ kernel: tf.Conv2D, layer, inputs: { x, filter }, attrs: conv, inDqnUpdate: true });
    cases.push({ kernel: tf.FusedConv2D, layer, inputs: { x, filter, bias }, attrs: { ...conv, activation: 'relu' }, inDqnUpdate: true });
    cases.push({ kernel: tf.Conv2DBackpropFilter, layer, inputs: { x, dy }, attrs: { ...conv, filterShape: [k, k, channels, filters] }, inDqnUpdate: true });
    cases.push({ kernel: tf.Conv2DBackpropInput, layer, inputs: { dy, filter }, attrs: { ...conv, inputShape: xShape }, inDqnUpdate: i > 0 });
    size = out;
    channels = filters;
  });
  const flat = size * size * channels;
  const layer = `dense ${flat}->512`;
  const x = seededTensor([b, flat], seed++);
  const w = seededTensor([flat, 512], seed++);
  const dy = seededTensor([b, 512], seed++);
  cases.push({ kernel: tf._FusedMatMul, layer, inputs: { a: x, b: w, bias: seededTensor([512], seed++) }, attrs: { transposeA: false, transposeB: false, activation: 'relu' }, inDqnUpdate: true });
  cases.push({ kernel: tf.BatchMatMul, layer: `${layer} dx`, inputs: { a: dy, b: w }, attrs: { transposeA: false, transposeB: true }, inDqnUpdate: true });
  cases.push({ kernel: tf.BatchMatMul, layer: `${layer} dW`, inputs: { a: x, b: dy }, attrs: { transposeA: true, transposeB: false }, inDqnUpdate: true });
  return cases;
}

/** Best time of `repeats` calls, after `warmup` untimed ones; stops early once `budgetMs` is spent. */
function timeKernel(c: KernelCase, warmup: number, repeats: number, budgetMs: number): number {
  const call = (): void => {
    const out = tf.engine().runKernel(c.kernel, c.inputs, c.attrs as tf.NamedAttrMap);
    tf.dispose(out);
  };
  for (let i = 0; i < warmup; i++) call();
  let best = Infinity;
  const start = performance.now();
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    call();
    best = Math.min(best, performance.now() - t0);
    if (performance.now() - start > budgetMs) break;
  }
  return best;
}

/** Per-kernel times for the nature net's layers, stock vs fast (see KernelBenchOptions). */
export async function benchCpuKernels(opts: KernelBenchOptions = {}): Promise<KernelTiming[]> {
  await useCpuBackend();
  const cases = natureCases(opts.batch ?? 32);
  const wasFast = fastCpuKernelsRegistered();
  const setting = gemmEngineSetting();
  try {
    const stock: (number | null)[] = [];
    unregisterFastCpuKernels();
    for (const c of cases) stock.push(opts.includeStock === false ? null : timeKernel(c, 0, 3, 1000));
    registerFastCpuKernels({ gemm: opts.gemm ?? setting });
    const gemm = fastCpuGemmEngine();
    return cases.map((c, i) => {
      const fastMs = timeKernel(c, 1, opts.fastRepeats ?? 5, 2000);
      const stockMs = stock[i];
      return { kernel: c.kernel, layer: c.layer, stockMs, fastMs, gemm, speedup: stockMs === null ? null : stockMs / fastMs, inDqnUpdate: c.inDqnUpdate };
    });
  } finally {
    if (wasFast) registerFastCpuKernels({ gemm: setting });
    else unregisterFastCpuKernels();
    const seen = new Set<tf.Tensor>();
    for (const c of cases) for (const t of Object.values(c.inputs)) seen.add(t);
    tf.dispose([...seen]);
  }
}
