/**
 * What the page sets for the gen worker's world-model slot (Dream mode): which model, its seed
 * and its main settings. Validated once, with messages that name the field and the value; the
 * model validates its own config on top (createWorldModel).
 */
import { ConfigError } from '../../core/errors.js';
import { checkChoice, checkInteger, checkNumber } from '../../core/validate.js';
import { WORLD_MODEL_NAMES, type WorldModelName } from './names.js';

export interface WorldSlotSettings {
  /** 'world-pixel' (the one that met the 1-step bar, BENCHMARKS.md) or 'world-latent'. */
  model: WorldModelName;
  /** Seed of the weights, the training noise and the batches: an integer >= 0. */
  seed: number;
  /** Adam step size, [1e-5, 1e-2]. */
  learningRate: number;
  /** Transitions per training step, 1..64. */
  batchSize: number;
  /** Channels at 21x21 and at 11x11, each 1..512 ([32, 64] in the measured runs). */
  channels: [number, number];
  /** Hidden channels per output pixel before the 7-level readout, 1..64. */
  pixelHidden: number;
  /** world-latent only: steps of its autoencoder phase before the dynamics phase, 0..1e7. */
  autoencoderSteps: number;
}

/** The measured configuration (BENCHMARKS.md, "World models"): the models' own defaults. */
export const DEFAULT_WORLD_SLOT: Readonly<WorldSlotSettings> = {
  model: 'world-pixel', seed: 1, learningRate: 1e-3, batchSize: 16, channels: [32, 64], pixelHidden: 16, autoencoderSteps: 1000,
};

/** Merges `overrides` onto the defaults and checks every field. */
export function resolveWorldSlotSettings(overrides: Partial<WorldSlotSettings> = {}): WorldSlotSettings {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new ConfigError('world', `world settings must be an object, got ${JSON.stringify(overrides)}`);
  }
  for (const key of Object.keys(overrides)) {
    if (!(key in DEFAULT_WORLD_SLOT)) throw new ConfigError(`world.${key}`, `unknown world setting "${key}" (known: ${Object.keys(DEFAULT_WORLD_SLOT).join(', ')})`);
  }
  const s: WorldSlotSettings = { ...DEFAULT_WORLD_SLOT, ...overrides };
  checkChoice('world.model', s.model, WORLD_MODEL_NAMES);
  checkInteger('world.seed', s.seed, 0, 2 ** 31 - 1);
  checkNumber('world.learningRate', s.learningRate, 1e-5, 1e-2);
  checkInteger('world.batchSize', s.batchSize, 1, 64);
  const c = s.channels;
  if (!Array.isArray(c) || c.length !== 2 || !c.every((v) => Number.isInteger(v) && v >= 1 && v <= 512)) {
    throw new ConfigError('world.channels', `world.channels must be 2 integers in [1, 512], got ${JSON.stringify(c)}`);
  }
  checkInteger('world.pixelHidden', s.pixelHidden, 1, 64);
  checkInteger('world.autoencoderSteps', s.autoencoderSteps, 0, 1e7);
  return { ...s, channels: [c[0], c[1]] };
}

/** The model config these settings give (the fields each model knows). */
export function worldModelConfigOf(s: WorldSlotSettings): Record<string, unknown> {
  const common = { learningRate: s.learningRate, batchSize: s.batchSize, channels: [...s.channels], pixelHidden: s.pixelHidden };
  return s.model === 'world-latent' ? { ...common, autoencoderSteps: s.autoencoderSteps } : common;
}
