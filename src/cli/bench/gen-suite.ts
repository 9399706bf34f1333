/**
 * Generative-model speed, each model at its default config on digits (32x32): training steps/s
 * (the config's batch, 64), samples/s for batches of 64 (diffusion: DDIM with 20 steps, and
 * DDPM with all T steps, on a smaller batch where `ddpmBatch` says so: on CPU a batch of 64 takes
 * minutes), parameter counts. Pac-Lab's kernels and the stock tfjs kernels side by side in one
 * run: on the CPU backend kernels/cpu (a stock step can take a minute, so stock rows time exactly
 * one training step (no warm-up) and one sampling batch of the GAN and VAE, no diffusion
 * sampling); on WebGPU the convolution gradients of kernels/webgpu, both rows timed alike (on a
 * software adapter such as SwiftShader a step takes 20 s to minutes, so there every row is timed
 * like a CPU stock row, and DDPM is skipped unless `ddpmBatch` asks for it).
 * Then the world models' live dream steps per second (world-bench.ts), on Pac-Lab's kernels.
 */
import { ConfigError } from '../../core/errors.js';
import { createImageSource } from '../../gen/datasets/create.js';
import { loadDigitsNode } from '../../gen/datasets/digits-node.js';
import { Diffusion } from '../../gen/diffusion/diffusion.js';
import { createGenModel, type GenModel } from '../../gen/model.js';
import { GEN_MODEL_NAMES, type GenModelName, type ImageSource } from '../../gen/types.js';
import { setSubmitBatch } from './timing.js';
import { type BackendInfo, type BackendPreference, selectBackend } from '../../tf/backend.js';
import { registerFastCpuKernels, unregisterFastCpuKernels } from '../../tf/kernels/cpu/index.js';
import { kernelCallCounts, type KernelCallCounts, registerFastWebGpuKernels, resetKernelCallCounts, unregisterFastWebGpuKernels } from '../../tf/kernels/webgpu/index.js';
import { provideNodeWebGpu } from '../../tf/node-webgpu.js';
import { assetPath } from '../assets.js';
import { benchDream, type DreamBenchRow } from './world-bench.js';

