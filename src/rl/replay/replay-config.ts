/**
 * The replay memory's typed config, its defaults, and its one validation (`resolveReplayConfig`),
 * with messages that name the field and the value.
 */
import { ConfigError } from '../../core/errors.js';
import { checkBoolean, checkInteger, checkNumber, mergeKnown } from '../../core/validate.js';

export interface ReplayConfig {
  /**
   * Transitions kept, total across streams, >= 1. Each stream gets floor(capacity / numStreams)
   * slots, so a capacity that is not a multiple of numStreams is rounded down:
   * `ReplayMemory.capacity` is the value used.
   */
  capacity: number;
  /** Parallel envs writing to it (a vector env's size), >= 1; each gets its own ring of slots. */
  numStreams: number;
  /** Frames per state, [1, 32]; states are `[84, 84, stackSize]` bytes. */
  stackSize: number;
  /** Prioritized replay (Schaul et al. 2016, proportional) instead of uniform. */
  prioritized: boolean;
  /** Priority exponent alpha, [0, 1]: 0 is uniform, 1 fully proportional to |TD error|. */
  alpha: number;
  /** Importance-sampling exponent beta, [0, 1]; annealing it is the caller's business (`setBeta`). */
  beta: number;
  /** Added to |TD error| so no transition's priority is 0, (0, 1]. */
  priorityEpsilon: number;
}

export const DEFAULT_REPLAY_CONFIG: ReplayConfig = {
  capacity: 50_000,
  numStreams: 1,
  stackSize: 4,
  prioritized: false,
  alpha: 0.6,
  beta: 0.4,
  priorityEpsilon: 1e-6,
};

export function resolveReplayConfig(overrides: unknown): ReplayConfig {
  const c = mergeKnown('replay', DEFAULT_REPLAY_CONFIG, overrides);
  checkInteger('replay.capacity', c.capacity, 1);
  checkInteger('replay.numStreams', c.numStreams, 1, 4096);
  checkInteger('replay.stackSize', c.stackSize, 1, 32);
  checkBoolean('replay.prioritized', c.prioritized);
  checkNumber('replay.alpha', c.alpha, 0, 1);
  checkNumber('replay.beta', c.beta, 0, 1);
  checkNumber('replay.priorityEpsilon', c.priorityEpsilon, 0, 1);
  if (c.priorityEpsilon === 0) {
    throw new ConfigError('replay.priorityEpsilon', 'replay.priorityEpsilon must be > 0, got 0');
  }
  const slots = Math.floor(c.capacity / c.numStreams);
  if (slots < c.stackSize + 1) {
    throw new ConfigError(
      'replay.capacity',
      `replay.capacity ${c.capacity} gives each of ${c.numStreams} streams ${slots} slots; a stream needs at least ` +
        `stackSize + 1 = ${c.stackSize + 1} (raise replay.capacity or lower replay.numStreams)`,
    );
  }
  return c;
}
