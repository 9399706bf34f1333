/**
 * How a Q-value row becomes an action, among the actions whose bit is set in `mask` (an env's
 * legal moves, src/env/legal.ts, or all of them). `values[offset .. offset + n)` is the row.
 */

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
