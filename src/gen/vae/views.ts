/**
 * What the VAE panel shows, as plain data: reconstructions beside originals, latent
 * interpolations, the 2-D latent map, denoising, and encoder statistics for explanations.
 * All images are ImageBatch with pixels in [0, 1]; no tensor outlives a call.
 */
import * as tf from '@tensorflow/tfjs';
import { RandomStreams } from '../../core/random.js';
import type { ImageBatch } from '../types.js';
import { batchToTensor, checkBatch } from '../nn/images.js';
import type { Vae } from './vae.js';

/** Originals and their reconstructions (decoded encoder means), image i beside image i. */
export async function reconstruct(vae: Vae, batch: ImageBatch): Promise<{ original: ImageBatch; reconstruction: ImageBatch }> {
  checkBatch(batch, vae.config.imageSize, 'vae.reconstruct');
  const images = tf.tidy(() => {
    const { mu } = vae.encode(batchToTensor(batch), batch.labels);
    return vae.decode(mu, batch.labels);
  });
  return { original: batch, reconstruction: await vae.toBatch(images, batch.labels) };
}

/**
 * `steps` images (>= 2) decoded along the straight line between the latent means of `a` and `b`
 * (the first image of each batch), ends included. A conditional model decodes with `a`'s label.
 */
export async function interpolate(vae: Vae, a: ImageBatch, b: ImageBatch, steps: number): Promise<ImageBatch> {
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`vae.interpolate: steps must be an integer >= 2, got ${steps}`);
  checkBatch(a, vae.config.imageSize, 'vae.interpolate');
  checkBatch(b, vae.config.imageSize, 'vae.interpolate');
  const first = (x: ImageBatch): ImageBatch => ({ count: 1, size: x.size, pixels: x.pixels.subarray(0, x.size * x.size), labels: x.labels?.subarray(0, 1) });
  const labels = vae.config.conditional ? new Int32Array(steps).fill(a.labels?.[0] ?? 0) : undefined;
  const images = tf.tidy(() => {
    const ma = vae.encode(batchToTensor(first(a)), first(a).labels).mu;
    const mb = vae.encode(batchToTensor(first(b)), first(b).labels ?? first(a).labels).mu;
    const w = tf.reshape(tf.linspace(0, 1, steps), [steps, 1]);
    const z = tf.add(tf.mul(ma, tf.sub(1, w)), tf.mul(mb, w)) as tf.Tensor2D;
    return vae.decode(z, labels);
  });
  return vae.toBatch(images, labels);
}

/**
 * For latentDim 2: a gridSize x gridSize grid of decoded z, row-major, z1 rising left to right
 * and z2 falling top to bottom, each over [-span, span] (the prior's +-span sigma).
 */
export async function latentMap(vae: Vae, gridSize: number, options: { span?: number; label?: number } = {}): Promise<ImageBatch> {
  if (vae.config.latentDim !== 2) throw new RangeError(`vae.latentMap needs latentDim 2, got ${vae.config.latentDim}`);
  if (!Number.isInteger(gridSize) || gridSize < 2 || gridSize > 64) throw new RangeError(`vae.latentMap: gridSize must be an integer in [2, 64], got ${gridSize}`);
  const span = options.span ?? 2;
  const z = new Float32Array(gridSize * gridSize * 2);
  for (let r = 0; r < gridSize; r++) {
    for (let c = 0; c < gridSize; c++) {
      const i = r * gridSize + c;
      z[2 * i] = -span + (2 * span * c) / (gridSize - 1);
      z[2 * i + 1] = span - (2 * span * r) / (gridSize - 1);
    }
  }
  const n = gridSize * gridSize;
  const labels = vae.config.conditional ? new Int32Array(n).fill(options.label ?? 0) : undefined;
  const images = tf.tidy(() => vae.decode(tf.tensor2d(z, [n, 2]), labels));
  return vae.toBatch(images, labels);
}

/**
 * The denoising view: each clean image, its corrupted copy (the model's configured corruption,
 * or Gaussian noise of std 0.3 for a model trained without one) and the model's reconstruction
 * of the corrupted copy. `seed` fixes the corruption.
 */
export async function denoise(vae: Vae, batch: ImageBatch, seed: number): Promise<{ clean: ImageBatch; corrupted: ImageBatch; denoised: ImageBatch }> {
  checkBatch(batch, vae.config.imageSize, 'vae.denoise');
  const s = new RandomStreams(seed).get('vae/denoise').seed();
  const corruptedT = tf.tidy(() => {
    const x = batchToTensor(batch);
    if (vae.config.corruption !== 'none') return vae.corrupt(x, s);
    return tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, 0.3, 'float32', s)), 0, 1) as tf.Tensor4D;
  });
  const denoisedT = tf.tidy(() => vae.decode(vae.encode(corruptedT, batch.labels).mu, batch.labels));
  const corrupted = await vae.toBatch(corruptedT, batch.labels);
  return { clean: batch, corrupted, denoised: await vae.toBatch(denoisedT, batch.labels) };
}

export interface EncodeStats {
  /** Encoder means, `[count * latentDim]`, image after image. */
  mean: Float32Array;
  /** Encoder standard deviations exp(logVar / 2), same layout. */
  sigma: Float32Array;
  /** Average sigma over images and dimensions (near 1: the dimension is unused; near 0: precise). */
  meanSigma: number;
  /** KL to the prior per latent dimension, averaged over the images (nats): which dimensions carry information. */
  klPerDim: Float32Array;
}

export async function encodeStats(vae: Vae, batch: ImageBatch): Promise<EncodeStats> {
  checkBatch(batch, vae.config.imageSize, 'vae.encodeStats');
  const [muT, sigmaT, klT] = tf.tidy(() => {
    const { mu, logVar } = vae.encode(batchToTensor(batch), batch.labels);
    const kl = tf.mean(tf.mul(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), tf.add(logVar, 1)), 0.5), 0);
    return [mu, tf.exp(tf.mul(logVar, 0.5)), kl];
  });
  const [mean, sigma, klPerDim] = (await Promise.all([muT.data(), sigmaT.data(), klT.data()])) as Float32Array[];
  tf.dispose([muT, sigmaT, klT]);
  const meanSigma = sigma.reduce((a, b) => a + b, 0) / sigma.length;
  return { mean, sigma, meanSigma, klPerDim };
}
