/**
 * The DQN's one typed config: every field documented with its unit and range, defaults beside
 * it, merged and validated once (`resolveDqnConfig`) with messages naming the field and value.
 */
import { checkBoolean, checkChoice, checkInteger, checkNumber, mergeKnown } from '../core/validate.js';
import { ConfigError } from '../core/errors.js';
import { NET_PRESETS, type NetPreset } from './qnet.js';

export type EpsilonMode = 'schedule' | 'manual';
export type RewardTransform = 'none' | 'clip' | 'scale';
export type TargetUpdate = 'hard' | 'polyak';

export interface DqnConfig {
  /** Q-network architecture. */
  net: NetPreset;
  /** Dueling head (value + advantages). */
  dueling: boolean;
  /** Double DQN: the online net picks a', the target net rates it. */
  double: boolean;
  /**
   * Choose among Pac-Man's legal actions only (src/env/legal.ts), as Berkeley's agents and the
   * tabular baseline do: exploration draws a legal action, the greedy pick and the TD target's
   * max skip moves into walls. Off, the agent may bump into walls and must learn that it wastes
   * the step (measured: docs/tuning.md).
   */
  legalActionsOnly: boolean;
  /**
   * false: the agent never picks Stop while it has a move (as tychovdo's PacmanDQN, which plays
   * the four moves only); Stop leaves its choices when acting, in the TD target's max over a',
   * and in greedy play. Pac-Man's rules still allow Stop (a person may stop). Why: medium20's
   * m20-d parked on Stop in a third of its greedy moves until a ghost came (docs/tuning.md,
   * session 19).
   */
  stopAction: boolean;
  /** Discount factor, [0, 1). */
  gamma: number;
  /** Adam step size, (0, 1]: from the start, or the start of the decay below. */
  learningRate: number;
  /**
   * Env steps over which the step size falls linearly from learningRate to learningRateEnd, then
   * stays there; 0 = no decay (learningRateEnd unused). Settling the weights at the end of a run
   * keeps the greedy policy from wobbling between updates when it is evaluated.
   */
  learningRateDecaySteps: number;
  /** Step size at the end of the decay, (0, 1]. */
  learningRateEnd: number;
  /**
   * Decay of a Polyak average of the online weights, blended in after every gradient update
   * (average <- decay * average + (1 - decay) * online), in [0, 1); 0 = none. With one, the
   * agent's greedy policy is the average: evaluations (`npm run eval`, `npm run train --
   * --eval-every`) and the dream's pilot play it, while training still acts epsilon-greedily with
   * the online net. The online net's greedy policy moves by several points between updates late
   * in a run; the average of the last ~1/(1 - decay) updates holds steady (docs/tuning.md, trial 21).
   */
  policyAverageDecay: number;
  /** Adam epsilon. */
  adamEpsilon: number;
  /** Clip the gradient's global L2 norm; 0 = off. */
  gradClipNorm: number;
  /** Huber loss threshold (delta), > 0. */
  huberDelta: number;
  /** Transitions per gradient update. */
  batchSize: number;
  /** Replay capacity in transitions. */
  replayCapacity: number;
  /** Prioritized replay instead of uniform. */
  prioritized: boolean;
  /** n in n-step returns, 1 = ordinary one-step targets. */
  nStep: number;
  /** Transitions collected before the first update. */
  learningStarts: number;
  /** One gradient update every this many env steps (summed over envs). */
  trainEvery: number;
  /** 'hard': copy online to target every `targetSyncEvery` updates; 'polyak': blend `tau` every update. */
  targetUpdate: TargetUpdate;
  /** Updates between hard target syncs. */
  targetSyncEvery: number;
  /** Polyak weight of the online net, (0, 1]. */
  tau: number;
  /** 'schedule' follows the linear schedule; 'manual' holds `epsilon`. */
  epsilonMode: EpsilonMode;
  /** Epsilon held in manual mode, [0, 1]. */
  epsilon: number;
  /** Linear schedule: from epsilonStart to epsilonEnd over epsilonSteps env steps. */
  epsilonStart: number;
  epsilonEnd: number;
  epsilonSteps: number;
  /**
   * Boltzmann exploration for training's non-random picks: 0 (the default) takes the argmax;
   * T > 0 samples softmax(Q / T) over the (legal) actions, so near-tied moves get tried and a
   * move worth far less (into a ghost) almost never is. Q is in stored-reward units (see
   * rewardScale). Epsilon's uniform draws still apply on top. Evaluation always plays the argmax.
   * With softmaxTemperatureSteps > 0 this is the temperature at env step 0 (see below).
   */
  softmaxTemperature: number;
  /**
   * Env steps over which the temperature moves linearly from softmaxTemperature to
   * softmaxTemperatureEnd, then stays there; 0 = a constant softmaxTemperature (End unused).
   * A hot start tries more of a maze the net does not know yet; a cool end stops drawing the
   * near-tied reversal into a trailing ghost once its cost is learned (docs/tuning.md, c16-f).
   */
  softmaxTemperatureSteps: number;
  softmaxTemperatureEnd: number;
  /**
   * Corridor exploration (src/rl/corridor-exploration.ts): an epsilon pick is a move that does
   * not reverse the last one, and the agent keeps to that corridor until the next junction,
   * where the policy chooses again. Off (the default), epsilon explores one step at a time.
   * Needs legalActionsOnly (it reads the legal moves).
   */
  exploreCorridors: boolean;
  /** Epsilon of greedy evaluation. */
  evalEpsilon: number;
  /**
   * Potential-based food shaping (src/rl/food-shaping.ts): k >= 0 game points for each move
   * towards the nearest food, added to the stored rewards as k * (d - gamma * d'), d the maze
   * distance to the nearest food; it telescopes, so the optimal policy is unchanged. 0 = off (the
   * default). Scores and every figure stay the game's; world models cannot dream with it on.
   */
  foodShaping: number;
  /** 'clip' to [-1, 1], 'scale' by rewardScale, or 'none'. */
  rewardTransform: RewardTransform;
  /** Factor for rewardTransform 'scale' (Pac-Man's rewards run to +-500). */
  rewardScale: number;
  /** Parallel envs stepping together (one batched forward pass). */
  numEnvs: number;
  /** Updates between training reports (loss read-backs). */
  reportEvery: number;
}

