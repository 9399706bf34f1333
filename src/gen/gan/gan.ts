/**
 * DCGAN, optionally conditional (cGAN). One training step: a discriminator update on a real
 * batch and a fake batch G(z), then a generator update with the non-saturating loss on the
 * same z. Loss terms (per image, batch means):
 *   d     = softplus(-D(x)) + softplus(D(G(z)))   (BCE, real = 1, fake = 0)
 *   g     = softplus(-D(G(z)))                    (non-saturating: -log sigmoid(D(G(z))))
 *   dReal = mean sigmoid(D(x)), dFake = mean sigmoid(D(G(z))) (before the D update)
 * With the auxiliary classifier (conditional, classWeight w > 0; AC-GAN), D's loss adds
 * w * dClass and G's adds w * gClass:
 *   dClass = CE(C(x), y)          (D's class head on the real batch)
 *   gClass = CE(C(G(z, y)), y)    (G draws images D's class head reads as the class asked for)
 * Images enter D in [-1, 1] whatever the generator's output activation.
 */
import * as tf from '@tensorflow/tfjs';
import { RandomStreams, type RandomStream } from '../../core/random.js';
import type { GenModel, SampleOptions } from '../model.js';
import type { ImageBatch, LossTerms } from '../types.js';
import { cycleLabels, oneHotLabels } from '../nn/embedding.js';
import { gaussianArray } from '../nn/noise.js';
import { batchToTensor, checkBatch, readTerms, tensorToBatch } from '../nn/images.js';
import { ModelOptimizer } from '../nn/optimizer.js';
import { type GenModelState, loadModelState, saveModelState } from '../nn/state.js';
import { resolveGanConfig, type GanConfig } from './config.js';
import { Discriminator, Generator } from './networks.js';

/** Mean softmax cross-entropy of class logits `[B, K]` against one-hot rows `[B, K]`. */
function classLoss(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}

export class Gan implements GenModel {
  readonly name = 'gan' as const;
  readonly config: GanConfig;
  readonly generator: Generator;
  readonly discriminator: Discriminator;
  steps = 0;
  private readonly gOpt: ModelOptimizer;
  private readonly dOpt: ModelOptimizer;
  private readonly trainRng: RandomStream;
  /** The preview grid's noise, `[rows * columns, latent]`, fixed at construction (seeded). */
  private readonly fixedNoise: Float32Array;

  constructor(overrides: unknown, seed: number) {
    this.config = resolveGanConfig(overrides);
    const streams = new RandomStreams(seed);
    this.generator = new Generator(this.config, streams.get('gan/init/generator'));
    this.discriminator = new Discriminator(this.config, streams.get('gan/init/discriminator'));
    this.trainRng = streams.get('gan/train');
    const adam = { learningRate: this.config.learningRate, beta1: this.config.beta1, beta2: 0.999, clipNorm: 0 };
    this.gOpt = new ModelOptimizer('gan/adam_g', [this.generator.store], adam);
    this.dOpt = new ModelOptimizer('gan/adam_d', [this.discriminator.store], adam);
    // Conditional grid: one noise row of `previewColumns` z's, repeated for every class row.
    const fixedRng = streams.get('gan/fixed-noise');
    const perRow = this.config.previewColumns * this.config.latentDim;
    const rows = this.previewRows;
    this.fixedNoise = this.config.conditional ? new Float32Array(rows * perRow) : gaussianArray(fixedRng, rows * perRow);
    if (this.config.conditional) {
      const row = gaussianArray(fixedRng, perRow);
      for (let r = 0; r < rows; r++) this.fixedNoise.set(row, r * perRow);
    }
  }

  get paramCount(): number {
    return this.generator.store.size + this.discriminator.store.size;
  }

  /** Rows of the preview grid: one per class when conditional, else `previewColumns`. */
  get previewRows(): number {
    return this.config.conditional ? this.config.numClasses : this.config.previewColumns;
  }

