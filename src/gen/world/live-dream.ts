/**
 * A dream stepped live, one action at a time (the Dream panel): it starts from a real frame stack
 * and keeps its own context in the worker; each step is one forward pass of the world model on
 * that context, whose predicted frame becomes the newest context frame (open loop, as dream()
 * in dreamer.ts, which rolls a whole action sequence at once).
 *
 * With a pilot (a copy of the agent's greedy policy and the maze's walls), a step may leave the
 * action to the agent: its greedy move on the dream's own stack, among the moves legal where the
 * dreamed frame draws Pac-Man, chosen here in the worker (no round trip to the RL worker).
 */
import { isAction, NUM_ACTIONS } from '../../env/grid.js';
import { FRAME_SIZE } from '../../obs/raster.js';
import { STACK_BYTES, STACK_SIZE } from '../../obs/frame-stack.js';
import type { GreedyPolicy } from '../../rl/greedy-policy.js';
import { pushFrame } from './data.js';
import type { DreamLegalMoves } from './dream-legal.js';
import type { WorldModel } from './model.js';

/** The agent flying the dream: its policy copy and the maze's legal moves. */
export interface DreamPilot {
  policy: GreedyPolicy;
  legal: DreamLegalMoves;
}

/** The action a step asks for: a move (0 North, 1 South, 2 East, 3 West, 4 Stop) or the agent's greedy choice. */
export type DreamAction = number | 'agent';

/** One dreamed step, plain data (its arrays are new: transfer them). */
export interface DreamStep {
  /** The dreamed frame: 84*84 bytes, row-major, each one of the raster's 7 gray levels. */
  frame: Uint8Array;
  /** The dream's stack after the step: `[84, 84, 4]` bytes, pixel-major, newest last (what the agent would see). */
  stack: Uint8Array;
  /** Predicted reward of the step (one of the model's reward values). */
  reward: number;
  /** The reward classes the model gives at least REWARD_ODDS_MIN_P, likeliest first (see rewardOdds). */
  rewardOdds: RewardOdds[];
  /** Predicted probability that the step ends the episode, [0, 1]. */
  terminated: number;
  /** Steps dreamed so far, this one included (1 after the first). */
  step: number;
  /** The action taken (the agent's choice when the step asked for 'agent'). */
  action: number;
  /** The agent's Q-values on the stack it acted on, when it chose the action; else null. */
  q: Float32Array | null;
  /** Milliseconds the step took in the worker (the agent's pick, the forward pass and the read-backs). */
  ms: number;
}

/** One reward class of the model's reward head and its probability. */
export interface RewardOdds {
  reward: number;
  p: number;
}

/** Classes below this probability are left out of rewardOdds. */
export const REWARD_ODDS_MIN_P = 0.05;

/**
 * The reward head's distribution for item `item` as the classes given at least `minP`, likeliest
 * first, at most `max` of them: what a dreamed step could have been besides its likeliest reward
 * (a catch the model gives 30% shows here, where the likeliest reward alone hides it).
 */
export function rewardOdds(probs: Float32Array, values: readonly number[], item = 0, minP = REWARD_ODDS_MIN_P, max = 3): RewardOdds[] {
  const k = values.length;
  if (probs.length < (item + 1) * k) throw new RangeError(`reward probabilities: ${probs.length} values cannot hold item ${item} of ${k} classes`);
  const odds: RewardOdds[] = [];
  for (let c = 0; c < k; c++) {
    const p = probs[item * k + c];
    if (p >= minP) odds.push({ reward: values[c], p });
  }
  return odds.sort((a, b) => b.p - a.p).slice(0, max);
}

/** The newest frame of one `[84, 84, 4]` stack, into `out`. */
export function newestFrame(stack: Uint8Array, out: Uint8Array = new Uint8Array(FRAME_SIZE)): Uint8Array {
  for (let p = 0; p < FRAME_SIZE; p++) out[p] = stack[STACK_SIZE * p + STACK_SIZE - 1];
  return out;
}

export class LiveDream {
  private readonly context: Uint8Array;
  private readonly newest = new Uint8Array(FRAME_SIZE);
  private steps = 0;

  /** `stack`: the real `[84, 84, 4]` stack to dream from (copied). `pilot`: lets steps leave the action to the agent. */
  constructor(readonly model: WorldModel, stack: Uint8Array, readonly pilot: DreamPilot | null = null) {
    if (stack.length !== STACK_BYTES) throw new RangeError(`a dream starts from one stack of ${STACK_BYTES} bytes ([84, 84, 4]), got ${stack.length} bytes`);
    this.context = new Uint8Array(stack);
  }

  /** One step with `action`: a move (0 North, 1 South, 2 East, 3 West, 4 Stop), or 'agent' (needs a pilot). */
  async step(action: DreamAction): Promise<DreamStep> {
    if (action === 'agent' && !this.pilot) throw new Error('this dream has no agent to pilot it: it was opened without the agent\'s policy');
    if (action !== 'agent' && !isAction(action)) throw new RangeError(`a dream step takes an action 0..${NUM_ACTIONS - 1} or 'agent', got ${String(action)}`);
    const t0 = performance.now();
    let q: Float32Array | null = null;
    let move: number;
    if (action === 'agent' && this.pilot) {
      const legal = this.pilot.legal.mask(newestFrame(this.context, this.newest));
      ({ action: move, q } = await this.pilot.policy.act(this.context, legal));
    } else {
      move = action as number;
    }
    const p = await this.model.predict(this.context, [move]);
    pushFrame(this.context, p.frames, this.context);
    this.steps++;
    return {
      frame: p.frames, stack: new Uint8Array(this.context), reward: p.reward[0],
      rewardOdds: rewardOdds(p.rewardProbs, this.model.config.rewardValues), terminated: p.terminated[0], step: this.steps,
      action: move, q, ms: performance.now() - t0,
    };
  }
}
