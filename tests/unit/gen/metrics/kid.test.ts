import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../../src/core/random.js';
import { type FeatureSet, featureRows, kernelInceptionDistance } from '../../../../src/gen/metrics/kid.js';
import { nearestRealDistance } from '../../../../src/gen/metrics/nearest.js';

function gaussianSet(count: number, dim: number, mean: number, key: string): FeatureSet {
  const rng = new RandomStream(key);
  const values = new Float32Array(count * dim);
  for (let i = 0; i < values.length; i++) {
    values[i] = mean + Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  }
  return { count, dim, values };
}

describe('KID', () => {
  it('matches a brute-force unbiased MMD^2 on a tiny case', () => {
    const x: FeatureSet = { count: 2, dim: 1, values: new Float32Array([0, 1]) };
    const y: FeatureSet = { count: 2, dim: 1, values: new Float32Array([2, 3]) };
    const k = (a: number, b: number): number => (a * b + 1) ** 3;
    const expected = k(0, 1) + k(2, 3) - (k(0, 2) + k(0, 3) + k(1, 2) + k(1, 3)) / 2;
    expect(kernelInceptionDistance(x, y)).toBeCloseTo(expected, 6);
  });

  it('is about 0 between two halves of one distribution and large against another', () => {
    const all = gaussianSet(600, 16, 0, 'kid-a');
    const self = kernelInceptionDistance(featureRows(all, 0, 300), featureRows(all, 300, 300));
    const other = kernelInceptionDistance(featureRows(all, 0, 300), gaussianSet(300, 16, 1, 'kid-b'));
    expect(Math.abs(self)).toBeLessThan(0.05);
    expect(other).toBeGreaterThan(1);
    expect(other).toBeGreaterThan(50 * Math.abs(self));
  });

  it('is large between real-like features and uniform noise features', () => {
    const real = gaussianSet(200, 8, 0.5, 'kid-real');
    const rng = new RandomStream('noise');
    const noise: FeatureSet = { count: 200, dim: 8, values: Float32Array.from({ length: 1600 }, () => 4 * rng.next()) };
    expect(kernelInceptionDistance(real, noise)).toBeGreaterThan(1);
  });

  it('refuses sets it cannot compare', () => {
    const a = gaussianSet(4, 3, 0, 'x');
    expect(() => kernelInceptionDistance(a, gaussianSet(4, 2, 0, 'y'))).toThrow(/feature sizes differ \(3 vs 2\)/);
    expect(() => kernelInceptionDistance(a, featureRows(a, 0, 1))).toThrow(/second set needs at least 2 feature rows, got 1/);
  });
});

describe('nearest real distance', () => {
  it('finds the closest real image for each sample', () => {
    const real = new Float32Array([0, 0, 1, 1, 3, 4]);
    const r = nearestRealDistance(new Float32Array([0, 0, 3, 3, 3, 4.5]), real, 2);
    expect(Array.from(r.nearest)).toEqual([0, 2, 2]);
    expect(r.distances[0]).toBe(0);
    expect(r.distances[1]).toBeCloseTo(1, 6);
    expect(r.distances[2]).toBeCloseTo(0.5, 6);
    expect(r.mean).toBeCloseTo(0.5, 6);
    expect(() => nearestRealDistance(new Float32Array(3), real, 2)).toThrow(/not whole rows of 2/);
    expect(() => nearestRealDistance(new Float32Array(2), new Float32Array(0), 2)).toThrow(/real set is empty/);
  });
});
