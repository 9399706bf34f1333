/**
 * Envs that are a world model's dream (issue 8's moonshot): the DQN trainer steps them as it
 * steps the real pixel envs (TrainingEnvs), and every frame, reward and ending it learns from is
 * the model's. Only the starts are real: each episode begins from the real game's first frame
 * stack (a real PixelEnv reset, its ghosts on their own stream), and the dream rolls on open loop.
 *
 * Per step, for n envs at once: one batched `predict` on the n stacks and actions; the predicted
 * frame becomes each stack's newest; the reward is the model's reward class. Endings
 * (`endings`):
 * - 'reward' (default): under the game's rules every ending carries the loss penalty or the win
 *   bonus, so the reward head says whether a step ended and how (endingOfReward). Trap: with
 *   'head', an agent learned to end dreams where the termination head fires beside an ordinary
 *   reward (-1), a cheap way out of the step penalty that no real game offers (BENCHMARKS.md).
 * - 'sampled': as 'reward', but the ending is drawn from the reward head's distribution (a seeded
 *   stream): the probability mass on the losing classes is the chance the step is lost, and so
 *   for winning. Trap this fixes: with the likeliest reward, a catch the model gives 40% never
 *   happens, so an agent learns that standing beside a ghost is safe; the real ghost disagrees.
 *   The reward is then the likeliest class of the drawn kind (lost, won, or going on).
 * - 'head': the termination head's probability reaches `terminateAt`; won if the reward is > 0.
 * Episodes are cut (truncated) at the maze's step limit. What the game would report (StepInfo) is
 * read from the dreamed frame: food left is the food and capsule cells it draws, Pac-Man's legal
 * moves are the open cells around where it draws him (DreamLegalMoves).
 *
 * Auto-reset follows VectorEnv: an ended env's final stack is in `finalObs`, its info in
 * `finalInfos`, and `obs` already holds its next episode's first stack.
 */
import type { EnvConfig, StepInfo } from '../../env/env.js';
import type { Layout } from '../../env/layout.js';
import type { VectorStep } from '../../env/vector-env.js';
import { STACK_BYTES } from '../../obs/frame-stack.js';
import { PixelEnv } from '../../obs/pixel-env.js';
import { FRAME_SIZE } from '../../obs/raster.js';
import { STEP_PENALTY, WIN_REWARD } from '../../env/rules.js';
import type { TrainingEnvs } from '../../rl/trainer.js';
import { Cell, cellGrid } from './cells.js';
import { pushFrame } from './data.js';
import { DreamLegalMoves } from './dream-legal.js';
import type { WorldModel, WorldPrediction } from './model.js';
import { RandomStreams, type RandomStream } from '../../core/random.js';

export interface DreamEnvOptions {
  model: WorldModel;
  /** The real maze: where the starts come from. */
  layout: Layout;
  /** The real game's settings for the starts (ghosts) and the step limit (maxSteps). */
  env: Partial<EnvConfig>;
  numEnvs: number;
  seed: number;
  /** What ends a dreamed episode (see above); default 'reward'. */
  endings?: DreamEndings;
  /** With endings 'head': the termination probability at which a step ends the episode, (0, 1]. */
  terminateAt?: number;
}

/**
 * How a step with game reward `r` ended, by the rules (src/env/rules.ts): a loss carries -500
 * (with at most a pellet and two scared ghosts beside it, still below -1), a win +500 (at least
 * +499); every other step's reward lies in [-1, 409].
 */
export function endingOfReward(r: number): 'won' | 'lost' | null {
  if (r < -STEP_PENALTY) return 'lost';
  if (r >= WIN_REWARD - STEP_PENALTY) return 'won';
  return null;
}

export const DREAM_ENDINGS = ['reward', 'sampled', 'head'] as const;
export type DreamEndings = (typeof DREAM_ENDINGS)[number];

/**
 * The ending drawn for one item from its reward classes' probabilities `probs` (K values from
 * `offset`) with uniform `u` in [0, 1), and the likeliest reward of that kind of step.
 */
export function sampleEnding(values: readonly number[], probs: Float32Array, offset: number, u: number): { ending: 'won' | 'lost' | null; reward: number } {
  let lost = 0;
  let won = 0;
  let total = 0;
  for (let k = 0; k < values.length; k++) {
    const p = probs[offset + k];
    total += p;
    const e = endingOfReward(values[k]);
    if (e === 'lost') lost += p;
    else if (e === 'won') won += p;
  }
  const x = u * total;
  const ending = x < lost ? 'lost' : x < lost + won ? 'won' : null;
  let best = -1;
  for (let k = 0; k < values.length; k++) {
    if (endingOfReward(values[k]) === ending && (best < 0 || probs[offset + k] > probs[offset + best])) best = k;
  }
  // Only rounding can draw a kind no class has (x at the very top with no ordinary class): keep the likeliest.
  if (best < 0) {
    best = 0;
    for (let k = 1; k < values.length; k++) if (probs[offset + k] > probs[offset + best]) best = k;
    return { ending: endingOfReward(values[best]), reward: values[best] };
  }
  return { ending, reward: values[best] };
}

const DEFAULT_MAX_STEPS = 100;

export class DreamVectorEnv implements TrainingEnvs {
  readonly numEnvs: number;
  readonly obs: Uint8Array;
  readonly legal: Uint8Array;
  /** Dream steps taken, all envs together. */
  stepsTaken = 0;
  private readonly starts: PixelEnv[];
  private readonly legalMoves: DreamLegalMoves;
  private readonly maxSteps: number;
  private readonly terminateAt: number;
  private readonly endings: DreamEndings;
  /** Draws the endings in 'sampled' mode. */
  private readonly endingRng: RandomStream;
  private readonly startFood: number;
  private readonly steps: Int32Array;
  private readonly scores: Float64Array;
  private readonly frames: Uint8Array;
  private readonly result: VectorStep;

