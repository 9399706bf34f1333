/**
 * Variational autoencoder (Kingma & Welling 2014), optionally conditional (CVAE) and denoising.
 * Loss per image: recon (BCE or MSE summed over pixels) + beta * KL(q(z|x) || N(0, I)), both
 * averaged over the batch and reported separately as `recon`, `kl`, `total` (nats per image).
 * Reparameterisation: z = mu + exp(logVar / 2) * eps, eps ~ N(0, I) drawn by tf.randomNormal
 * with a seed (>= 1) from the model's own stream, so gradients reach the encoder through z.
 * Each step also reports, for the explanations (issue 10), the encoder's sigma = exp(logVar / 2)
 * averaged over the batch and latent dimensions (`sigmaMean`), and one sampled latent coordinate
 * as the step drew it: coordinate 0 of the batch's image 0, `mu0 + sigma0 * eps0 = z0`.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedBceAvailable, fusedBceFromLogits } from '../nn/bce-fused.js';
import { RandomStreams, type RandomStream } from '../../core/random.js';
import type { GenModel, SampleOptions } from '../model.js';
import type { ImageBatch, LossTerms } from '../types.js';
import { cycleLabels, oneHotLabels } from '../nn/embedding.js';
import { batchToTensor, checkBatch, readTerms, tensorToBatch } from '../nn/images.js';
import { ModelOptimizer } from '../nn/optimizer.js';
import { type GenModelState, loadModelState, saveModelState } from '../nn/state.js';
import { resolveVaeConfig, type VaeConfig } from './config.js';
import { VaeDecoder, VaeEncoder } from './networks.js';
import * as views from './views.js';

export interface VaeLosses {
  recon: tf.Scalar;
  kl: tf.Scalar;
  total: tf.Scalar;
  /** The encoder's outputs and the sampled latents, `[B, latent]` (for reporting; no extra work). */
  mu: tf.Tensor2D;
  logVar: tf.Tensor2D;
  z: tf.Tensor2D;
}

export class Vae implements GenModel {
  readonly name = 'vae' as const;
  readonly config: VaeConfig;
  readonly encoder: VaeEncoder;
  readonly decoder: VaeDecoder;
  steps = 0;
  private readonly optimizer: ModelOptimizer;
  /** Draws the seeds of training noise (eps, corruption); advanced once per step. */
  private readonly trainRng: RandomStream;

  constructor(overrides: unknown, seed: number) {
    this.config = resolveVaeConfig(overrides);
    const streams = new RandomStreams(seed);
    this.encoder = new VaeEncoder(this.config, streams.get('vae/init/encoder'));
    this.decoder = new VaeDecoder(this.config, streams.get('vae/init/decoder'));
    this.trainRng = streams.get('vae/train');
    this.optimizer = new ModelOptimizer('vae/adam', [this.encoder.store, this.decoder.store], {
      learningRate: this.config.learningRate, beta1: 0.9, beta2: 0.999, clipNorm: 0,
    });
  }

  get paramCount(): number {
    return this.encoder.store.size + this.decoder.store.size;
  }