export interface GenBenchRow {
  model: GenModelName;
  kernels: 'custom' | 'stock';
  params: number;
  batch: number;
  trainStepsPerSec: number;
  /** Steps timed (1 for the CPU stock kernels, and wherever one step outlasts the measurement). */
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

/**
 * 'full': one warm-up call, then each figure for about `seconds`, diffusion sampling included.
 * 'single': no warm-up (a slow step would take as long as the measurement), training for about
 * `seconds` (one step where a step takes longer), one sampling batch of the GAN and VAE, no
 * diffusion sampling.
 */
export type GenTiming = 'full' | 'single';

export async function benchGenModel(name: GenModelName, kernels: 'custom' | 'stock', source: ImageSource, seconds: number, ddpmBatch: number, timing: GenTiming = kernels === 'stock' ? 'single' : 'full'): Promise<GenBenchRow> {
  const full = timing === 'full';
  const model: GenModel = createGenModel(name, {}, { size: source.info.size, numClasses: source.info.classNames.length }, 1);
  const batch = model.config.batchSize;
  const data = source.next(batch);
  const train = await rate(() => model.trainStep(data), seconds, full);
  let samplesPerSec: number | null = null;
  let ddim: number | null = null;
  let ddpmRate: number | null = null;
  if (model instanceof Diffusion) {
    if (full) {
      const r = await rate(() => model.sampleTrajectory(SAMPLE_BATCH, { seed: 1, method: 'ddim', steps: 20, frames: 0 }), seconds, false);
      ddim = round(r.perSec * SAMPLE_BATCH);
      if (ddpmBatch > 0) {
        const p = await rate(() => model.sampleTrajectory(ddpmBatch, { seed: 1, method: 'ddpm', frames: 0 }), 0, false);
        ddpmRate = round(p.perSec * ddpmBatch);
      }
    }
  } else {
    const r = await rate(() => model.sample(SAMPLE_BATCH, { seed: 1 }), full ? seconds : 0, full);
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
  /** Also time the stock kernels (cpu and webgpu backends). */
  stock: boolean;
  /** Called with each row as it is measured (progress: stock rows can take minutes). */
  onRow?: (row: GenBenchRow) => void;
  /** Batch of the DDPM timing with all T steps (0 = skip; slow on CPU: T/20 times a DDIM-20 batch). Default: 8 on cpu, 0 on a software WebGPU adapter, else 64. */
  ddpmBatch?: number;
  /** Skip the world models' dream timing (`dream` is then empty). */
  skipDream?: boolean;
  /** The models to time, in GEN_MODEL_NAMES order (default: all of them). */
  models?: readonly GenModelName[];
  /** WebGPU: programs per queue submit (setSubmitBatch); undefined keeps tfjs' default. */
  submitBatch?: number;
}

/** `--models vae,gan`: names from GEN_MODEL_NAMES, comma-separated; refused by name otherwise. */
export function parseGenModels(list: string): GenModelName[] {
  const names = list.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(GEN_MODEL_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new ConfigError('--models', `--models takes a comma-separated list of ${GEN_MODEL_NAMES.join(', ')}; got "${list}"`);
  }
  return GEN_MODEL_NAMES.filter((n) => names.includes(n));
}

export interface GenSuiteResult {
  backend: BackendInfo;
  rows: GenBenchRow[];
  speedupCustomOverStock: Record<string, number | null>;
  dream: DreamBenchRow[];
  /** webgpu only: how the rows were timed. */
  timing?: string;
  /** webgpu only: calls that reached Pac-Lab's kernels while registered, and which went on to the stock ones. */
  webGpuKernelCalls?: Record<string, KernelCallCounts>;
}

/**
 * How each row is timed where Pac-Lab has kernels for the backend (cpu, webgpu); null elsewhere
 * (the rows are then the stock kernels only, timed 'single'). CPU: a stock step can take a
 * minute. A software WebGPU adapter (SwiftShader): every step takes 20 s to minutes, so both rows
 * go 'single', where compiling the shaders is a small part of the time.
 */
export function genRowTimings(backend: BackendInfo): { custom: GenTiming; stock: GenTiming } | null {
  if (backend.name === 'cpu') return { custom: 'full', stock: 'single' };
  if (backend.name === 'webgpu') return isSoftwareAdapter(backend) ? { custom: 'single', stock: 'single' } : { custom: 'full', stock: 'full' };
  return null;
}

/** Puts Pac-Lab's kernels (true) or the stock ones (false) in place on the running backend. */
function useKernels(backend: BackendInfo, custom: boolean): void {
  if (backend.name === 'cpu') (custom ? registerFastCpuKernels : unregisterFastCpuKernels)();
  else if (backend.name === 'webgpu') (custom ? registerFastWebGpuKernels : unregisterFastWebGpuKernels)();
}

/** A SwiftShader/llvmpipe adapter, or one that says it is a software (fallback) adapter. */
export function isSoftwareAdapter(backend: BackendInfo): boolean {
  return /\bsoftware\b|swiftshader|llvmpipe/i.test(backend.adapter);
}

export async function benchGenSuite(backendPref: BackendPreference, options: GenSuiteOptions): Promise<GenSuiteResult> {
  const backend = await selectBackend(backendPref, { provideWebGpu: provideNodeWebGpu });
  setSubmitBatch(backend, options.submitBatch);
  const digits = loadDigitsNode(assetPath('datasets', 'digits.bin.gz'));
  const timings = genRowTimings(backend);
  const software = backend.name === 'webgpu' && isSoftwareAdapter(backend);
  const ddpmBatch = options.ddpmBatch ?? (backend.name === 'cpu' ? 8 : software ? 0 : SAMPLE_BATCH);
  if (backend.name === 'webgpu') resetKernelCallCounts();
  const models = options.models ?? GEN_MODEL_NAMES;
  const rows: GenBenchRow[] = [];
  for (const name of models) {
    const source = createImageSource('digits', { seed: 1 }, { digits });
    useKernels(backend, true);
    rows.push(await benchGenModel(name, timings ? 'custom' : 'stock', source, options.seconds, ddpmBatch, timings?.custom));
    options.onRow?.(rows[rows.length - 1]);
    if (timings && options.stock) {
      useKernels(backend, false);
      rows.push(await benchGenModel(name, 'stock', source, options.seconds, timings.stock === 'full' ? ddpmBatch : 0, timings.stock));
      options.onRow?.(rows[rows.length - 1]);
      useKernels(backend, true);
    }
  }
  const speedup: Record<string, number | null> = {};
  for (const name of models) {
    const c = rows.find((r) => r.model === name && r.kernels === 'custom');
    const s = rows.find((r) => r.model === name && r.kernels === 'stock');
    speedup[name] = c && s ? round(c.trainStepsPerSec / s.trainStepsPerSec) : null;
  }
  useKernels(backend, true);
  const calls = backend.name === 'webgpu' ? kernelCallCounts() : undefined;
  // Dream mode: live dream steps per second of each world model (world-bench.ts).
  const dream = options.skipDream ? [] : await benchDream(options.seconds);
  if (backend.name !== 'webgpu') return { backend, rows, speedupCustomOverStock: speedup, dream };
  const timing = software
    ? 'software adapter: each row times training for about --seconds with no warm-up (one step where a step takes longer; the custom row, run first, also compiles the shaders both rows share), one GAN/VAE sampling batch, no diffusion sampling'
    : 'each row: one warm-up call, then each figure for about --seconds; stock and custom rows alike';
  return { backend, rows, speedupCustomOverStock: speedup, dream, timing, webGpuKernelCalls: calls };
}
