/**
 * The generative lab's one training loop, shared by the CLI (`npm run gen`) and the gen worker:
 * draw a batch, take one model step, and now and then score samples with the judge.
 *
 * Metrics (see GenMetricsRow): `metrics.samples` images are sampled with a fixed evaluation
 * seed (the same noise at every evaluation, so values compare across steps) and compared with
 * as many held-out images (the source's testSet, fixed too):
 * - KID in the judge's 64 penultimate features. Frames have no judge of their own: the caller
 *   passes one (the CLI uses the sprites judge) and frames are area-downscaled to the judge's
 *   32x32 when the model works larger; `features` names the space.
 * - Conditional models whose judge knows the dataset's classes: the judge's accuracy on the
 *   samples per intended class, and its confusion matrix.
 * - frames: the mean L2 distance of each sample to its nearest held-out frame.
 * With no judge (`null`), KID and class accuracy are skipped: `kid` is NaN, `features` 'none'.
 *
 * Reads tensors only through the model's and judge's async readers (`await data()`), so it is
 * WebGPU-safe; it makes no tensors of its own.
 */
import { ConfigError } from '../core/errors.js';
import { checkInteger } from '../core/validate.js';
import { areaResize } from './datasets/resample.js';
import { conditionalAccuracy } from './metrics/judge-train.js';
import type { Judge } from './metrics/judge.js';
import { kernelInceptionDistance, type FeatureSet } from './metrics/kid.js';
import { nearestRealDistance } from './metrics/nearest.js';
import { createGenModel, type GenModel } from './model.js';
import { GEN_MODEL_NAMES, type GenModelName, type ImageBatch, type ImageSource, type LossTerms } from './types.js';

export interface GenTrainerOptions {
  model: GenModelName;
  /** Partial config of that model (merged onto its defaults and validated by the model). */
  modelConfig?: unknown;
  /** Run seed (integer): weights and training noise (the source has its own seed). */
  seed: number;
  /** KID and class accuracy every `every` steps (0 = never) on `samples` generated vs as many held-out images. */
  metrics?: { every: number; samples: number };
}

export interface GenStepRow {
  type: 'step';
  step: number;
  losses: LossTerms;
  /** Wall-clock milliseconds of the step (batch drawing included). */
  ms: number;
}

export interface GenMetricsRow {
  type: 'metrics';
  step: number;
  /** KID between samples and held-out images in the judge's features (NaN without a judge); which judge: */
  kid: number;
  /** The feature space, e.g. 'judge-digits', 'judge-sprites (on frames, area-downscaled 84->32)', or 'none'. */
  features: string;
  /** Conditional models: the judge's accuracy on samples per intended class, and its confusion matrix. */
  classAccuracy?: number;
  perClassAccuracy?: number[];
  /** Rows = intended class, columns = the judge's class. */
  confusion?: number[][];
  /** frames: mean L2 distance from each sample to its nearest held-out frame (pixels in [0, 1]). */
  nearestReal?: number;
  /** Milliseconds the evaluation took (sampling included). */
  ms: number;
}

/** Default metrics: off, 256 images a side when `evaluate` is called. */
export const DEFAULT_GEN_METRICS = { every: 0, samples: 256 } as const;
/** Seed of the evaluation samples (fixed: the same noise at every evaluation). */
export const EVAL_SEED = 20_240_601;

export interface ResolvedGenTrainerOptions {
  model: GenModelName;
  modelConfig: unknown;
  seed: number;
  metrics: { every: number; samples: number };
}

export function resolveGenTrainerOptions(options: GenTrainerOptions): ResolvedGenTrainerOptions {
  if (!GEN_MODEL_NAMES.includes(options.model)) {
    throw new ConfigError('model', `model must be one of ${GEN_MODEL_NAMES.map((m) => `"${m}"`).join(', ')}, got ${JSON.stringify(options.model)}`);
  }
  if (!Number.isSafeInteger(options.seed)) throw new ConfigError('seed', `seed must be an integer, got ${String(options.seed)}`);
  const metrics = { ...DEFAULT_GEN_METRICS, ...(options.metrics ?? {}) };
  checkInteger('metrics.every', metrics.every, 0);
  checkInteger('metrics.samples', metrics.samples, 2, 10_000);
  return { model: options.model, modelConfig: options.modelConfig ?? {}, seed: options.seed, metrics };
}

/** Held-out images at the model's size and at the judge's, with the judge's features of the latter. */
interface HeldOut {
  images: ImageBatch;
  features: FeatureSet | null;
}

export class GenTrainer {
  readonly options: ResolvedGenTrainerOptions;
  readonly model: GenModel;
  /** The held-out set, drawn and featurised once (`metrics.samples` images). */
  private heldOut: HeldOut | null = null;

  constructor(options: GenTrainerOptions, readonly source: ImageSource, readonly judge: Judge | null) {
    this.options = resolveGenTrainerOptions(options);
    const { info } = source;
    if (judge && judge.meta.size > info.size) {
      throw new RangeError(`GenTrainer: the judge reads ${judge.meta.size}x${judge.meta.size} images but ${info.name} images are ${info.size}x${info.size} (only downscaling is done)`);
    }
    this.model = createGenModel(this.options.model, this.options.modelConfig, { size: info.size, numClasses: info.classNames.length }, this.options.seed);
  }

