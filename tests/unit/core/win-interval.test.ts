/** The Wilson interval that `npm run eval` prints beside a win rate. */
import { describe, expect, it } from 'vitest';
import { describeInterval, rateInterval, wilsonInterval, winRateIntervalClause } from '../../../src/core/win-interval.js';

describe('wilsonInterval', () => {
  it('matches published values (Newcombe 1998, table I: 81 of 263 -> 0.2553-0.3662; 15 of 148 -> 0.0624-0.1605)', () => {
    const [a, b] = wilsonInterval(81, 263);
    expect(a).toBeCloseTo(0.2553, 4);
    expect(b).toBeCloseTo(0.3662, 4);
    const [c, d] = wilsonInterval(15, 148);
    expect(c).toBeCloseTo(0.0624, 4);
    expect(d).toBeCloseTo(0.1605, 4);
  });

  it('says whether 85 wins of 100 meet a 90% target (they do not exclude it) and 97 of 100 does (it excludes 90%)', () => {
    expect(describeInterval(wilsonInterval(85, 100))).toBe('76.7-90.7%');
    const [low] = wilsonInterval(97, 100);
    expect(low).toBeGreaterThan(0.9);
  });

  it('takes a measured share as its count: 0.85 of 100 is 85 of 100', () => {
    expect(rateInterval(0.85, 100)).toEqual(wilsonInterval(85, 100));
    expect(rateInterval(1 / 3, 6)).toEqual(wilsonInterval(2, 6));
  });

  it("words the clause that eval and train's evaluation lines end with", () => {
    expect(winRateIntervalClause(0.85, 100)).toBe("; win rate's 95% interval 76.7-90.7%");
    expect(winRateIntervalClause(0.94, 300)).toBe(`; win rate's 95% interval ${describeInterval(wilsonInterval(282, 300))}`);
  });

  it('is exact at the ends and stays inside [0, 1]', () => {
    const [zeroLow, zeroHigh] = wilsonInterval(0, 100);
    expect(zeroLow).toBe(0);
    expect(zeroHigh).toBeCloseTo(0.037, 3);
    const [allLow, allHigh] = wilsonInterval(100, 100);
    expect(allHigh).toBe(1);
    expect(allLow).toBeCloseTo(0.963, 3);
  });

  it('narrows as the trials grow', () => {
    const width = (n: number) => {
      const [l, h] = wilsonInterval(n / 2, n);
      return h - l;
    };
    expect(width(1000)).toBeLessThan(width(100) / 3);
  });

  it('refuses counts that are not counts, naming the value', () => {
    expect(() => wilsonInterval(5, 0)).toThrow('trials 0');
    expect(() => wilsonInterval(101, 100)).toThrow('successes 101');
    expect(() => wilsonInterval(0.5, 10)).toThrow('successes 0.5');
  });
});
