/**
 * The world models' typed configs: every field documented, DEFAULT_* beside each, merged and
 * validated once by `resolve*` with messages naming the field and the value.
 */
import { ConfigError } from '../../core/errors.js';
import { checkBoolean, checkInteger, checkNumber, mergeKnown } from '../../core/validate.js';
import { checkChannels, checkLearningRate } from '../nn/checks.js';
import { DEFAULT_REWARD_VALUES } from './encode.js';

/** Fields both models share. */
export interface WorldCommonConfig {
  /** Channels at 21x21 (after the 4x4 patch embedding) and at the 11x11 bottleneck, each 1..512. */
  channels: [number, number];
  /** Hidden channels per output pixel before the 7-level readout, 1..64. */
  pixelHidden: number;
  /** Reward classes: the values a reward can take (ascending, distinct, 1..64 of them); others map to the nearest. */
  rewardValues: number[];
  /** Weights of the reward (cross-entropy) and termination (BCE) terms, [0, 100]. */
  rewardWeight: number;
  terminalWeight: number;
  /** Adam step size, (0, 1]. */
  learningRate: number;
  /** Global gradient-norm clip, 0 = off, [0, 1000]. */
  clipNorm: number;
  /** Transitions per training step (the trainer's batch; recorded for manifests), 1..1024. */
  batchSize: number;
}

export interface PixelWorldConfig extends WorldCommonConfig {
  /** Residual blocks at the 11x11 bottleneck, 1..8. */
  midBlocks: number;
  /**
   * Context corruption against drift: each training item gets a rate drawn uniformly in
   * [0, contextNoise], and that fraction of its context pixels is replaced by a random gray
   * level. [0, 0.5]; 0 = off.
   */
  contextNoise: number;
  /** Loss weight of pixels whose level differs from the newest context frame (the moving parts), [1, 1000]. */
  changedWeight: number;
  /**
   * Decoding (no effect on training; see decode.ts): log-odds a pixel's new level needs over its
   * level in the newest context frame to replace it, [0, 20]; 0 = plain per-pixel argmax.
   */
  keepMargin: number;
  /** Decoding: draw exactly one Pac-Man square, of the context's size, where it is most likely. */
  singlePacman: boolean;
  /** Decoding: keep the context's number of ghosts, each drawn where it is most likely (decode.ts). */
  keepGhosts: boolean;
}

export interface LatentWorldConfig extends WorldCommonConfig {
  /** Latent size z, 1..256. */
  latentDim: number;
  /** GRU hidden units, 1..1024. */
  hidden: number;
  /** Weight of the KL term against the per-pixel recon cross-entropy (both means), [0, 10]. */
  beta: number;
  /**
   * Phase 1 length: steps that train only the autoencoder (recon + KL); after it, steps train
   * only the GRU and heads with the autoencoder frozen. 0..1e7.
   */
  autoencoderSteps: number;
  /** Phase 2: weight of the latent MSE against the encoder mean of the real next frame, [0, 100]. */
  latentWeight: number;
  /** Phase 2: weight of the per-pixel cross-entropy of the decoded predicted latent, [0, 100]. */
  decodeWeight: number;
  /** Phase 2: std of Gaussian noise on the context latents against drift, [0, 10]; 0 = off. */
  contextNoise: number;
  /**
   * Loss weight of pixels showing an agent or food in the target frame, against 1 for walls and
   * empty space, [1, 1000]. Agents cover ~2% of a frame: unweighted, the autoencoder first
   * learns the maze alone and draws no agents at all.
   */
  objectWeight: number;
}

const COMMON: WorldCommonConfig = {
  channels: [32, 64],
  pixelHidden: 16,
  rewardValues: [...DEFAULT_REWARD_VALUES],
  rewardWeight: 0.1,
  terminalWeight: 0.1,
  learningRate: 1e-3,
  clipNorm: 10,
  batchSize: 16,
};

export const DEFAULT_PIXEL_WORLD_CONFIG: PixelWorldConfig = {
  ...COMMON, midBlocks: 2, contextNoise: 0.02, changedWeight: 10, keepMargin: 4, singlePacman: true, keepGhosts: false,
};

export const DEFAULT_LATENT_WORLD_CONFIG: LatentWorldConfig = {
  ...COMMON, latentDim: 32, hidden: 128, beta: 1e-4, autoencoderSteps: 1000, latentWeight: 1, decodeWeight: 1, contextNoise: 0.05, objectWeight: 20,
};

function checkCommon(where: string, c: WorldCommonConfig): void {
  c.channels = checkChannels(`${where}.channels`, c.channels, 2) as [number, number];
  checkInteger(`${where}.pixelHidden`, c.pixelHidden, 1, 64);
  const v = c.rewardValues;
  const ok = Array.isArray(v) && v.length >= 1 && v.length <= 64 && v.every((x, i) => Number.isFinite(x) && (i === 0 || x > v[i - 1]));
  if (!ok) throw new ConfigError(`${where}.rewardValues`, `${where}.rewardValues must be 1..64 ascending distinct numbers, got ${JSON.stringify(v)}`);
  checkNumber(`${where}.rewardWeight`, c.rewardWeight, 0, 100);
  checkNumber(`${where}.terminalWeight`, c.terminalWeight, 0, 100);
  checkLearningRate(`${where}.learningRate`, c.learningRate);
  checkNumber(`${where}.clipNorm`, c.clipNorm, 0, 1000);
  checkInteger(`${where}.batchSize`, c.batchSize, 1, 1024);
}

export function resolvePixelWorldConfig(overrides: unknown): PixelWorldConfig {
  const c = mergeKnown('worldPixel', DEFAULT_PIXEL_WORLD_CONFIG, overrides);
  checkCommon('worldPixel', c);
  checkInteger('worldPixel.midBlocks', c.midBlocks, 1, 8);
  checkNumber('worldPixel.contextNoise', c.contextNoise, 0, 0.5);
  checkNumber('worldPixel.changedWeight', c.changedWeight, 1, 1000);
  checkNumber('worldPixel.keepMargin', c.keepMargin, 0, 20);
  checkBoolean('worldPixel.singlePacman', c.singlePacman);
  checkBoolean('worldPixel.keepGhosts', c.keepGhosts);
  return c;
}

export function resolveLatentWorldConfig(overrides: unknown): LatentWorldConfig {
  const c = mergeKnown('worldLatent', DEFAULT_LATENT_WORLD_CONFIG, overrides);
  checkCommon('worldLatent', c);
  checkInteger('worldLatent.latentDim', c.latentDim, 1, 256);
  checkInteger('worldLatent.hidden', c.hidden, 1, 1024);
  checkNumber('worldLatent.beta', c.beta, 0, 10);
  checkInteger('worldLatent.autoencoderSteps', c.autoencoderSteps, 0, 1e7);
  checkNumber('worldLatent.latentWeight', c.latentWeight, 0, 100);
  checkNumber('worldLatent.decodeWeight', c.decodeWeight, 0, 100);
  checkNumber('worldLatent.contextNoise', c.contextNoise, 0, 10);
  checkNumber('worldLatent.objectWeight', c.objectWeight, 1, 1000);
  return c;
}
