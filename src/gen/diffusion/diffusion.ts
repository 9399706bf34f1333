/**
 * DDPM (Ho et al. 2020) with a small U-Net predicting eps, DDPM ancestral and DDIM (eta = 0)
 * sampling (the U-Net predicts eps or, with prediction 'v', the velocity), optional class conditioning with classifier-free guidance (labelDropout, guidance),
 * samples drawn from a moving average of the weights (emaDecay). Images are scaled to [-1, 1] inside; everything that
 * leaves is an ImageBatch in [0, 1]. Loss term: `mse` = mean over pixels of (eps_pred - eps)^2 (v: of v_pred - v),
 * t uniform in [0, T). Each step also reports, for the explanations (issue 10), the batch's image
 * 0 as the step used it: its timestep `t0`, `alphaBar0` = alphaBar[t0], the noise std
 * `noiseStd0` = sqrt(1 - alphaBar0) it was noised with, `snr0` = alphaBar0 / (1 - alphaBar0), and
 * its own noise MSE `mse0`.
 */
import * as tf from '@tensorflow/tfjs';
import { RandomStreams, type RandomStream } from '../../core/random.js';
import type { GenModel, SampleOptions } from '../model.js';
import type { ImageBatch, LossTerms } from '../types.js';
import { cycleLabels } from '../nn/embedding.js';
import { batchToTensor, checkBatch, readTerms, tensorToBatch } from '../nn/images.js';
import { ModelOptimizer } from '../nn/optimizer.js';
import { type GenModelState, loadModelState, saveModelState } from '../nn/state.js';
import { resolveDiffusionConfig, type DiffusionConfig, type SamplerKind } from './config.js';
import { ddimStep, ddpmStep, epsFromVelocity, qSample, velocity } from './sampler.js';
import { ddimTimesteps, makeSchedule, snr, type NoiseSchedule } from './schedule.js';
import { UNet } from './unet.js';
import { averageDecay, copyWeights, updateAverage } from '../nn/ema.js';

/** Checkpoint names of the weight average's variables start with this. */
const AVERAGE_PREFIX = 'diffusion/ema';

export interface TrajectoryOptions extends SampleOptions {
  /** Sampler (default: the config's). */
  method?: SamplerKind;
  /** DDIM steps (default: the config's samplingSteps); DDPM always takes all T steps. */
  steps?: number;
  /** Frames to record, spread evenly over the run, the last one always included (default 10). */
  frames?: number;
}

export interface TrajectoryFrame {
  /** Sampler step index, 0 = the first (noisiest). */
  step: number;
  /** Timestep t of the x that was denoised at this step. */
  t: number;
  /** x after this step, shown as (x + 1) / 2 clamped to [0, 1]. */
  x: ImageBatch;
  /** The model's estimate of x0 at this step, same mapping. */
  x0: ImageBatch;
}

/** [-1, 1] -> [0, 1] for display (not clamped here; tensorToBatch clamps). */
function toUnit(x: tf.Tensor4D): tf.Tensor4D {
  return tf.div(tf.add(x, 1), 2);
}

export class Diffusion implements GenModel {
  readonly name = 'diffusion' as const;
  readonly config: DiffusionConfig;
  readonly schedule: NoiseSchedule;
  readonly unet: UNet;
  /** The weights' moving average that sampling uses (config.emaDecay > 0), else null: sampling uses `unet`. */
  readonly average: UNet | null;
  steps = 0;
  private readonly optimizer: ModelOptimizer;
  private readonly trainRng: RandomStream;

  constructor(overrides: unknown, seed: number) {
    this.config = resolveDiffusionConfig(overrides);
    const streams = new RandomStreams(seed);
    this.schedule = makeSchedule(this.config.schedule, this.config.timesteps);
    this.unet = new UNet(this.config, streams.get('diffusion/init/unet'));
    this.average = this.config.emaDecay > 0 ? new UNet(this.config, streams.get('diffusion/init/ema'), AVERAGE_PREFIX) : null;
    if (this.average) copyWeights(this.average.store, this.unet.store);
    this.trainRng = streams.get('diffusion/train');
    this.optimizer = new ModelOptimizer('diffusion/adam', [this.unet.store], {
      learningRate: this.config.learningRate, beta1: 0.9, beta2: 0.999, clipNorm: 1,
    });
  }

  get paramCount(): number {
    return this.unet.store.size;
  }

  /** alphaBar_t for t in [0, T) (the fraction of signal variance left at t). */
  get alphaBar(): Float64Array {
    return this.schedule.alphaBar;
  }

  /** Signal-to-noise ratio alphaBar_t / (1 - alphaBar_t). */
  snr(t: number): number {
    return snr(this.schedule, t);
  }

