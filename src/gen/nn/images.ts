/**
 * ImageBatch (plain arrays, pixels in [0, 1]) <-> NHWC tensors, and the loss read-back.
 * Tensors made here are owned by the caller.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageBatch, LossTerms } from '../types.js';

/** Checks a batch's shape against the model's image size; `where` names the caller. */
export function checkBatch(batch: ImageBatch, size: number, where: string): void {
  if (batch.size !== size) throw new RangeError(`${where}: batch images are ${batch.size}x${batch.size}, the model takes ${size}x${size}`);
  if (batch.count < 1 || batch.pixels.length !== batch.count * size * size) {
    throw new RangeError(`${where}: ${batch.pixels.length} pixels for ${batch.count} images of ${size}x${size}`);
  }
  if (batch.labels && batch.labels.length !== batch.count) {
    throw new RangeError(`${where}: ${batch.labels.length} labels for ${batch.count} images`);
  }
}

/** `[count, size, size, 1]` float32, values as stored ([0, 1]). */
export function batchToTensor(batch: ImageBatch): tf.Tensor4D {
  return tf.tensor4d(batch.pixels, [batch.count, batch.size, batch.size, 1]);
}

/**
 * Reads `[n, s, s, 1]` image tensor values (clamped to [0, 1]) into an ImageBatch. Uses
 * `await data()` (never dataSync: it breaks WebGPU). Does not dispose `x`.
 */
export async function tensorToBatch(x: tf.Tensor4D, labels?: Int32Array): Promise<ImageBatch> {
  const [count, size] = x.shape;
  const clamped = tf.clipByValue(x, 0, 1);
  const pixels = (await clamped.data()) as Float32Array;
  clamped.dispose();
  return labels ? { count, size, pixels, labels } : { count, size, pixels };
}

/**
 * Reads named scalar tensors with one read-back (one device sync) and disposes them.
 * Trap: each read stalls a GPU pipeline; models read once per step, never per term.
 */
export async function readTerms(terms: Record<string, tf.Scalar>): Promise<LossTerms> {
  const names = Object.keys(terms);
  const stacked = tf.stack(names.map((n) => terms[n]));
  tf.dispose(Object.values(terms));
  const values = await stacked.data();
  stacked.dispose();
  const out: LossTerms = {};
  names.forEach((n, i) => { out[n] = values[i]; });
  return out;
}

/** Joins batches of equal image size into one (labels kept only when every part has them). */
export function concatBatches(parts: ImageBatch[]): ImageBatch {
  const size = parts[0].size;
  const count = parts.reduce((n, p) => n + p.count, 0);
  const pixels = new Float32Array(count * size * size);
  let offset = 0;
  for (const p of parts) {
    pixels.set(p.pixels, offset);
    offset += p.pixels.length;
  }
  if (!parts.every((p) => p.labels)) return { count, size, pixels };
  const labels = new Int32Array(count);
  let li = 0;
  for (const p of parts) {
    labels.set(p.labels as Int32Array, li);
    li += p.count;
  }
  return { count, size, pixels, labels };
}
