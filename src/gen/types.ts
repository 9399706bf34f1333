/**
 * Contracts shared by the generative lab's datasets, models, metrics, worker and panels.
 * Images cross these boundaries as plain typed arrays (they travel through Comlink); tensors
 * stay inside one module.
 */

/**
 * A batch of single-channel images: `count` images of `size` x `size` pixels, row-major,
 * values in [0, 1] (0 = black), image after image. `labels` (one class index per image, in
 * [0, numClasses)) are present when the dataset has classes.
 */
export interface ImageBatch {
  count: number;
  size: number;
  pixels: Float32Array;
  labels?: Int32Array;
}

/** What a dataset says about itself: its name, image size, classes (names, in label order). */
export interface DatasetInfo {
  name: DatasetName;
  size: number;
  classNames: readonly string[];
  /** Images in the training split (for `frames`: frames currently available). */
  trainCount: number;
  testCount: number;
}

export type DatasetName = 'digits' | 'sprites' | 'frames';
export const DATASET_NAMES: readonly DatasetName[] = ['digits', 'sprites', 'frames'];

export type GenModelName = 'vae' | 'gan' | 'diffusion';
export const GEN_MODEL_NAMES: readonly GenModelName[] = ['vae', 'gan', 'diffusion'];

/** A seeded source of training batches. `next` draws without replacement within an epoch. */
export interface ImageSource {
  readonly info: DatasetInfo;
  next(batchSize: number): ImageBatch;
  /** The held-out split, for metrics (KID, judge accuracy); never used for training. */
  testSet(maxCount: number): ImageBatch;
}

/** Loss terms of one training step, by name (e.g. `{ recon, kl, total }`, `{ d, g, dReal, dFake }`). */
export type LossTerms = Record<string, number>;

/**
 * Terms the models also report for the "?" explanations (one sample's latent, timestep, noise
 * level): figures, not losses. Progress lines leave them out; metrics files keep them.
 */
export const EXPLAIN_TERMS: ReadonlySet<string> = new Set(['sigmaMean', 'mu0', 'sigma0', 'eps0', 'z0', 't0', 'alphaBar0', 'noiseStd0', 'snr0', 'mse0']);