export const DEFAULT_DQN_CONFIG: DqnConfig = {
  net: 'nature',
  dueling: false,
  double: true,
  legalActionsOnly: false,
  stopAction: true,
  gamma: 0.99,
  learningRate: 1e-4,
  learningRateDecaySteps: 0,
  learningRateEnd: 1e-5,
  policyAverageDecay: 0,
  adamEpsilon: 1.5e-4,
  gradClipNorm: 10,
  huberDelta: 1,
  batchSize: 32,
  replayCapacity: 50_000,
  prioritized: false,
  nStep: 1,
  learningStarts: 1_000,
  trainEvery: 1,
  targetUpdate: 'hard',
  targetSyncEvery: 1_000,
  tau: 0.005,
  epsilonMode: 'schedule',
  epsilon: 0.05,
  epsilonStart: 1,
  epsilonEnd: 0.05,
  epsilonSteps: 20_000,
  softmaxTemperature: 0,
  softmaxTemperatureSteps: 0,
  softmaxTemperatureEnd: 0,
  exploreCorridors: false,
  evalEpsilon: 0,
  foodShaping: 0,
  rewardTransform: 'scale',
  rewardScale: 0.01,
  numEnvs: 1,
  reportEvery: 100,
};

export function resolveDqnConfig(overrides: unknown): DqnConfig {
  const c = mergeKnown('dqn', DEFAULT_DQN_CONFIG, overrides);
  checkChoice('dqn.net', c.net, NET_PRESETS);
  checkBoolean('dqn.dueling', c.dueling);
  checkBoolean('dqn.double', c.double);
  checkBoolean('dqn.legalActionsOnly', c.legalActionsOnly);
  checkBoolean('dqn.stopAction', c.stopAction);
  checkNumber('dqn.gamma', c.gamma, 0, 1, true);
  checkNumber('dqn.learningRate', c.learningRate, 0, 1);
  if (c.learningRate === 0) throw new ConfigError('dqn.learningRate', 'dqn.learningRate must be > 0, got 0');
  checkInteger('dqn.learningRateDecaySteps', c.learningRateDecaySteps, 0);
  checkNumber('dqn.learningRateEnd', c.learningRateEnd, 0, 1);
  if (c.learningRateEnd === 0) throw new ConfigError('dqn.learningRateEnd', 'dqn.learningRateEnd must be > 0, got 0');
  checkNumber('dqn.policyAverageDecay', c.policyAverageDecay, 0, 1, true);
  checkNumber('dqn.adamEpsilon', c.adamEpsilon, 1e-12, 1);
  checkNumber('dqn.gradClipNorm', c.gradClipNorm, 0, 1e6);
  checkNumber('dqn.huberDelta', c.huberDelta, 1e-6, 1e6);
  checkInteger('dqn.batchSize', c.batchSize, 1, 4096);
  checkInteger('dqn.replayCapacity', c.replayCapacity, 1, 10_000_000);
  if (c.replayCapacity < c.batchSize) {
    throw new ConfigError('dqn.replayCapacity', `dqn.replayCapacity (${c.replayCapacity}) must be at least dqn.batchSize (${c.batchSize})`);
  }
  checkBoolean('dqn.prioritized', c.prioritized);
  checkInteger('dqn.nStep', c.nStep, 1, 100);
  checkInteger('dqn.learningStarts', c.learningStarts, 0);
  checkInteger('dqn.trainEvery', c.trainEvery, 1, 10_000);
  checkChoice('dqn.targetUpdate', c.targetUpdate, ['hard', 'polyak'] as const);
  checkInteger('dqn.targetSyncEvery', c.targetSyncEvery, 1);
  checkNumber('dqn.tau', c.tau, 1e-6, 1);
  checkChoice('dqn.epsilonMode', c.epsilonMode, ['schedule', 'manual'] as const);
  checkNumber('dqn.epsilon', c.epsilon, 0, 1);
  checkNumber('dqn.epsilonStart', c.epsilonStart, 0, 1);
  checkNumber('dqn.epsilonEnd', c.epsilonEnd, 0, 1);
  checkInteger('dqn.epsilonSteps', c.epsilonSteps, 0);
  checkNumber('dqn.softmaxTemperature', c.softmaxTemperature, 0, 1e6);
  checkInteger('dqn.softmaxTemperatureSteps', c.softmaxTemperatureSteps, 0);
  checkNumber('dqn.softmaxTemperatureEnd', c.softmaxTemperatureEnd, 0, 1e6);
  checkBoolean('dqn.exploreCorridors', c.exploreCorridors);
  if (c.exploreCorridors && !c.legalActionsOnly) {
    throw new ConfigError('dqn.exploreCorridors', 'dqn.exploreCorridors is true, but it follows corridors by their legal moves: it needs dqn.legalActionsOnly true, got false');
  }
  checkNumber('dqn.evalEpsilon', c.evalEpsilon, 0, 1);
  checkNumber('dqn.foodShaping', c.foodShaping, 0, 500);
  checkChoice('dqn.rewardTransform', c.rewardTransform, ['none', 'clip', 'scale'] as const);
  checkNumber('dqn.rewardScale', c.rewardScale, 1e-9, 1e6);
  checkInteger('dqn.numEnvs', c.numEnvs, 1, 256);
  checkInteger('dqn.reportEvery', c.reportEvery, 1);
  return c;
}

