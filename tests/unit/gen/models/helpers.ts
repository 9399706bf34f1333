/** Shared set-up for the generative model tests: CPU backend with the fast kernels, tiny synthetic images. */
import * as tf from '@tensorflow/tfjs';
import { registerFastCpuKernels } from '../../../../src/tf/kernels/cpu/index.js';
import { RandomStreams } from '../../../../src/core/random.js';
import type { ImageBatch, LossTerms } from '../../../../src/gen/types.js';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  registerFastCpuKernels();
}

export const SIZE = 32;
export const CLASSES = 4;

/**
 * `n` images of a bright vertical bar on black, 32x32: class c puts the bar in column band c
 * (of 4), with a seeded jitter of +-1 pixel and a random height. Labels = the band.
 */
export function bars(n: number, seed: number): ImageBatch {
  const rng = new RandomStreams(seed).get('bars');
  const pixels = new Float32Array(n * SIZE * SIZE);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(CLASSES);
    labels[i] = c;
    const x0 = 2 + c * 8 + rng.int(3);
    const top = 2 + rng.int(8);
    for (let y = top; y < SIZE - 2; y++) {
      for (let x = x0; x < x0 + 4; x++) pixels[i * SIZE * SIZE + y * SIZE + x] = 1;
    }
  }
  return { count: n, size: SIZE, pixels, labels };
}

export function expectFinite(terms: LossTerms, names: string[]): void {
  for (const name of names) {
    if (!(name in terms) || !Number.isFinite(terms[name])) throw new Error(`loss term ${name} is ${terms[name]}`);
  }
}

export function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Largest absolute difference between two equal-length arrays. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function inUnitRange(batch: ImageBatch): boolean {
  return batch.pixels.every((v) => v >= 0 && v <= 1);
}
