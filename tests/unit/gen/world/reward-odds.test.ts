import { describe, expect, it } from 'vitest';
import { rewardOdds } from '../../../../src/gen/world/live-dream.js';

describe('rewardOdds: what a dreamed step could have been', () => {
  const values = [-501, -1, 9, 499];

  it('keeps the classes given 5% or more, likeliest first, at most three', () => {
    const probs = Float32Array.from([0.31, 0.62, 0.04, 0.03]);
    expect(rewardOdds(probs, values).map((o) => o.reward)).toEqual([-1, -501]);
    expect(rewardOdds(probs, values)[1].p).toBeCloseTo(0.31, 6);
    const flat = Float32Array.from([0.25, 0.25, 0.26, 0.24]);
    expect(rewardOdds(flat, values).map((o) => o.reward)).toEqual([9, -501, -1]);
  });

  it('reads the item asked for in an item-major batch', () => {
    const probs = Float32Array.from([1, 0, 0, 0, 0, 0, 0.2, 0.8]);
    expect(rewardOdds(probs, values, 1).map((o) => o.reward)).toEqual([499, 9]);
  });

  it('refuses probabilities too short for the item, naming the sizes', () => {
    expect(() => rewardOdds(new Float32Array(4), values, 1)).toThrow(/4 values cannot hold item 1 of 4 classes/);
  });
});
