/**
 * Kernel Inception Distance (Binkowski et al., 2018, "Demystifying MMD GANs"): the unbiased
 * estimate of the squared MMD between two feature sets under the cubic polynomial kernel
 * k(x, y) = (x.y / d + 1)^3. Unbiased, so it can dip slightly below 0 when the sets come from
 * one distribution. Features here are the judge's penultimate activations (not Inception's),
 * so values are comparable only between runs that use the same judge.
 * Pure; O((m + n)^2 d) time: subsample large sets first.
 */

/** Row-major `count` x `dim` features. */
export interface FeatureSet {
  count: number;
  dim: number;
  values: Float32Array;
}

function kernel(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): number {
  let dot = 0;
  const ai = i * dim;
  const bj = j * dim;
  for (let k = 0; k < dim; k++) dot += a[ai + k] * b[bj + k];
  const base = dot / dim + 1;
  return base * base * base;
}

/** Mean of k over distinct pairs within `a` (i != j). */
function withinMean(a: FeatureSet): number {
  let sum = 0;
  for (let i = 0; i < a.count; i++) {
    for (let j = i + 1; j < a.count; j++) sum += kernel(a.values, i, a.values, j, a.dim);
  }
  return (2 * sum) / (a.count * (a.count - 1));
}

/** Unbiased MMD^2 between `x` and `y` with the cubic polynomial kernel; each needs >= 2 rows. */
export function kernelInceptionDistance(x: FeatureSet, y: FeatureSet): number {
  if (x.dim !== y.dim) throw new RangeError(`KID: feature sizes differ (${x.dim} vs ${y.dim})`);
  for (const [name, s] of [['first', x], ['second', y]] as const) {
    if (s.count < 2) throw new RangeError(`KID: the ${name} set needs at least 2 feature rows, got ${s.count}`);
    if (s.values.length !== s.count * s.dim) throw new RangeError(`KID: the ${name} set has ${s.values.length} values for ${s.count} x ${s.dim}`);
  }
  let cross = 0;
  for (let i = 0; i < x.count; i++) {
    for (let j = 0; j < y.count; j++) cross += kernel(x.values, i, y.values, j, x.dim);
  }
  return withinMean(x) + withinMean(y) - (2 * cross) / (x.count * y.count);
}

/** Rows `from .. from + count` of `set`, as a view (no copy). */
export function featureRows(set: FeatureSet, from: number, count: number): FeatureSet {
  return { count, dim: set.dim, values: set.values.subarray(from * set.dim, (from + count) * set.dim) };
}
