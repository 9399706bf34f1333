/**
 * The baseline agents beside the DQN, and the tabular Q-learner's config. Defaults are those of
 * the Berkeley teaching project's PacmanQAgent (epsilon 0.05, alpha 0.2, gamma 0.8), whose
 * published figure (about 80% wins on smallGrid after 2,000 training episodes) they compare with.
 */
import { ConfigError } from '../../core/errors.js';
import { checkInteger, checkNumber, mergeKnown } from '../../core/validate.js';

/**
 * Which learner a command runs: the pixel DQN, uniform random actions, exact-state Q-learning, or
 * approximate Q-learning on Berkeley's hand-made features (approx-agent.ts; the same settings).
 */
export type AgentKind = 'dqn' | 'random' | 'tabular' | 'approx';
export const AGENT_KINDS: readonly AgentKind[] = ['dqn', 'random', 'tabular', 'approx'];

export interface TabularConfig {
  /** Learning rate of the Q update, in (0, 1]. */
  alpha: number;
  /** Discount factor, in [0, 1]. */
  gamma: number;
  /** Chance of a uniformly random legal action while training, in [0, 1]. */
  epsilon: number;
  /** Training episodes when the budget is counted in episodes (0 = use the env-step budget). */
  episodes: number;
}

export const DEFAULT_TABULAR_CONFIG: TabularConfig = { alpha: 0.2, gamma: 0.8, epsilon: 0.05, episodes: 0 };

/** Merges `overrides` onto the defaults; throws a ConfigError naming the field and the value. */
export function resolveTabularConfig(overrides: unknown): TabularConfig {
  const c = mergeKnown('tabular', DEFAULT_TABULAR_CONFIG, overrides);
  checkNumber('tabular.alpha', c.alpha, 0, 1);
  if (c.alpha === 0) throw new ConfigError('tabular.alpha', 'tabular.alpha must be a number in (0, 1], got 0');
  checkNumber('tabular.gamma', c.gamma, 0, 1);
  checkNumber('tabular.epsilon', c.epsilon, 0, 1);
  checkInteger('tabular.episodes', c.episodes, 0, 100_000_000);
  return c;
}