  async trainStep(batch: ImageBatch): Promise<LossTerms> {
    checkBatch(batch, this.config.imageSize, 'gan.trainStep');
    if (this.config.conditional && !batch.labels) throw new RangeError('gan: a conditional GAN trains on labelled batches; this batch has no labels');
    const n = batch.count;
    const zSeed = this.trainRng.seed();
    const oneHot = this.config.conditional ? oneHotLabels(batch.labels as Int32Array, this.config.numClasses) : null;
    const real = tf.tidy(() => tf.sub(tf.mul(batchToTensor(batch), 2), 1) as tf.Tensor4D);
    const z = tf.randomNormal([n, this.config.latentDim], 0, 1, 'float32', zSeed) as tf.Tensor2D;
    // The fake batch for D's step: G's batch norms use batch statistics without counting them
    // (G's own step below updates its running statistics once).
    const fake = tf.tidy(() => this.toDiscRange(this.generator.apply(z, oneHot, 'train-frozen')));
    const w = this.config.classWeight;
    const d = this.dOpt.step(() => {
      const r = this.discriminator.apply(real, oneHot);
      const lf = this.discriminator.apply(fake, oneHot).logit;
      const adversarial = tf.add(tf.mean(tf.softplus(tf.neg(r.logit))), tf.mean(tf.softplus(lf))) as tf.Scalar;
      const dClass = r.classLogits && oneHot ? classLoss(r.classLogits, oneHot) : null;
      const loss = dClass ? (tf.add(adversarial, tf.mul(dClass, w)) as tf.Scalar) : adversarial;
      const aux: Record<string, tf.Scalar> = { dReal: tf.mean(tf.sigmoid(r.logit)) as tf.Scalar, dFake: tf.mean(tf.sigmoid(lf)) as tf.Scalar };
      if (dClass) aux.dClass = dClass;
      return { loss, aux };
    });
    const g = this.gOpt.step(() => {
      const out = this.discriminator.apply(this.toDiscRange(this.generator.apply(z, oneHot, 'train')), oneHot);
      const adversarial = tf.mean(tf.softplus(tf.neg(out.logit))) as tf.Scalar;
      const gClass = out.classLogits && oneHot ? classLoss(out.classLogits, oneHot) : null;
      return gClass ? { loss: tf.add(adversarial, tf.mul(gClass, w)) as tf.Scalar, aux: { gClass } } : { loss: adversarial, aux: {} as Record<string, tf.Scalar> };
    });
    tf.dispose([real, z, fake, ...(oneHot ? [oneHot] : [])]);
    this.steps++;
    return readTerms({ d: d.loss, g: g.loss, ...d.aux, ...g.aux });
  }

  /** Generator output -> the discriminator's [-1, 1]. */
  private toDiscRange(x: tf.Tensor4D): tf.Tensor4D {
    return this.config.output === 'tanh' ? x : (tf.sub(tf.mul(x, 2), 1) as tf.Tensor4D);
  }

  /** Images in [0, 1] from noise `[n, latent]` (eval-mode batch norm); runs inside the caller's tidy. */
  generate(z: tf.Tensor2D, labels: Int32Array | undefined): tf.Tensor4D {
    const oneHot = this.config.conditional ? oneHotLabels(labels ?? cycleLabels(z.shape[0], this.config.numClasses), this.config.numClasses) : null;
    const y = this.generator.apply(z, oneHot, 'eval');
    return this.config.output === 'tanh' ? (tf.div(tf.add(y, 1), 2) as tf.Tensor4D) : y;
  }

  async sample(n: number, options: SampleOptions): Promise<ImageBatch> {
    const labels = this.config.conditional ? (options.labels ?? cycleLabels(n, this.config.numClasses)) : undefined;
    const seed = new RandomStreams(options.seed).get('gan/sample').seed();
    return this.render(() => tf.randomNormal([n, this.config.latentDim], 0, 1, 'float32', seed) as tf.Tensor2D, labels);
  }

  /**
   * The preview grid from the fixed noise, row-major, `previewRows x previewColumns`: the same z
   * every call, so the grid shows training progress. Conditional: row r draws class r, and each
   * column keeps one z across classes.
   */
  async fixedGrid(): Promise<ImageBatch> {
    const n = this.previewRows * this.config.previewColumns;
    const labels = this.config.conditional
      ? Int32Array.from({ length: n }, (_, i) => Math.floor(i / this.config.previewColumns))
      : undefined;
    return this.render(() => tf.tensor2d(this.fixedNoise, [n, this.config.latentDim]), labels);
  }

  /** `steps` images (>= 2) along the straight line between two seeded noise vectors, ends included. */
  async interpolate(steps: number, options: SampleOptions): Promise<ImageBatch> {
    if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`gan.interpolate: steps must be an integer >= 2, got ${steps}`);
    const seed = new RandomStreams(options.seed).get('gan/interpolate').seed();
    const label = options.labels?.[0] ?? 0;
    const labels = this.config.conditional ? new Int32Array(steps).fill(label) : undefined;
    return this.render(() => {
      const ends = tf.randomNormal([2, this.config.latentDim], 0, 1, 'float32', seed);
      const [a, b] = tf.split(ends, 2, 0);
      const w = tf.reshape(tf.linspace(0, 1, steps), [steps, 1]);
      return tf.add(tf.mul(a, tf.sub(1, w)), tf.mul(b, w)) as tf.Tensor2D;
    }, labels);
  }

  private async render(noise: () => tf.Tensor2D, labels: Int32Array | undefined): Promise<ImageBatch> {
    const images = tf.tidy(() => this.generate(noise(), labels));
    const batch = await tensorToBatch(images, labels);
    images.dispose();
    return batch;
  }

  private entries() {
    return [...this.generator.store.entries(), ...this.discriminator.store.entries(), ...this.gOpt.entries(), ...this.dOpt.entries()];
  }

  save(): Promise<GenModelState> {
    return saveModelState('gan', this.steps, this.entries());
  }

  load(state: GenModelState): void {
    this.steps = loadModelState('gan', this.entries(), state);
    this.gOpt.updates = this.steps;
    this.dOpt.updates = this.steps;
  }

  dispose(): void {
    this.generator.store.dispose();
    this.discriminator.store.dispose();
    this.gOpt.dispose();
    this.dOpt.dispose();
  }
}