  async trainStep(batch: ImageBatch): Promise<LossTerms> {
    checkBatch(batch, this.config.imageSize, 'diffusion.trainStep');
    const labels = this.dropLabels(this.labelsFor(batch.count, batch.labels, true));
    const ts = Int32Array.from({ length: batch.count }, () => this.trainRng.int(this.config.timesteps));
    const epsSeed = this.trainRng.seed();
    const [xt, target] = tf.tidy(() => {
      const x0 = tf.sub(tf.mul(batchToTensor(batch), 2), 1) as tf.Tensor4D;
      const e = tf.randomNormal(x0.shape, 0, 1, 'float32', epsSeed) as tf.Tensor4D;
      return [qSample(this.schedule, x0, ts, e), this.config.prediction === 'v' ? velocity(this.schedule, x0, ts, e) : e];
    });
    const { loss, aux } = this.optimizer.step(() => {
      const squared = tf.square(tf.sub(this.unet.apply(xt, ts, labels), target));
      const first = tf.slice(squared, [0, 0, 0, 0], [1, -1, -1, -1]);
      return { loss: tf.mean(squared) as tf.Scalar, aux: { mse0: tf.mean(first) as tf.Scalar } };
    });
    tf.dispose([xt, target]);
    if (this.average) updateAverage(this.average.store, this.unet.store, averageDecay(this.config.emaDecay, this.steps));
    this.steps++;
    const t0 = ts[0];
    const alphaBar0 = this.schedule.alphaBar[t0];
    return { ...(await readTerms({ mse: loss, mse0: aux.mse0 })), t0, alphaBar0, noiseStd0: Math.sqrt(1 - alphaBar0), snr0: this.snr(t0) };
  }

  /**
   * Forward noising for explanation: each image of `batch` at each t of `ts`, drawn from
   * q(x_t | x0) with seeded noise; image-major (image 0 at every t, then image 1, ...).
   */
  async forwardNoising(batch: ImageBatch, ts: number[], seed: number): Promise<ImageBatch> {
    checkBatch(batch, this.config.imageSize, 'diffusion.forwardNoising');
    for (const t of ts) {
      if (!Number.isInteger(t) || t < 0 || t >= this.config.timesteps) throw new RangeError(`diffusion.forwardNoising: t must be an integer in [0, ${this.config.timesteps}), got ${t}`);
    }
    const s = new RandomStreams(seed).get('diffusion/forward').seed();
    const n = batch.count * ts.length;
    const perImage = Array.from({ length: n }, (_, i) => ts[i % ts.length]);
    const images = tf.tidy(() => {
      const x0 = tf.sub(tf.mul(batchToTensor(batch), 2), 1) as tf.Tensor4D;
      const rep = tf.reshape(tf.tile(tf.expandDims(x0, 1), [1, ts.length, 1, 1, 1]), [n, batch.size, batch.size, 1]) as tf.Tensor4D;
      return toUnit(qSample(this.schedule, rep, perImage, tf.randomNormal(rep.shape, 0, 1, 'float32', s) as tf.Tensor4D));
    });
    const labels = batch.labels ? Int32Array.from({ length: n }, (_, i) => (batch.labels as Int32Array)[Math.floor(i / ts.length)]) : undefined;
    const out = await tensorToBatch(images, labels);
    images.dispose();
    return out;
  }

  async sample(n: number, options: SampleOptions): Promise<ImageBatch> {
    return (await this.sampleTrajectory(n, { ...options, frames: 0 })).samples;
  }

