/**
 * PacmanEnv: the game behind a Gymnasium-style API.
 *
 * - `reset(seed?)` starts an episode; with a seed it reseeds the ghosts' stream (as Gymnasium's
 *   `reset(seed=...)`), without one the stream carries on.
 * - `step(action)` plays `actionRepeat` rounds with the same action (stopping early when the
 *   episode ends) and returns the summed reward.
 * - `terminated`: Pac-Man died or ate the last food: a true end, no bootstrapping.
 * - `truncated`: the step limit `maxSteps` (in game rounds) was reached: the episode was cut
 *   short, so a learner should bootstrap from the last state.
 * The observation here is the live game state (read-only by contract; it changes at the next
 * step). Pixel observations are a wrapper in src/obs.
 */
import { RandomStream, RandomStreams } from '../core/random.js';
import { checkChoice, checkInteger, checkNumber, mergeKnown } from '../core/validate.js';
import { type Action, isAction, NUM_ACTIONS } from './grid.js';
import { GHOST_POLICIES, type GhostPolicy, PacmanGame } from './game.js';
import type { Layout } from './layout.js';
import { RandomStarts } from './random-start.js';

export interface EnvConfig {
  /** How ghosts move: uniformly random legal moves, or Berkeley's directional chaser. */
  ghosts: GhostPolicy;
  /** Step limit per episode in game rounds, >= 1; 0 = the layout's default (see defaultMaxSteps). */
  maxSteps: number;
  /** Rounds played per agent action, >= 1 (frame skip). */
  actionRepeat: number;
  /**
   * Exploring starts, for training: the probability in [0, 1] that an episode begins from a
   * random position and a thinned board instead of the layout's start (src/env/random-start.ts).
   * 0 = never. Evaluation always plays the layout's start (`evaluationEnvConfig`).
   */
  randomStarts: number;
  /**
   * A milder ghost, for training: the probability in [0, 1] that an episode's ghosts move at
   * random instead of as `ghosts` says (a curriculum: with a chasing ghost an agent may never
   * see the far side of the maze). 0 = never; no effect when `ghosts` is 'random'. Evaluation
   * always plays `ghosts` (`evaluationEnvConfig`).
   */
  randomGhostEpisodes: number;
}

export const DEFAULT_ENV_CONFIG: EnvConfig = { ghosts: 'random', maxSteps: 0, actionRepeat: 1, randomStarts: 0, randomGhostEpisodes: 0 };

export function resolveEnvConfig(overrides: unknown): EnvConfig {
  const c = mergeKnown('env', DEFAULT_ENV_CONFIG, overrides);
  checkChoice('env.ghosts', c.ghosts, GHOST_POLICIES);
  checkInteger('env.maxSteps', c.maxSteps, 0, 1_000_000);
  checkInteger('env.actionRepeat', c.actionRepeat, 1, 16);
  checkNumber('env.randomStarts', c.randomStarts, 0, 1);
  checkNumber('env.randomGhostEpisodes', c.randomGhostEpisodes, 0, 1);
  return c;
}

/**
 * The env config a greedy evaluation plays: the training one without its training aids (random
 * starts, milder ghosts), so every evaluated episode begins at the layout's start against the
 * configured ghosts and figures compare across runs.
 */
export function evaluationEnvConfig<C extends Partial<EnvConfig>>(config: C): C & { randomStarts: 0; randomGhostEpisodes: 0 } {
  return { ...config, randomStarts: 0, randomGhostEpisodes: 0 };
}

/** A step limit that leaves room to clear the maze: 4 rounds per open cell, at least 100. */
export function defaultMaxSteps(layout: Layout): number {
  let open = 0;
  for (let i = 0; i < layout.walls.length; i++) if (!layout.walls[i]) open++;
  return Math.max(100, 4 * open);
}

/** Facts about the episode so far, as Gymnasium's `info`. */
export interface StepInfo {
  score: number;
  steps: number;
  foodLeft: number;
  foodEaten: number;
  capsulesEaten: number;
  ghostsEaten: number;
  won: boolean;
  lost: boolean;
}

export interface StepResult<O> {
  obs: O;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: StepInfo;
}

export function gameInfo(game: PacmanGame): StepInfo {
  return {
    score: game.score, steps: game.steps, foodLeft: game.foodLeft, foodEaten: game.foodEaten,
    capsulesEaten: game.capsulesEaten, ghostsEaten: game.ghostsEaten, won: game.won, lost: game.lost,
  };
}

export class PacmanEnv {
  readonly config: EnvConfig;
  readonly game: PacmanGame;
  readonly maxSteps: number;
  readonly numActions = NUM_ACTIONS;
  private rng: RandomStream;
  /** Draws random starts; its own stream, so turning them on never shifts the ghosts' draws. */
  private startRng: RandomStream;
  /** Draws each episode's ghost policy under randomGhostEpisodes; its own stream, for the same reason. */
  private ghostMixRng: RandomStream;
  private readonly randomStarts: RandomStarts;
  private needsReset = true;

  /** `seed` and `streamName` pick the ghosts' random stream (vector envs give each env its own name). */
  constructor(readonly layout: Layout, config: Partial<EnvConfig> = {}, readonly seed = 1, private readonly streamName = 'ghosts') {
    this.config = resolveEnvConfig(config);
    this.game = new PacmanGame(layout, this.config.ghosts);
    this.maxSteps = this.config.maxSteps || defaultMaxSteps(layout);
    this.rng = new RandomStreams(seed).get(streamName);
    this.startRng = new RandomStreams(seed).get(`${streamName}/starts`);
    this.ghostMixRng = new RandomStreams(seed).get(`${streamName}/ghost-mix`);
    this.randomStarts = new RandomStarts(layout, this.config.randomStarts);
  }

  reset(seed?: number): { obs: PacmanGame; info: StepInfo } {
    if (seed !== undefined) {
      this.rng = new RandomStreams(seed).get(this.streamName);
      this.startRng = new RandomStreams(seed).get(`${this.streamName}/starts`);
      this.ghostMixRng = new RandomStreams(seed).get(`${this.streamName}/ghost-mix`);
    }
    this.game.reset();
    const mix = this.config.randomGhostEpisodes;
    // No draw at 0 (or with random ghosts anyway): existing seeded runs replay unchanged.
    if (mix > 0 && this.config.ghosts !== 'random') this.game.ghostPolicy = this.ghostMixRng.next() < mix ? 'random' : this.config.ghosts;
    this.randomStarts.apply(this.game, this.startRng);
    this.needsReset = false;
    return { obs: this.game, info: gameInfo(this.game) };
  }

  step(action: Action): StepResult<PacmanGame> {
    const { reward, terminated, truncated } = this.play(action);
    return { obs: this.game, reward, terminated, truncated, info: gameInfo(this.game) };
  }

  /** `step` without building the info object: the fast path for vector envs and benchmarks. */
  play(action: Action): { reward: number; terminated: boolean; truncated: boolean } {
    if (this.needsReset) throw new Error('step() called before reset() or after the episode ended: call reset() first');
    if (!isAction(action)) throw new RangeError(`action must be an integer in [0, ${NUM_ACTIONS - 1}], got ${String(action)}`);
    const game = this.game;
    let reward = 0;
    for (let r = 0; r < this.config.actionRepeat; r++) {
      reward += game.round(action, this.rng);
      if (game.done || game.steps >= this.maxSteps) break;
    }
    const terminated = game.done;
    const truncated = !terminated && game.steps >= this.maxSteps;
    if (terminated || truncated) this.needsReset = true;
    return { reward, terminated, truncated };
  }
}
