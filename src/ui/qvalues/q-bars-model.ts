/** What the Q-value bars show, computed from a snapshot. Pure: testable in Node. */
import { ACTION_NAMES } from '../../env/grid.js';

export interface QBar {
  name: string;
  value: number;
  /** Signed bar length in [-1, 1]: value over the largest magnitude shown (bars grow from a zero line). */
  extent: number;
  chosen: boolean;
  /** The greedy choice (highest value among the allowed actions). */
  best: boolean;
  /** The agent could pick it; false for a move into a wall when the run picks among legal moves only. */
  allowed: boolean;
}

/**
 * `allowed`: one per action, whether the choice could pick it (absent: all). A disallowed
 * action's value is never trained and means nothing: it is neither best nor does it set the scale.
 */
export function qBars(qValues: readonly number[], action: number, allowed?: readonly boolean[]): QBar[] {
  const ok = (i: number): boolean => allowed?.[i] ?? true;
  const scale = Math.max(1e-9, ...qValues.map((q, i) => (ok(i) && Number.isFinite(q) ? Math.abs(q) : 0)));
  let best = -1;
  qValues.forEach((q, i) => {
    if (ok(i) && Number.isFinite(q) && (best < 0 || q > qValues[best])) best = i;
  });
  return qValues.map((value, i) => ({
    name: ACTION_NAMES[i] ?? `action ${i}`,
    value,
    extent: ok(i) && Number.isFinite(value) ? value / scale : 0,
    chosen: i === action,
    best: i === best,
    allowed: ok(i),
  }));
}

/** The label under the bars: how the shown action was picked. */
export function choiceLabel(action: number, randomAction: boolean, epsilon: number, byPerson = false): string {
  if (byPerson) return "your move (bars: the agent's values for your position)";
  if (action < 0) return 'no action yet';
  return randomAction ? `random (ε = ${epsilon.toFixed(2)})` : 'greedy';
}
