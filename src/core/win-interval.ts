/**
 * How sure a measured rate is: the Wilson score interval of a binomial proportion. A greedy
 * evaluation of 100 episodes that wins 85 says the policy's true win rate lies, with 95%
 * confidence, between 76.7% and 90.7%: "85%" alone does not say whether a 90% target is met.
 * Wilson's interval (not the normal approximation p +- z*sqrt(p(1-p)/n)) stays inside [0, 1] and
 * keeps its coverage near 0% and 100%, where win rates of the mazes' targets live.
 */

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/** [low, high] for `successes` of `trials` (0 <= successes <= trials, trials >= 1), each in [0, 1]. */
export function wilsonInterval(successes: number, trials: number, z = Z_95): [number, number] {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`wilsonInterval: trials ${trials} must be a whole number >= 1`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) throw new RangeError(`wilsonInterval: successes ${successes} must be a whole number in [0, trials ${trials}]`);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const halfWidth = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  // The ends are exact at 0 and `trials` successes; clamp away float dust elsewhere.
  return [successes === 0 ? 0 : Math.max(0, centre - halfWidth), successes === trials ? 1 : Math.min(1, centre + halfWidth)];
}

/** The interval of a measured share (`rate` of `trials`, e.g. a win rate over its episodes). */
export function rateInterval(rate: number, trials: number): [number, number] {
  return wilsonInterval(Math.round(rate * trials), trials);
}

/** `76.7-90.7%`: an interval as percentages with one decimal. */
export function describeInterval([low, high]: readonly [number, number]): string {
  return `${(low * 100).toFixed(1)}-${(high * 100).toFixed(1)}%`;
}

/**
 * `; win rate's 95% interval 76.7-90.7%`: the clause that ends `npm run eval`'s sentence and
 * train's greedy-evaluation lines, so the two read alike and a swing can be told from noise.
 */
export function winRateIntervalClause(winRate: number, episodes: number): string {
  return `; win rate's 95% interval ${describeInterval(rateInterval(winRate, episodes))}`;
}
