/**
 * The diffusion model's typed config: every field documented, DEFAULT_DIFFUSION_CONFIG beside
 * it, merged and validated once by `resolveDiffusionConfig` with messages naming field and value.
 */
import { ConfigError } from '../../core/errors.js';
import { checkBoolean, checkChoice, checkInteger, checkNumber, mergeKnown } from '../../core/validate.js';
import { checkConditional, checkImageSize, checkLearningRate } from '../nn/checks.js';

export type ScheduleKind = 'linear' | 'cosine';
export type SamplerKind = 'ddpm' | 'ddim';
export type PredictionKind = 'eps' | 'v';

export interface DiffusionConfig {
  /** Image side in pixels: 32 or 84 (set from the dataset). */
  imageSize: number;
  /** Classes in the dataset (0 = unlabelled; set from the dataset). */
  numClasses: number;
  /** Class-conditional: a learned label embedding added to the time embedding. Needs numClasses >= 2. */
  conditional: boolean;
  /** U-Net channels per resolution level, 2..4 levels (full, 1/2, 1/4, ... size); imageSize must halve exactly at each. */
  channels: number[];
  /**
   * What the U-Net predicts: 'eps', the noise (Ho et al.), or 'v', the velocity
   * sqrt(alphaBar) eps - sqrt(1 - alphaBar) x0 (Salimans & Ho 2022). With 'eps' the x0 estimate
   * at high noise divides the network's error by sqrt(alphaBar), which is tiny there; 'v' keeps
   * that error bounded, which is what few-step DDIM sampling of a small network needs.
   * Measured on digits (U-Net 8-16-32, same seed and steps): KID 1.29 with 'eps' and 0.25 with
   * 'v' at step 500, judge accuracy of the samples 20% and 86% (BENCHMARKS.md). Default 'v'.
   */
  prediction: PredictionKind;
  /** Beta schedule: 'linear' (Ho et al., 1e-4..0.02 rescaled by 1000/T) or 'cosine' (Nichol & Dhariwal). */
  schedule: ScheduleKind;
  /** Diffusion steps T, 10..4000. */
  timesteps: number;
  /** Sampler `sample()` uses: 'ddim' (eta = 0, `samplingSteps` steps) or 'ddpm' (ancestral, all T steps). */
  sampler: SamplerKind;
  /** DDIM steps, 1..timesteps. */
  samplingSteps: number;
  /** Clip each step's predicted x0 to [-1, 1] while sampling (steadier samples at small T). */
  clipDenoised: boolean;
  /** Adam step size, (0, 1]. */
  learningRate: number;
  /** Images per training step (the trainer's batch; recorded for manifests), 1..1024. */
  batchSize: number;
  /**
   * Decay of the weights' moving average that sampling uses, [0, 0.99999]; 0 = sample with the
   * latest weights. Warmed up (see nn/ema.ts), so short runs are not stuck near the init.
   */
  emaDecay: number;
  /**
   * Conditional models, classifier-free guidance (Ho & Salimans 2022): the fraction of training
   * labels replaced by "no label", [0, 1); the U-Net then also predicts unconditionally.
   */
  labelDropout: number;
  /**
   * Guidance scale s while sampling a conditional model, [0, 20]:
   * eps = eps(x, no label) + s * (eps(x, label) - eps(x, no label)). 1 = the plain conditional
   * prediction (one network evaluation a step); > 1 strengthens the class, at two evaluations a
   * step. Needs labelDropout > 0 during training to mean anything.
   */
  guidance: number;
}

export const DEFAULT_DIFFUSION_CONFIG: DiffusionConfig = {
  imageSize: 32,
  numClasses: 0,
  conditional: false,
  channels: [16, 32, 64],
  prediction: 'v',
  schedule: 'linear',
  timesteps: 200,
  sampler: 'ddim',
  samplingSteps: 40,
  clipDenoised: true,
  learningRate: 1e-3,
  batchSize: 64,
  emaDecay: 0.995,
  labelDropout: 0.1,
  guidance: 2,
};

export function resolveDiffusionConfig(overrides: unknown): DiffusionConfig {
  const c = mergeKnown('diffusion', DEFAULT_DIFFUSION_CONFIG, overrides);
  checkImageSize('diffusion.imageSize', c.imageSize, [32, 84]);
  checkConditional('diffusion', c.conditional, c.numClasses);
  const ch = c.channels as unknown;
  if (!Array.isArray(ch) || ch.length < 2 || ch.length > 4 || !ch.every((x) => Number.isInteger(x) && x >= 1 && x <= 512)) {
    throw new ConfigError('diffusion.channels', `diffusion.channels must be 2 to 4 integers in [1, 512], got ${JSON.stringify(ch)}`);
  }
  if (c.imageSize % 2 ** (ch.length - 1) !== 0) {
    throw new ConfigError('diffusion.channels', `diffusion.channels has ${ch.length} levels but imageSize ${c.imageSize} does not halve ${ch.length - 1} times`);
  }
  checkChoice('diffusion.prediction', c.prediction, ['eps', 'v'] as const);
  checkChoice('diffusion.schedule', c.schedule, ['linear', 'cosine'] as const);
  checkInteger('diffusion.timesteps', c.timesteps, 10, 4000);
  checkChoice('diffusion.sampler', c.sampler, ['ddpm', 'ddim'] as const);
  checkInteger('diffusion.samplingSteps', c.samplingSteps, 1, c.timesteps);
  checkBoolean('diffusion.clipDenoised', c.clipDenoised);
  checkLearningRate('diffusion.learningRate', c.learningRate);
  checkInteger('diffusion.batchSize', c.batchSize, 1, 1024);
  checkNumber('diffusion.emaDecay', c.emaDecay, 0, 0.99999);
  checkNumber('diffusion.labelDropout', c.labelDropout, 0, 1, true);
  checkNumber('diffusion.guidance', c.guidance, 0, 20);
  return c;
}