  constructor(private readonly options: DreamEnvOptions) {
    const { numEnvs: n, layout, env } = options;
    if (!Number.isInteger(n) || n < 1 || n > 1024) throw new RangeError(`a dream's numEnvs must be an integer in [1, 1024], got ${n}`);
    this.endings = options.endings ?? 'reward';
    if (!DREAM_ENDINGS.includes(this.endings)) throw new RangeError(`a dream's endings must be one of ${DREAM_ENDINGS.join(', ')}, got ${String(this.endings)}`);
    this.endingRng = new RandomStreams(options.seed).get('dream-endings');
    this.terminateAt = options.terminateAt ?? 0.5;
    if (!(this.terminateAt > 0 && this.terminateAt <= 1)) throw new RangeError(`a dream's terminateAt must be in (0, 1], got ${this.terminateAt}`);
    this.numEnvs = n;
    this.maxSteps = env.maxSteps ?? DEFAULT_MAX_STEPS;
    this.obs = new Uint8Array(n * STACK_BYTES);
    this.frames = new Uint8Array(n * FRAME_SIZE);
    this.legal = new Uint8Array(n);
    this.steps = new Int32Array(n);
    this.scores = new Float64Array(n);
    this.starts = Array.from({ length: n }, (_, i) => new PixelEnv(layout, env, options.seed, `dream-starts/${i}`));
    this.starts[0].reset();
    this.legalMoves = new DreamLegalMoves(cellGrid(layout.width, layout.height), this.starts[0].frame);
    this.startFood = this.foodCells(this.starts[0].frame);
    this.result = {
      obs: this.obs, rewards: new Float32Array(n), terminated: new Uint8Array(n), truncated: new Uint8Array(n),
      finalInfos: new Array<StepInfo | null>(n).fill(null), finalObs: new Uint8Array(n * STACK_BYTES), legal: this.legal, finalLegal: new Uint8Array(n),
    };
    for (let i = 0; i < n; i++) this.restart(i);
  }

  frame(i: number): Uint8Array {
    return this.frames.subarray(i * FRAME_SIZE, (i + 1) * FRAME_SIZE);
  }

  async step(actions: ArrayLike<number>): Promise<VectorStep> {
    const n = this.numEnvs;
    if (actions.length !== n) throw new RangeError(`a dream step needs one action per env (${n}), got ${actions.length}`);
    const p = await this.options.model.predict(this.obs, actions);
    const r = this.result;
    for (let i = 0; i < n; i++) {
      const stack = this.obs.subarray(i * STACK_BYTES, (i + 1) * STACK_BYTES);
      const frame = p.frames.subarray(i * FRAME_SIZE, (i + 1) * FRAME_SIZE);
      pushFrame(stack, frame, stack);
      this.frame(i).set(frame);
      this.legal[i] = this.legalMoves.mask(frame);
      this.steps[i]++;
      const { ending, reward } = this.ending(p, i);
      this.scores[i] += reward;
      const terminated = ending !== null;
      const truncated = !terminated && this.steps[i] >= this.maxSteps;
      r.rewards[i] = reward;
      r.terminated[i] = terminated ? 1 : 0;
      r.truncated[i] = truncated ? 1 : 0;
      r.finalInfos[i] = null;
      if (terminated || truncated) {
        r.finalObs.set(stack, i * STACK_BYTES);
        r.finalLegal[i] = this.legal[i];
        r.finalInfos[i] = this.info(i, ending === 'won', ending === 'lost');
        this.restart(i);
      }
    }
    this.stepsTaken += n;
    return r;
  }

  /** How item i of `p` ends, and its reward, under this dream's `endings`. */
  private ending(p: WorldPrediction, i: number): { ending: 'won' | 'lost' | null; reward: number } {
    const reward = p.reward[i];
    switch (this.endings) {
      case 'reward':
        return { ending: endingOfReward(reward), reward };
      case 'head':
        return { ending: p.terminated[i] >= this.terminateAt ? (reward > 0 ? 'won' : 'lost') : null, reward };
      case 'sampled': {
        const values = this.options.model.config.rewardValues;
        return sampleEnding(values, p.rewardProbs, i * values.length, this.endingRng.next());
      }
    }
  }

  /** What the game would report for env i, read from its dreamed frame. */
  private info(i: number, won: boolean, lost: boolean): StepInfo {
    const foodLeft = this.foodCells(this.frame(i));
    return {
      score: this.scores[i], steps: this.steps[i], foodLeft, foodEaten: Math.max(0, this.startFood - foodLeft), capsulesEaten: 0, ghostsEaten: 0, won, lost,
    };
  }

  private foodCells(frame: Uint8Array): number {
    const cells = this.legalMoves.decode(frame);
    let food = 0;
    for (const c of cells) if (c === Cell.Food || c === Cell.Capsule) food++;
    return food;
  }

  /** Env i starts a new episode from the real game's first stack. */
  private restart(i: number): void {
    const real = this.starts[i];
    real.reset();
    this.obs.set(real.obs, i * STACK_BYTES);
    this.frame(i).set(real.frame);
    this.legal[i] = real.legalActionMask();
    this.steps[i] = 0;
    this.scores[i] = 0;
  }
}