  /**
   * The loss terms for `input` (possibly corrupted) reconstructing `target`, both `[B, S, S, 1]`
   * in [0, 1], with eps `[B, latent]`. Runs inside the caller's tidy or gradient tape.
   */
  losses(input: tf.Tensor4D, target: tf.Tensor4D, oneHot: tf.Tensor2D | null, eps: tf.Tensor2D): VaeLosses {
    const { mu, logVar } = this.encoder.apply(input, oneHot);
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D;
    const logits = this.decoder.apply(z, oneHot);
    let recon: tf.Scalar;
    if (this.config.reconLoss === 'bce' && fusedBceAvailable()) {
      // WebGPU: the same loss in one program forward, one backward (nn/bce-fused.ts).
      recon = fusedBceFromLogits(logits, target);
    } else {
      // Stable BCE from logits: max(l, 0) - l * y + log(1 + exp(-|l|)).
      const perPixel = this.config.reconLoss === 'bce'
        ? tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))))
        : tf.mul(tf.square(tf.sub(tf.sigmoid(logits), target)), 0.5);
      recon = tf.mean(tf.sum(perPixel, [1, 2, 3])) as tf.Scalar;
    }
    const klPerDim = tf.mul(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), tf.add(logVar, 1)), 0.5);
    const kl = tf.mean(tf.sum(klPerDim, 1)) as tf.Scalar;
    return { recon, kl, total: tf.add(recon, tf.mul(kl, this.config.beta)) as tf.Scalar, mu, logVar, z };
  }

  async trainStep(batch: ImageBatch): Promise<LossTerms> {
    checkBatch(batch, this.config.imageSize, 'vae.trainStep');
    const oneHot = this.labelsFor(batch.count, batch.labels, true);
    const epsSeed = this.trainRng.seed();
    const corruptSeed = this.trainRng.seed();
    const target = batchToTensor(batch);
    const input = tf.tidy(() => this.corrupt(target, corruptSeed));
    const { loss, aux } = this.optimizer.step(() => {
      const eps = tf.randomNormal([batch.count, this.config.latentDim], 0, 1, 'float32', epsSeed) as tf.Tensor2D;
      const t = this.losses(input, target, oneHot, eps);
      const first = (x: tf.Tensor2D): tf.Scalar => tf.reshape(tf.slice(x, [0, 0], [1, 1]), []) as tf.Scalar;
      const sigma = tf.exp(tf.mul(t.logVar, 0.5)) as tf.Tensor2D;
      return {
        loss: t.total,
        aux: { recon: t.recon, kl: t.kl, sigmaMean: tf.mean(sigma) as tf.Scalar, mu0: first(t.mu), sigma0: first(sigma), eps0: first(eps), z0: first(t.z) },
      };
    });
    tf.dispose([target, input, ...(oneHot ? [oneHot] : [])]);
    this.steps++;
    return readTerms({ recon: aux.recon, kl: aux.kl, total: loss, sigmaMean: aux.sigmaMean, mu0: aux.mu0, sigma0: aux.sigma0, eps0: aux.eps0, z0: aux.z0 });
  }

  /** Denoising input: `x` with the configured corruption (seeded), values in [0, 1]; `x` itself when 'none'. */
  corrupt(x: tf.Tensor4D, seed: number): tf.Tensor4D {
    const { corruption, corruptionLevel: level } = this.config;
    if (corruption === 'gaussian') return tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, level, 'float32', seed)), 0, 1);
    if (corruption === 'mask') return tf.mul(x, tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), level), 'float32'));
    return tf.clone(x);
  }

  async sample(n: number, options: SampleOptions): Promise<ImageBatch> {
    const labels = this.config.conditional ? (options.labels ?? cycleLabels(n, this.config.numClasses)) : undefined;
    const seed = new RandomStreams(options.seed).get('vae/sample').seed();
    const images = tf.tidy(() => {
      const z = tf.randomNormal([n, this.config.latentDim], 0, 1, 'float32', seed) as tf.Tensor2D;
      return this.decode(z, labels);
    });
    return this.toBatch(images, labels);
  }

  /** Views (see views.ts for their contracts). */
  reconstruct(batch: ImageBatch): Promise<{ original: ImageBatch; reconstruction: ImageBatch }> {
    return views.reconstruct(this, batch);
  }

  interpolate(a: ImageBatch, b: ImageBatch, steps: number): Promise<ImageBatch> {
    return views.interpolate(this, a, b, steps);
  }

  latentMap(gridSize: number, options?: { span?: number; label?: number }): Promise<ImageBatch> {
    return views.latentMap(this, gridSize, options);
  }

  denoise(batch: ImageBatch, seed: number): Promise<{ clean: ImageBatch; corrupted: ImageBatch; denoised: ImageBatch }> {
    return views.denoise(this, batch, seed);
  }

  encodeStats(batch: ImageBatch): Promise<views.EncodeStats> {
    return views.encodeStats(this, batch);
  }

  /** Images `[B, S, S, 1]` in [0, 1] from latents `[B, latent]`; runs inside the caller's tidy. */
  decode(z: tf.Tensor2D, labels: Int32Array | undefined): tf.Tensor4D {
    const oneHot = this.labelsFor(z.shape[0], labels, false);
    return tf.sigmoid(this.decoder.apply(z, oneHot));
  }

  /** Encoder mean and log-variance for images; runs inside the caller's tidy. */
  encode(x: tf.Tensor4D, labels: Int32Array | undefined): { mu: tf.Tensor2D; logVar: tf.Tensor2D } {
    return this.encoder.apply(x, this.labelsFor(x.shape[0], labels, false));
  }

  /** Reads `[n, S, S, 1]` images to an ImageBatch and disposes them. */
  async toBatch(images: tf.Tensor4D, labels?: Int32Array): Promise<ImageBatch> {
    const batch = await tensorToBatch(images, labels);
    images.dispose();
    return batch;
  }

  /**
   * One-hot labels for a conditional model (null otherwise). `required`: training must have
   * labels; views fall back to 0, 1, ..., k-1, 0, ...
   */
  labelsFor(n: number, labels: Int32Array | undefined, required: boolean): tf.Tensor2D | null {
    if (!this.config.conditional) return null;
    if (!labels && required) throw new RangeError('vae: a conditional VAE trains on labelled batches; this batch has no labels');
    return oneHotLabels(labels ?? cycleLabels(n, this.config.numClasses), this.config.numClasses);
  }

  private entries() {
    return [...this.encoder.store.entries(), ...this.decoder.store.entries(), ...this.optimizer.entries()];
  }

  save(): Promise<GenModelState> {
    return saveModelState('vae', this.steps, this.entries());
  }

  load(state: GenModelState): void {
    this.steps = loadModelState('vae', this.entries(), state);
    this.optimizer.updates = this.steps;
  }

  dispose(): void {
    this.encoder.store.dispose();
    this.decoder.store.dispose();
    this.optimizer.dispose();
  }
}
