/**
 * The interface both world models offer (the gen worker, the CLI and the Dream panel use only
 * this), and `createWorldModel`, which builds one by name.
 *
 * Contracts: frames cross as bytes (stacks `[n, 84, 84, 4]` pixel-major newest last, frames
 * `[n, 84, 84]`), never tensors; predicted frames are snapped to the raster's 7 gray levels.
 * Every method keeps tf.memory().numTensors flat.
 */
import { ConfigError } from '../../core/errors.js';
import type { NamedValues } from '../../tf/tensor-bundle.js';
import type { LossTerms } from '../types.js';
import type { LatentWorldConfig, PixelWorldConfig } from './config.js';
import type { TransitionBatch } from './data.js';
import { LatentWorldModel } from './latent-model.js';
import { PixelWorldModel } from './pixel-model.js';
import { WORLD_MODEL_NAMES, type WorldModelName } from './names.js';

export { WORLD_MODEL_NAMES, type WorldModelName } from './names.js';

/** One step's prediction for n items. */
export interface WorldPrediction {
  /** n * 84 * 84 bytes, each one of the raster's gray levels. */
  frames: Uint8Array;
  /** Predicted reward per item: the likeliest of config.rewardValues. */
  reward: Float32Array;
  /** The reward head's class probabilities, n * config.rewardValues.length, item-major (sums to 1 per item). */
  rewardProbs: Float32Array;
  /** Predicted probability that the step ends the episode, in [0, 1]. */
  terminated: Float32Array;
}

export interface WorldModelState {
  model: WorldModelName;
  /** Training steps taken when saved. */
  steps: number;
  /** Weights and optimiser moments by logical name. */
  tensors: NamedValues[];
}

export interface WorldModel {
  readonly name: WorldModelName;
  readonly config: PixelWorldConfig | LatentWorldConfig;
  /** Optimiser updates so far. */
  readonly steps: number;
  readonly paramCount: number;
  /** One optimisation step; resolves to its loss terms (one `await data()` a step). */
  trainStep(batch: TransitionBatch): Promise<LossTerms>;
  /**
   * The next frame, reward and termination for `n` stacks (n * 84*84*4 bytes) and actions
   * (n, each in [0, 4]). Deterministic (no sampling): the same inputs give the same bytes.
   */
  predict(stacks: Uint8Array, actions: ArrayLike<number>): Promise<WorldPrediction>;
  save(): Promise<WorldModelState>;
  /** Restores what `save` gave; throws naming the tensor when the checkpoint doesn't fit. */
  load(state: WorldModelState): void;
  dispose(): void;
}

/** Builds a world model; `config` is partial (merged onto the model's defaults, validated); `seed` derives every stream. */
export function createWorldModel(name: WorldModelName, config: unknown, seed: number): WorldModel {
  switch (name) {
    case 'world-pixel':
      return new PixelWorldModel(config, seed);
    case 'world-latent':
      return new LatentWorldModel(config, seed);
    default:
      throw new ConfigError('model', `model must be one of ${WORLD_MODEL_NAMES.map((n) => JSON.stringify(n)).join(', ')}, got ${JSON.stringify(name)}`);
  }
}