  /** Training steps taken. */
  get steps(): number {
    return this.model.steps;
  }

  /** Whether the model draws a requested class per sample. */
  get conditional(): boolean {
    return this.model.config.conditional;
  }

  /** Classes of a conditional model (0 when unconditional). */
  get numClasses(): number {
    return this.conditional ? this.model.config.numClasses : 0;
  }

  /** The feature space KID is measured in ('none' without a judge). */
  get features(): string {
    if (!this.judge) return 'none';
    const { dataset, size: judgeSize } = this.judge.meta;
    const { size, name: data } = this.source.info;
    const notes = [...(data === dataset ? [] : [`on ${data}`]), ...(size === judgeSize ? [] : [`area-downscaled ${size}->${judgeSize}`])];
    return notes.length === 0 ? `judge-${dataset}` : `judge-${dataset} (${notes.join(', ')})`;
  }

  /** Whether `evaluate` reports class accuracy: a conditional model and a judge of the same dataset's classes. */
  get scoresClasses(): boolean {
    const j = this.judge;
    return this.conditional && j !== null && j.meta.dataset === this.source.info.name && j.numClasses === this.model.config.numClasses;
  }

  /** Should the loop evaluate after the current step (`metrics.every` > 0 and a multiple)? */
  get metricsDue(): boolean {
    const every = this.options.metrics.every;
    return every > 0 && this.steps % every === 0;
  }

  /** One optimisation step on a batch of `model.config.batchSize` images from the source. */
  async trainStep(): Promise<GenStepRow> {
    const t0 = performance.now();
    const batch = this.source.next(this.model.config.batchSize);
    const losses = await this.model.trainStep(batch);
    return { type: 'step', step: this.model.steps, losses, ms: performance.now() - t0 };
  }

  /** Scores `metrics.samples` samples (fixed seed) against as many held-out images; see the file comment. */
  async evaluate(): Promise<GenMetricsRow> {
    const t0 = performance.now();
    const n = this.options.metrics.samples;
    const held = await this.heldOutSet(n);
    const labels = this.conditional ? Int32Array.from({ length: n }, (_, i) => i % this.numClasses) : undefined;
    const samples = await this.model.sample(n, { seed: EVAL_SEED, ...(labels ? { labels } : {}) });
    const row: GenMetricsRow = { type: 'metrics', step: this.steps, kid: NaN, features: this.features, ms: 0 };
    if (this.judge && held.features) {
      const judged = this.forJudge(samples);
      row.kid = kernelInceptionDistance(await this.judge.featuresOf(judged), held.features);
      if (this.scoresClasses && labels) {
        const report = await conditionalAccuracy(this.judge, judged, labels);
        row.classAccuracy = report.accuracy;
        row.perClassAccuracy = report.perClass.map((c) => c.recall);
        row.confusion = report.confusion;
      }
    }
    if (this.source.info.name === 'frames') {
      row.nearestReal = nearestRealDistance(samples.pixels, held.images.pixels, samples.size * samples.size).mean;
    }
    row.ms = Math.round(performance.now() - t0);
    return row;
  }

  /**
   * `n` samples for a grid. Conditional: labels in row-major class order, `gridColumns(n)` a row,
   * so class i fills row i when n = classes * columns; unconditional: no labels.
   */
  async sampleGrid(n: number, seed: number): Promise<ImageBatch> {
    checkInteger('sampleGrid n', n, 1);
    if (!this.conditional) return this.model.sample(n, { seed });
    const columns = this.gridColumns(n);
    const labels = Int32Array.from({ length: n }, (_, i) => Math.min(this.numClasses - 1, Math.floor(i / columns)));
    return this.model.sample(n, { seed, labels });
  }

  /** Columns of `sampleGrid(n)`'s grid: ceil(n / classes) when conditional, else ceil(sqrt(n)). */
  gridColumns(n: number): number {
    return this.conditional ? Math.ceil(n / this.numClasses) : Math.ceil(Math.sqrt(n));
  }

  dispose(): void {
    this.model.dispose();
  }

  private async heldOutSet(n: number): Promise<HeldOut> {
    if (this.heldOut) return this.heldOut;
    const images = this.source.testSet(n);
    if (images.count < 2) throw new RangeError(`GenTrainer.evaluate: ${this.source.info.name} has ${images.count} held-out images; metrics need at least 2`);
    const features = this.judge ? await this.judge.featuresOf(this.forJudge(images)) : null;
    this.heldOut = { images, features };
    return this.heldOut;
  }

  /** `batch` at the judge's size (area-averaged through bytes when larger; labels kept). */
  private forJudge(batch: ImageBatch): ImageBatch {
    const target = this.judge?.meta.size ?? batch.size;
    if (batch.size === target) return batch;
    const bytes = Uint8Array.from(batch.pixels, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
    const pixels = areaResize(bytes, batch.count, batch.size, target);
    return batch.labels ? { count: batch.count, size: target, pixels, labels: batch.labels } : { count: batch.count, size: target, pixels };
  }
}
