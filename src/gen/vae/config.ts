/**
 * The VAE's typed config: every field documented, DEFAULT_VAE_CONFIG beside it, merged and
 * validated once by `resolveVaeConfig` with messages naming the field and the value.
 */
import { checkChoice, checkInteger, checkNumber, mergeKnown } from '../../core/validate.js';
import { checkChannels, checkConditional, checkImageSize, checkLearningRate } from '../nn/checks.js';

export type ReconLoss = 'bce' | 'mse';
export type Corruption = 'none' | 'gaussian' | 'mask';

export interface VaeConfig {
  /** Image side in pixels: 32 or 84 (set from the dataset). */
  imageSize: number;
  /** Classes in the dataset (0 = unlabelled; set from the dataset). */
  numClasses: number;
  /** CVAE: one-hot label as extra encoder input channels and appended to z. Needs numClasses >= 2. */
  conditional: boolean;
  /** Latent dimension, 1..256 (2 enables latentMap). */
  latentDim: number;
  /** Channels of the encoder's two stride-2 convs (the decoder mirrors them), e.g. [32, 64]. */
  channels: [number, number];
  /** Weight of the KL term (beta-VAE; 1 = the ELBO), [0, 100]. */
  beta: number;
  /** Reconstruction term, summed over pixels per image, averaged over the batch: 'bce' (pixels as Bernoulli) or 'mse' (sum of squares / 2). */
  reconLoss: ReconLoss;
  /** Denoising VAE: corrupt the input ('gaussian' noise or random 'mask'ing), reconstruct the clean image. */
  corruption: Corruption;
  /** Gaussian noise std (pixel units) or fraction of pixels masked, [0, 1]. */
  corruptionLevel: number;
  /** Adam step size, (0, 1]. */
  learningRate: number;
  /** Images per training step (the trainer's batch; recorded here for manifests), 1..1024. */
  batchSize: number;
}

export const DEFAULT_VAE_CONFIG: VaeConfig = {
  imageSize: 32,
  numClasses: 0,
  conditional: false,
  latentDim: 16,
  channels: [32, 64],
  beta: 1,
  reconLoss: 'bce',
  corruption: 'none',
  corruptionLevel: 0.3,
  learningRate: 1e-3,
  batchSize: 64,
};

export const VAE_IMAGE_SIZES: readonly number[] = [32, 84];

export function resolveVaeConfig(overrides: unknown): VaeConfig {
  const c = mergeKnown('vae', DEFAULT_VAE_CONFIG, overrides);
  checkImageSize('vae.imageSize', c.imageSize, VAE_IMAGE_SIZES);
  checkConditional('vae', c.conditional, c.numClasses);
  checkInteger('vae.latentDim', c.latentDim, 1, 256);
  c.channels = checkChannels('vae.channels', c.channels, 2) as [number, number];
  checkNumber('vae.beta', c.beta, 0, 100);
  checkChoice('vae.reconLoss', c.reconLoss, ['bce', 'mse'] as const);
  checkChoice('vae.corruption', c.corruption, ['none', 'gaussian', 'mask'] as const);
  checkNumber('vae.corruptionLevel', c.corruptionLevel, 0, 1);
  checkLearningRate('vae.learningRate', c.learningRate);
  checkInteger('vae.batchSize', c.batchSize, 1, 1024);
  return c;
}
