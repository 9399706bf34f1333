/** What the Q-value bars show, computed from a snapshot. Pure: testable in Node. */
import { ACTION_NAMES } from '../../env/grid.js';

export interface QBar {
  name: string;
  value: number;
  /** Signed bar length in [-1, 1]: value over the largest magnitude shown (bars grow from a zero line). */
  extent: number;
  chosen: boolean;
  /** The greedy choice (highest value). */
  best: boolean;
}

export function qBars(qValues: readonly number[], action: number): QBar[] {
  const scale = Math.max(1e-9, ...qValues.map((q) => (Number.isFinite(q) ? Math.abs(q) : 0)));
  let best = -1;
  qValues.forEach((q, i) => {
    if (Number.isFinite(q) && (best < 0 || q > qValues[best])) best = i;
  });
  return qValues.map((value, i) => ({
    name: ACTION_NAMES[i] ?? `action ${i}`,
    value,
    extent: Number.isFinite(value) ? value / scale : 0,
    chosen: i === action,
    best: i === best,
  }));
}

/** The label under the bars: how the shown action was picked. */
export function choiceLabel(action: number, randomAction: boolean, epsilon: number, byPerson = false): string {
  if (byPerson) return "your move (bars: the agent's values for your position)";
  if (action < 0) return 'no action yet';
  return randomAction ? `random (ε = ${epsilon.toFixed(2)})` : 'greedy';
}