  /**
   * Runs the reverse process from seeded pure noise, recording `frames` snapshots for animation.
   * DDPM: T network evaluations; DDIM: `steps`. The same seed and options give the same run on CPU.
   */
  async sampleTrajectory(n: number, options: TrajectoryOptions): Promise<{ frames: TrajectoryFrame[]; samples: ImageBatch }> {
    const method = options.method ?? this.config.sampler;
    const steps = options.steps ?? this.config.samplingSteps;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`diffusion.sample: n must be an integer >= 1, got ${n}`);
    if (method === 'ddim' && (!Number.isInteger(steps) || steps < 1 || steps > this.config.timesteps)) {
      throw new RangeError(`diffusion.sample: steps must be an integer in [1, ${this.config.timesteps}], got ${steps}`);
    }
    const labels = this.config.conditional ? (options.labels ?? cycleLabels(n, this.config.numClasses)) : undefined;
    const condLabels = this.labelsFor(n, labels, false);
    const rng = new RandomStreams(options.seed).get('diffusion/sample');
    const ts = method === 'ddpm' ? Array.from({ length: this.config.timesteps }, (_, i) => this.config.timesteps - 1 - i) : ddimTimesteps(this.config.timesteps, steps);
    const nFrames = Math.min(options.frames ?? 10, ts.length);
    const recordAt = new Set(Array.from({ length: nFrames }, (_, k) => Math.round(((ts.length - 1) * (k + 1)) / nFrames)));
    const s = this.config.imageSize;
    let x = tf.randomNormal([n, s, s, 1], 0, 1, 'float32', rng.seed()) as tf.Tensor4D;
    const frames: TrajectoryFrame[] = [];
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i];
      const noiseSeed = rng.seed();
      const tBatch = new Array<number>(n).fill(t);
      const step = tf.tidy(() => {
        const out = this.predict(x, tBatch, condLabels);
        const eps = this.config.prediction === 'v' ? epsFromVelocity(this.schedule, x, t, out) : out;
        const r = method === 'ddpm'
          ? ddpmStep(this.schedule, x, t, eps, t > 0 ? (tf.randomNormal(x.shape, 0, 1, 'float32', noiseSeed) as tf.Tensor4D) : null, this.config.clipDenoised)
          : ddimStep(this.schedule, x, t, i + 1 < ts.length ? ts[i + 1] : -1, eps, this.config.clipDenoised);
        return { x: r.x, x0: toUnit(r.x0) };
      });
      x.dispose();
      x = step.x;
      if (recordAt.has(i)) {
        const shown = tf.tidy(() => toUnit(x));
        frames.push({ step: i, t, x: await tensorToBatch(shown, labels), x0: await tensorToBatch(step.x0, labels) });
        shown.dispose();
      }
      step.x0.dispose();
    }
    const final = tf.tidy(() => toUnit(x));
    x.dispose();
    const samples = await tensorToBatch(final, labels);
    final.dispose();
    return { frames, samples };
  }

  /**
   * The sampler's U-Net prediction (eps or v, per config.prediction): from the weight average
   * where there is one; for a conditional model with guidance != 1, the guided mix of the
   * labelled and unlabelled predictions (one batch of 2n through the U-Net; the mix is linear,
   * so guiding v is guiding eps). Runs inside the caller's tidy.
   */
  private predict(x: tf.Tensor4D, ts: number[], labels: Int32Array | null): tf.Tensor4D {
    const net = this.average ?? this.unet;
    const s = this.config.guidance;
    if (!labels || s === 1) return net.apply(x, ts, labels);
    const n = x.shape[0];
    const both = net.apply(tf.concat([x, x], 0), [...ts, ...ts], Int32Array.from({ length: 2 * n }, (_, i) => (i < n ? labels[i] : -1)));
    const cond = tf.slice(both, [0, 0, 0, 0], [n, -1, -1, -1]);
    const uncond = tf.slice(both, [n, 0, 0, 0], [n, -1, -1, -1]);
    return tf.add(uncond, tf.mul(tf.sub(cond, uncond), s));
  }

  /** Training labels with a `labelDropout` fraction replaced by -1 ("no label"), for guidance. */
  private dropLabels(labels: Int32Array | null): Int32Array | null {
    const p = this.config.labelDropout;
    if (!labels || p === 0) return labels;
    return Int32Array.from(labels, (l) => (this.trainRng.next() < p ? -1 : l));
  }

  /** Labels for the U-Net (null when unconditional); training requires them, views cycle classes. */
  private labelsFor(n: number, labels: Int32Array | undefined, required: boolean): Int32Array | null {
    if (!this.config.conditional) return null;
    if (!labels && required) throw new RangeError('diffusion: a conditional model trains on labelled batches; this batch has no labels');
    return labels ?? cycleLabels(n, this.config.numClasses);
  }

  private entries(withAverage: boolean) {
    const average = withAverage && this.average ? this.average.store.entries() : [];
    return [...this.unet.store.entries(), ...this.optimizer.entries(), ...average];
  }

  save(): Promise<GenModelState> {
    return saveModelState('diffusion', this.steps, this.entries(true));
  }

  /**
   * Restores what `save` gave. A checkpoint without a weight average (saved with emaDecay 0, or
   * before averages existed) starts the average from its weights; one with an average loads into
   * a model without one by leaving it out.
   */
  load(state: GenModelState): void {
    const isAverage = (name: string): boolean => name.startsWith(`${AVERAGE_PREFIX}/`);
    const carried = state.tensors.some((t) => isAverage(t.name));
    const tensors = this.average ? state.tensors : state.tensors.filter((t) => !isAverage(t.name));
    this.steps = loadModelState('diffusion', this.entries(carried), { ...state, tensors });
    if (this.average && !carried) copyWeights(this.average.store, this.unet.store);
    this.optimizer.updates = this.steps;
  }

  dispose(): void {
    this.average?.store.dispose();
    this.unet.store.dispose();
    this.optimizer.dispose();
  }
}
