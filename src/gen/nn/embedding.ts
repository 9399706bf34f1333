/**
 * Conditioning inputs: sinusoidal time embeddings (computed in plain JS, no tensor ops) and
 * one-hot class labels, broadcast to image planes where a conv net takes them as channels.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Transformer-style sinusoidal embedding of integer timesteps: `[n, dim]` with
 * sin(t * f_k) in the first half and cos(t * f_k) in the second, f_k = 10000^(-k/(dim/2 - 1)).
 * `dim` must be even and >= 4.
 */
export function timeEmbedding(ts: ArrayLike<number>, dim: number): tf.Tensor2D {
  const half = dim / 2;
  const values = new Float32Array(ts.length * dim);
  for (let i = 0; i < ts.length; i++) {
    for (let k = 0; k < half; k++) {
      const angle = ts[i] * Math.exp((-Math.log(10000) * k) / (half - 1));
      values[i * dim + k] = Math.sin(angle);
      values[i * dim + half + k] = Math.cos(angle);
    }
  }
  return tf.tensor2d(values, [ts.length, dim]);
}

/** `[n, numClasses]` one-hot float32 rows; labels must lie in [0, numClasses). */
export function oneHotLabels(labels: Int32Array, numClasses: number): tf.Tensor2D {
  const values = new Float32Array(labels.length * numClasses);
  labels.forEach((l, i) => {
    if (!(l >= 0 && l < numClasses)) throw new RangeError(`label ${l} at index ${i} is outside [0, ${numClasses})`);
    values[i * numClasses + l] = 1;
  });
  return tf.tensor2d(values, [labels.length, numClasses]);
}

/** One-hot rows `[n, k]` broadcast to constant planes `[n, size, size, k]` (extra input channels). */
export function labelPlanes(oneHot: tf.Tensor2D, size: number): tf.Tensor4D {
  const [n, k] = oneHot.shape;
  return tf.tile(tf.reshape(oneHot, [n, 1, 1, k]), [1, size, size, 1]);
}

/** Labels for n samples when none are given: 0, 1, ..., k-1, 0, 1, ... */
export function cycleLabels(n: number, numClasses: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i % numClasses);
}
