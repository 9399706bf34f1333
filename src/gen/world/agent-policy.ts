/**
 * World-model data from an agent's play (DIAMOND's loop: the world model learns from what the
 * agent does in the real game, the agent learns in the world model's dream): an epsilon-greedy
 * Policy for PlayDataset over a frozen copy of a DQN's greedy policy. The agent's legal moves
 * are read from the real frame (DreamLegalMoves: exact on real frames), as the game would give
 * them.
 */
import type { RandomStream } from '../../core/random.js';
import { type Action, NUM_ACTIONS } from '../../env/grid.js';
import type { GreedyPolicy } from '../../rl/greedy-policy.js';
import { cellGrid } from './cells.js';
import type { Policy } from './data.js';
import { DreamLegalMoves } from './dream-legal.js';
import { newestFrame } from './live-dream.js';

/**
 * With probability `epsilon` a uniformly random action (all five, as randomPolicy), else the
 * agent's greedy one; draws `rng` twice a step whatever it picks (a seed gives the same data).
 */
export function epsilonGreedyPolicy(agent: GreedyPolicy, width: number, height: number, epsilon: number): Policy {
  if (!(epsilon >= 0 && epsilon <= 1)) throw new RangeError(`the data agent's epsilon must be in [0, 1], got ${epsilon}`);
  let legal: DreamLegalMoves | null = null;
  const frame = new Uint8Array(84 * 84);
  return (stack: Uint8Array, rng: RandomStream): Action => {
    const explore = rng.next() < epsilon;
    const random = rng.int(NUM_ACTIONS) as Action;
    if (explore) return random;
    newestFrame(stack, frame);
    legal ??= new DreamLegalMoves(cellGrid(width, height), frame);
    return agent.actSync(stack, legal.mask(frame)) as Action;
  };
}
