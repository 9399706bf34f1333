/** Half precision for compact checkpoints (src/tf/half.ts): exact where a half is exact, round to nearest even, refusals by index. */
import { describe, expect, it } from 'vitest';
import { HALF_MAX, fromHalfBits, toHalfBits } from '../../../src/tf/half.js';

function roundTrip(values: number[]): number[] {
  const bits = toHalfBits(Float32Array.from(values));
  if (!(bits instanceof Uint16Array)) throw new Error(`refused index ${bits.badIndex}`);
  return [...fromHalfBits(bits)];
}

describe('half precision', () => {
  it('keeps values a half holds exactly, signed zeros, the extremes and the subnormals', () => {
    const exact = [0, 1, -2, 0.5, 1024, 3.140625, HALF_MAX, -HALF_MAX, 2 ** -14, 2 ** -24, -(2 ** -24), 3 * 2 ** -24, 2 ** -15 + 2 ** -20];
    expect(roundTrip(exact)).toEqual(exact);
    expect(Object.is(roundTrip([-0])[0], -0)).toBe(true);
    expect(toHalfBits(Float32Array.from([1, -2, HALF_MAX]))).toEqual(Uint16Array.from([0x3c00, 0xc000, 0x7bff]));
  });

  it('rounds to nearest, ties to even, in the normal and the subnormal range', () => {
    const step = 2 ** -10; // the spacing of halves in [1, 2)
    expect(roundTrip([1 + step / 2, 1 + 1.5 * step, 1 + 0.6 * step, 1 + 0.4 * step])).toEqual([1, 1 + 2 * step, 1 + step, 1]);
    const tiny = 2 ** -24; // the smallest subnormal
    expect(roundTrip([tiny / 2, 1.5 * tiny, 2.5 * tiny, tiny * 0.49, tiny * 0.51])).toEqual([0, 2 * tiny, 2 * tiny, 0, tiny]);
    // A mantissa that rounds up into the next binade.
    expect(roundTrip([2 - step / 4, 2 - step / 8 * 3])).toEqual([2, 2]);
  });

  it('stays within 2^-11 relative over the range network weights live in', () => {
    let state = 12345;
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      const unit = state / 2 ** 31;
      values.push((unit < 0.5 ? -1 : 1) * 10 ** (-4 + 6 * ((unit * 2) % 1)));
    }
    const back = roundTrip(values);
    const worst = Math.max(...values.map((v, i) => Math.abs(back[i] - v) / Math.abs(v)));
    expect(worst).toBeLessThanOrEqual(2 ** -11);
    expect(worst).toBeGreaterThan(2 ** -13);
  });

  it('refuses what a half cannot hold, by index', () => {
    expect(toHalfBits(Float32Array.from([1, 65520, 2]))).toEqual({ badIndex: 1 });
    expect(toHalfBits(Float32Array.from([0, 0, NaN]))).toEqual({ badIndex: 2 });
    expect(toHalfBits(Float32Array.from([-Infinity]))).toEqual({ badIndex: 0 });
    expect(toHalfBits(Float32Array.from([HALF_MAX + 1]))).toEqual({ badIndex: 0 });
  });
});
