/**
 * The interface every generative model (VAE, GAN, diffusion) offers the worker and the CLI,
 * and `createGenModel`, which builds one by name. Model-specific views (reconstructions, latent
 * maps, fixed-noise grids, noising trajectories) live on the concrete classes.
 *
 * Contracts: images cross in and out as ImageBatch (pixels in [0, 1], single channel); tensors
 * never leave a model. Every method keeps tf.memory().numTensors flat.
 */
import type { ImageBatch, LossTerms, GenModelName } from './types.js';
import type { GenModelState } from './nn/state.js';
import { ConfigError } from '../core/errors.js';
import { Vae } from './vae/vae.js';
import { Gan } from './gan/gan.js';
import { Diffusion } from './diffusion/diffusion.js';
import type { VaeConfig } from './vae/config.js';
import type { GanConfig } from './gan/config.js';
import type { DiffusionConfig } from './diffusion/config.js';

export type { GenModelState } from './nn/state.js';

export interface SampleOptions {
  /** Seed of the sampling noise (any integer; the same seed gives the same samples on CPU). */
  seed: number;
  /** Classes to draw, one per sample, for conditional models; default 0, 1, ..., k-1, 0, ... */
  labels?: Int32Array;
}

export interface GenModel {
  readonly name: GenModelName;
  /** The resolved, validated config. */
  readonly config: VaeConfig | GanConfig | DiffusionConfig;
  /** Training steps taken (optimiser updates; a GAN step updates D then G and counts once). */
  readonly steps: number;
  /** Trainable parameter count. */
  readonly paramCount: number;
  /**
   * One optimisation step on `batch` (images `config.imageSize` square; labels required when
   * conditional). Resolves to the step's loss terms, read back with one `await data()` per
   * step (cheap on CPU; on WebGPU it is one sync a step: call it from a loop that awaits).
   */
  trainStep(batch: ImageBatch): Promise<LossTerms>;
  /** `n` new images in [0, 1]; `labels` = the classes asked for when conditional. Seeded. */
  sample(n: number, options: SampleOptions): Promise<ImageBatch>;
  /** Weights, norm statistics and optimiser moments by name, for checkpoints. */
  save(): Promise<GenModelState>;
  /** Restores what `save` gave; throws naming the tensor when the checkpoint doesn't fit. */
  load(state: GenModelState): void;
  dispose(): void;
}

/** What the model needs to know about its data. */
export interface GenDataInfo {
  /** Image side in pixels. */
  size: number;
  /** Number of classes (0 = unlabelled). */
  numClasses: number;
}

/**
 * Builds a model. `config` is a partial config of that model (merged onto its DEFAULT_ and
 * validated); `imageSize` and `numClasses` come from `info` (a config that names other values
 * is refused). `seed` derives every weight and noise stream.
 */
export function createGenModel(name: GenModelName, config: unknown, info: GenDataInfo, seed: number): GenModel {
  const overrides = withInfo(name, config, info);
  switch (name) {
    case 'vae':
      return new Vae(overrides, seed);
    case 'gan':
      return new Gan(overrides, seed);
    case 'diffusion':
      return new Diffusion(overrides, seed);
    default:
      throw new ConfigError('model', `model must be one of "vae", "gan", "diffusion", got ${JSON.stringify(name)}`);
  }
}

function withInfo(name: string, config: unknown, info: GenDataInfo): Record<string, unknown> {
  const c = config === undefined || config === null ? {} : config;
  if (typeof c !== 'object' || Array.isArray(c)) throw new ConfigError(name, `${name} config must be an object, got ${JSON.stringify(c)}`);
  const rec = c as Record<string, unknown>;
  for (const [field, value] of [['imageSize', info.size], ['numClasses', info.numClasses]] as const) {
    if (rec[field] !== undefined && rec[field] !== value) {
      throw new ConfigError(`${name}.${field}`, `${name}.${field} is ${JSON.stringify(rec[field])} but the dataset has ${value}`);
    }
  }
  return { ...rec, imageSize: info.size, numClasses: info.numClasses };
}
