/**
 * What the page sets for one generative model (a "slot"): dataset, conditioning, seed, image
 * size and the model's main settings. Validated once, with messages that name the field and the
 * value; the model validates its own config on top (createGenModel).
 */
import { ConfigError } from '../core/errors.js';
import { checkBoolean, checkChoice, checkInteger, checkNumber } from '../core/validate.js';
import { DATASET_NAMES, type DatasetName, type GenModelName } from './types.js';

export interface GenSlotSettings {
  /** Training images: 'digits', 'sprites' or 'frames' (the agent's own, handed over as it plays). */
  data: DatasetName;
  /** Class-conditional model (CVAE / cGAN / label-conditioned U-Net); needs a labelled dataset. */
  conditional: boolean;
  /** Seed of the weights, the batches and the preview noise: an integer >= 0. */
  seed: number;
  /** Image side: 32, or 84 for frames with the VAE or diffusion. */
  size: number;
  /** Adam step size, [1e-5, 1e-2]. */
  learningRate: number;
  /** Images per training step: 8..128. */
  batchSize: number;
  /** VAE and GAN latent size: 2..128 (2 gives the VAE's latent map). */
  latentDim: number;
  /** VAE: weight of the KL term, [0, 10]. */
  beta: number;
  /** Diffusion: sampling steps (DDIM when fewer than the schedule's T), 5..200. */
  samplingSteps: number;
}

/**
 * The panels' defaults: the settings the quality runs measured (BENCHMARKS.md, "sample quality"):
 * the CVAE at beta 2, latent 8, lr 2e-3 reached 93.6% judge accuracy on digits in 1,392 steps
 * (the model defaults, beta 1 and latent 16, 72% in 2,000); GAN and U-Net at the narrower
 * widths of LAB_NETWORKS, which train 2-3x faster on a CPU.
 */
export const DEFAULT_GEN_SLOTS: Readonly<Record<GenModelName, GenSlotSettings>> = {
  vae: { data: 'digits', conditional: true, seed: 1, size: 32, learningRate: 2e-3, batchSize: 64, latentDim: 8, beta: 2, samplingSteps: 20 },
  gan: { data: 'digits', conditional: true, seed: 1, size: 32, learningRate: 2e-4, batchSize: 32, latentDim: 64, beta: 1, samplingSteps: 20 },
  diffusion: { data: 'digits', conditional: true, seed: 1, size: 32, learningRate: 1e-3, batchSize: 32, latentDim: 16, beta: 1, samplingSteps: 20 },
};

/** Merges `overrides` onto the model's defaults and checks every field. */
export function resolveSlotSettings(model: GenModelName, overrides: Partial<GenSlotSettings>): GenSlotSettings {
  const known = DEFAULT_GEN_SLOTS[model];
  for (const key of Object.keys(overrides)) {
    if (!(key in known)) throw new ConfigError(`${model}.${key}`, `unknown ${model} setting "${key}" (known: ${Object.keys(known).join(', ')})`);
  }
  const s: GenSlotSettings = { ...known, ...overrides };
  checkChoice(`${model}.data`, s.data, DATASET_NAMES);
  checkBoolean(`${model}.conditional`, s.conditional);
  checkInteger(`${model}.seed`, s.seed, 0, 2 ** 31 - 1);
  checkNumber(`${model}.learningRate`, s.learningRate, 1e-5, 1e-2);
  checkInteger(`${model}.batchSize`, s.batchSize, 8, 128);
  checkInteger(`${model}.latentDim`, s.latentDim, 2, 128);
  checkNumber(`${model}.beta`, s.beta, 0, 10);
  checkInteger(`${model}.samplingSteps`, s.samplingSteps, 5, 200);
  const sizes = s.data === 'frames' && model !== 'gan' ? [32, 84] : [32];
  if (!sizes.includes(s.size)) {
    throw new ConfigError(`${model}.size`, `${model}.size must be ${sizes.join(' or ')} for ${s.data}, got ${s.size}`);
  }
  if (s.conditional && s.data === 'frames') {
    throw new ConfigError(`${model}.conditional`, `${model}: frames have no classes, so the model cannot be conditional (data "frames", conditional true)`);
  }
  return s;
}

/** Network widths of the lab's GAN and U-Net (docs/gen/cgan-digits.json, diffusion-digits.json). */
export const LAB_NETWORKS = {
  gan: { genChannels: [64, 32, 16], discChannels: [16, 32, 64] },
  diffusion: { channels: [8, 16, 32] },
} as const;

/** The model config these settings give (the fields each model knows). */
export function modelConfigOf(model: GenModelName, s: GenSlotSettings): Record<string, unknown> {
  const common = { conditional: s.conditional, learningRate: s.learningRate, batchSize: s.batchSize };
  switch (model) {
    case 'vae':
      return { ...common, latentDim: s.latentDim, beta: s.beta };
    case 'gan':
      return { ...common, latentDim: s.latentDim, ...LAB_NETWORKS.gan };
    case 'diffusion':
      return { ...common, samplingSteps: s.samplingSteps, ...LAB_NETWORKS.diffusion };
  }
}
