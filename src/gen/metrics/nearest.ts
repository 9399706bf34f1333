/**
 * Nearest-real-image distance: for each sample, the L2 distance to the closest image of a real
 * set; a memorising model scores near 0, a blurry or novel one higher. Pure, O(n m d).
 */

export interface NearestRealResult {
  /** Mean over samples of the minimum L2 distance, in pixel units of [0, 1] values. */
  mean: number;
  /** Per sample: the minimum distance and the index of the nearest real image. */
  distances: Float32Array;
  nearest: Int32Array;
}

/**
 * `samples` and `real` are row-major sets of `dim`-long vectors (e.g. size*size pixels), with
 * `samples.length / dim` and `real.length / dim` rows; `real` needs at least one.
 */
export function nearestRealDistance(samples: Float32Array, real: Float32Array, dim: number): NearestRealResult {
  if (dim < 1 || samples.length % dim !== 0 || real.length % dim !== 0) {
    throw new RangeError(`nearest real: ${samples.length} sample and ${real.length} real values are not whole rows of ${dim}`);
  }
  const n = samples.length / dim;
  const m = real.length / dim;
  if (m < 1) throw new RangeError('nearest real: the real set is empty');
  const distances = new Float32Array(n);
  const nearest = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bestJ = 0;
    for (let j = 0; j < m; j++) {
      let d2 = 0;
      for (let k = 0, a = i * dim, b = j * dim; k < dim && d2 < best; k++) {
        const diff = samples[a + k] - real[b + k];
        d2 += diff * diff;
      }
      if (d2 < best) {
        best = d2;
        bestJ = j;
      }
    }
    distances[i] = Math.sqrt(best);
    nearest[i] = bestJ;
    total += distances[i];
  }
  return { mean: n > 0 ? total / n : 0, distances, nearest };
}
