/**
 * Generative-model speed, each model at its default config on digits (32x32): training steps/s
 * (the config's batch, 64), samples/s for batches of 64 (diffusion: DDIM with 20 steps, and
 * DDPM with all T steps, on a smaller batch where `ddpmBatch` says so: on CPU a batch of 64 takes
 * minutes), parameter counts. On the CPU backend, Pac-Lab's fast kernels and the stock tfjs
 * kernels side by side in one run; a stock step can take a minute, so stock rows time exactly one
 * training step (no warm-up) and one sampling batch of the GAN and VAE (no diffusion sampling).
 * Then the world models' live dream steps per second (world-bench.ts), on the fast kernels.
 */
import { createImageSource } from '../../gen/datasets/create.js';
import { loadDigitsNode } from '../../gen/datasets/digits-node.js';
import { Diffusion } from '../../gen/diffusion/diffusion.js';
import { createGenModel, type GenModel } from '../../gen/model.js';
import { GEN_MODEL_NAMES, type GenModelName, type ImageSource } from '../../gen/types.js';
import { type BackendInfo, type BackendPreference, selectBackend } from '../../tf/backend.js';
import { registerFastCpuKernels, unregisterFastCpuKernels } from '../../tf/kernels/cpu/index.js';
import { provideNodeWebGpu } from '../../tf/node-webgpu.js';
import { benchDream, type DreamBenchRow } from './world-bench.js';

export interface GenBenchRow {
  model: GenModelName;
  kernels: 'custom' | 'stock';
  params: number;
  batch: number;
  trainStepsPerSec: number;
  /** Steps timed (1 for the stock kernels). */
  stepsTimed: number;
  /** gan and vae: one forward pass per batch of `sampleBatch`. */
  samplesPerSec: number | null;
  /** diffusion: DDIM with 20 network evaluations. */
  ddim20SamplesPerSec: number | null;
  /** diffusion: DDPM with all `timesteps` evaluations, batches of `ddpmBatch` (null where not timed). */
  ddpmSamplesPerSec: number | null;
  ddpmBatch: number | null;
  timesteps: number | null;
  sampleBatch: number;
}

const SAMPLE_BATCH = 64;

/** Times `fn` for about `seconds` after one warm-up call; at least one timed run. */
async function rate(fn: () => Promise<unknown>, seconds: number, warmUp: boolean): Promise<{ perSec: number; runs: number }> {
  if (warmUp) await fn();
  let runs = 0;
  const t0 = performance.now();
  while (runs === 0 || performance.now() - t0 < seconds * 1000) {
    await fn();
    runs++;
  }
  return { perSec: runs / ((performance.now() - t0) / 1000), runs };
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

export async function benchGenModel(name: GenModelName, kernels: 'custom' | 'stock', source: ImageSource, seconds: number, ddpmBatch: number): Promise<GenBenchRow> {
  const stock = kernels === 'stock';
  const model: GenModel = createGenModel(name, {}, { size: source.info.size, numClasses: source.info.classNames.length }, 1);
  const batch = model.config.batchSize;
  const data = source.next(batch);
  const train = await rate(() => model.trainStep(data), seconds, !stock);
  let samplesPerSec: number | null = null;
  let ddim: number | null = null;
  let ddpmRate: number | null = null;
  if (model instanceof Diffusion) {
    if (!stock) {
      const r = await rate(() => model.sampleTrajectory(SAMPLE_BATCH, { seed: 1, method: 'ddim', steps: 20, frames: 0 }), seconds, false);
      ddim = round(r.perSec * SAMPLE_BATCH);
      if (ddpmBatch > 0) {
        const p = await rate(() => model.sampleTrajectory(ddpmBatch, { seed: 1, method: 'ddpm', frames: 0 }), 0, false);
        ddpmRate = round(p.perSec * ddpmBatch);
      }
    }
  } else {
    const r = await rate(() => model.sample(SAMPLE_BATCH, { seed: 1 }), stock ? 0 : seconds, !stock);
    samplesPerSec = round(r.perSec * SAMPLE_BATCH);
  }
  const row: GenBenchRow = {
    model: name, kernels, params: model.paramCount, batch, trainStepsPerSec: round(train.perSec), stepsTimed: train.runs,
    samplesPerSec, ddim20SamplesPerSec: ddim, ddpmSamplesPerSec: ddpmRate, ddpmBatch: ddpmRate === null ? null : ddpmBatch,
    timesteps: model instanceof Diffusion ? model.config.timesteps : null, sampleBatch: SAMPLE_BATCH,
  };
  model.dispose();
  return row;
}

export interface GenSuiteOptions {
  seconds: number;
  /** Also time the stock CPU kernels (cpu backend only). */
  stock: boolean;
  /** Called with each row as it is measured (progress: stock rows can take minutes). */
  onRow?: (row: GenBenchRow) => void;
  /** Batch of the DDPM timing with all T steps (0 = skip; slow on CPU: T/20 times a DDIM-20 batch). */
  ddpmBatch?: number;
}

export async function benchGenSuite(backendPref: BackendPreference, options: GenSuiteOptions): Promise<{ backend: BackendInfo; rows: GenBenchRow[]; speedupCustomOverStock: Record<string, number | null>; dream: DreamBenchRow[] }> {
  const backend = await selectBackend(backendPref, { provideWebGpu: provideNodeWebGpu });
  const digits = loadDigitsNode();
  const ddpmBatch = options.ddpmBatch ?? (backend.name === 'cpu' ? 8 : SAMPLE_BATCH);
  const rows: GenBenchRow[] = [];
  for (const name of GEN_MODEL_NAMES) {
    const source = createImageSource('digits', { seed: 1 }, { digits });
    if (backend.name === 'cpu') registerFastCpuKernels();
    rows.push(await benchGenModel(name, backend.name === 'cpu' ? 'custom' : 'stock', source, options.seconds, ddpmBatch));
    options.onRow?.(rows[rows.length - 1]);
    if (backend.name === 'cpu' && options.stock) {
      unregisterFastCpuKernels();
      rows.push(await benchGenModel(name, 'stock', source, options.seconds, 0));
      options.onRow?.(rows[rows.length - 1]);
      registerFastCpuKernels();
    }
  }
  const speedup: Record<string, number | null> = {};
  for (const name of GEN_MODEL_NAMES) {
    const c = rows.find((r) => r.model === name && r.kernels === 'custom');
    const s = rows.find((r) => r.model === name && r.kernels === 'stock');
    speedup[name] = c && s ? round(c.trainStepsPerSec / s.trainStepsPerSec) : null;
  }
  if (backend.name === 'cpu') registerFastCpuKernels();
  // Dream mode: live dream steps per second of each world model (world-bench.ts).
  const dream = await benchDream(options.seconds);
  return { backend, rows, speedupCustomOverStock: speedup, dream };
}