/** Settings a running agent takes live, from the next step on, without a restart. */
export const LIVE_PARAMS = [
  'epsilon', 'epsilonMode', 'gamma', 'learningRate', 'batchSize', 'targetSyncEvery', 'trainEvery',
  'tau', 'gradClipNorm', 'epsilonStart', 'epsilonEnd', 'epsilonSteps', 'double', 'nStep', 'targetUpdate',
] as const satisfies readonly (keyof DqnConfig)[];
export type LiveParams = Partial<Pick<DqnConfig, (typeof LIVE_PARAMS)[number]>>;

export function transformReward(c: DqnConfig, reward: number): number {
  if (c.rewardTransform === 'clip') return Math.max(-1, Math.min(1, reward));
  if (c.rewardTransform === 'scale') return reward * c.rewardScale;
  return reward;
}

/**
 * The game's reward back from a stored (transformed) one, for what needs the game's own values
 * (the world models' reward classes): exact for 'none' and 'scale' (game rewards are integers,
 * so rounding removes the float error); null for 'clip', which keeps only the sign, and with
 * foodShaping on, whose term is not in the stored transition.
 */
export function untransformReward(c: DqnConfig, stored: number): number | null {
  if (c.rewardTransform === 'clip' || c.foodShaping > 0) return null;
  if (c.rewardTransform === 'scale') return Math.round(stored / c.rewardScale);
  return stored;
}
