/**
 * How a Q-value row becomes an action, among the actions whose bit is set in `mask` (an env's
 * legal moves, src/env/legal.ts, or all of them). `values[offset .. offset + n)` is the row.
 */
import { ALL_ACTIONS_MASK } from '../env/legal.js';
import { Action } from '../env/grid.js';

/** The two settings that decide which actions an agent chooses among (dqn.legalActionsOnly, dqn.stopAction). */
export interface ChoiceRules {
  legalActionsOnly: boolean;
  /**
   * false: never Stop while a move is allowed. A checkpoint from before this setting has none
   * (undefined), which means Stop, as those runs played.
   */
  stopAction?: boolean;
}

const STOP_BIT = 1 << Action.Stop;

/**
 * The actions an agent chooses among in a state whose legal actions are `legal` (a bitmask,
 * src/env/legal.ts): the legal ones with legalActionsOnly, else all five; without Stop when
 * stopAction is false, unless no move is left (walled in), where Stop is the only choice.
 */
export function choiceMask(legal: number, rules: ChoiceRules): number {
  const mask = rules.legalActionsOnly ? legal & ALL_ACTIONS_MASK : ALL_ACTIONS_MASK;
  if (rules.stopAction !== false) return mask;
  const moves = mask & ~STOP_BIT;
  return moves !== 0 ? moves : mask;
}

/** The best action (ties: the lowest index). */
export function argMaxLegal(values: Float32Array, offset: number, n: number, mask: number): number {
  let best = -1;
  for (let a = 0; a < n; a++) {
    if ((mask >> a) & 1 && (best < 0 || values[offset + a] > values[offset + best])) best = a;
  }
  return best;
}

/**
 * A draw from softmax(Q / temperature) (Boltzmann exploration) with `u`, a uniform number in
 * [0, 1): the action whose slice of the cumulative weights holds u. The best Q-value is
 * subtracted before exp, so no weight overflows and the best action's weight is exactly 1.
 */
export function softmaxLegal(values: Float32Array, offset: number, n: number, mask: number, temperature: number, u: number): number {
  const best = argMaxLegal(values, offset, n, mask);
  const top = values[offset + best];
  let total = 0;
  for (let a = 0; a < n; a++) if ((mask >> a) & 1) total += Math.exp((values[offset + a] - top) / temperature);
  let left = u * total;
  let last = best;
  for (let a = 0; a < n; a++) {
    if (!((mask >> a) & 1)) continue;
    left -= Math.exp((values[offset + a] - top) / temperature);
    if (left < 0) return a;
    last = a;
  }
  return last; // u * total rounded up to total: the last legal action
}
