/**
 * DCGAN networks (Radford et al. 2016) for 32x32 single-channel images, weights N(0, 0.02).
 *   generator:     z [B, latent (+K one-hot)] -> dense 4*4*g0 -> BN relu -> reshape [4, 4, g0]
 *                  -> convT 4x4/2 g1 BN relu (8x8) -> convT g2 BN relu (16x16) -> convT 1 (32x32)
 *                  -> tanh ([-1, 1]) or sigmoid ([0, 1])
 *   discriminator: x [B, 32, 32, 1] in [-1, 1] (+K label planes, 'concat') -> conv 4x4/2 d0 leaky(0.2)
 *                  -> conv d1 BN leaky -> conv d2 BN leaky -> flatten: features f [B, 16 d2]
 *                  -> dense 1: logit [B] (+ <embed(y), f>, 'projection');
 *                  auxiliary head (classWeight > 0): dense K on f: class logits [B, K]
 * The generator's batch norms keep running statistics for sampling; the discriminator's always
 * use batch statistics (real and fake batches are normalised separately, as in DCGAN).
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../../core/random.js';
import { conv, convT, dense, leakyRelu, makeConv, makeConvT, makeDense, type Conv, type ConvT, type Dense } from '../nn/layers.js';
import { batchNorm, makeBatchNorm, type BatchNorm, type NormMode } from '../nn/norm.js';
import { ParamStore } from '../nn/params.js';
import { labelPlanes } from '../nn/embedding.js';
import type { GanConfig } from './config.js';

export class Generator {
  readonly store: ParamStore;
  private readonly fc: Dense;
  private readonly bn0: BatchNorm;
  private readonly ups: { t: ConvT; bn: BatchNorm | null }[];

  constructor(private readonly config: GanConfig, rng: RandomStream) {
    const [g0, g1, g2] = config.genChannels;
    this.store = new ParamStore('gan/generator', rng);
    const inF = config.latentDim + (config.conditional ? config.numClasses : 0);
    this.fc = makeDense(this.store, 'fc', inF, 16 * g0, 'dcgan');
    this.bn0 = makeBatchNorm(this.store, 'bn0', 16 * g0, true);
    this.ups = [
      { t: makeConvT(this.store, 'convt1', g0, g1, 4, 2, 'dcgan', false), bn: makeBatchNorm(this.store, 'bn1', g1, true) },
      { t: makeConvT(this.store, 'convt2', g1, g2, 4, 2, 'dcgan', false), bn: makeBatchNorm(this.store, 'bn2', g2, true) },
      { t: makeConvT(this.store, 'convt3', g2, 1, 4, 2, 'dcgan'), bn: null },
    ];
  }

  /** Noise `[B, latent]` (+ one-hot `[B, K]`) -> images `[B, 32, 32, 1]` in [-1, 1] (tanh) or [0, 1] (sigmoid). */
  apply(z: tf.Tensor2D, oneHot: tf.Tensor2D | null, mode: NormMode): tf.Tensor4D {
    const input = oneHot ? tf.concat([z, oneHot], 1) : z;
    let h = tf.reshape(tf.relu(batchNorm(this.bn0, dense(this.fc, input), mode)), [z.shape[0], 4, 4, this.config.genChannels[0]]) as tf.Tensor4D;
    for (const { t, bn } of this.ups) {
      h = convT(t, h);
      if (bn) h = tf.relu(batchNorm(bn, h, mode));
    }
    return this.config.output === 'tanh' ? tf.tanh(h) : tf.sigmoid(h);
  }
}

/** What D says about a batch: real/fake logits, and class logits where it has the auxiliary head. */
export interface DiscriminatorOutput {
  logit: tf.Tensor1D;
  classLogits: tf.Tensor2D | null;
}

export class Discriminator {
  readonly store: ParamStore;
  private readonly convs: { c: Conv; bn: BatchNorm | null }[];
  private readonly head: Dense;
  /** 'projection': class embeddings `[K, 16 d2]`. */
  private readonly embed: tf.Variable | null;
  private readonly classHead: Dense | null;

  constructor(private readonly config: GanConfig, rng: RandomStream) {
    const [d0, d1, d2] = config.discChannels;
    this.store = new ParamStore('gan/discriminator', rng);
    const planes = config.conditional && config.conditioning === 'concat';
    const inC = 1 + (planes ? config.numClasses : 0);
    this.convs = [
      { c: makeConv(this.store, 'conv1', inC, d0, 4, 2, 'dcgan'), bn: null },
      { c: makeConv(this.store, 'conv2', d0, d1, 4, 2, 'dcgan', false), bn: makeBatchNorm(this.store, 'bn2', d1, false) },
      { c: makeConv(this.store, 'conv3', d1, d2, 4, 2, 'dcgan', false), bn: makeBatchNorm(this.store, 'bn3', d2, false) },
    ];
    this.head = makeDense(this.store, 'head', 16 * d2, 1, 'dcgan');
    const projection = config.conditional && config.conditioning === 'projection';
    this.embed = projection ? this.store.param('projection/embedding', [config.numClasses, 16 * d2], { kind: 'normal', std: 0.02 }) : null;
    this.classHead = config.conditional && config.classWeight > 0 ? makeDense(this.store, 'class_head', 16 * d2, config.numClasses, 'dcgan') : null;
  }

  /** Images `[B, 32, 32, 1]` in [-1, 1] (+ one-hot `[B, K]` when conditional) -> logits (real > 0) and class logits. */
  apply(x: tf.Tensor4D, oneHot: tf.Tensor2D | null): DiscriminatorOutput {
    const n = x.shape[0];
    let h = oneHot && this.config.conditioning === 'concat' ? tf.concat([x, labelPlanes(oneHot, this.config.imageSize)], 3) : x;
    for (const { c, bn } of this.convs) {
      const y = conv(c, h);
      h = leakyRelu(bn ? batchNorm(bn, y, 'train') : y, 0.2);
    }
    const features = tf.reshape(h, [n, -1]) as tf.Tensor2D;
    let logit = tf.reshape(dense(this.head, features), [n]) as tf.Tensor1D;
    if (this.embed && oneHot) logit = tf.add(logit, tf.sum(tf.mul(features, tf.matMul(oneHot, this.embed as tf.Tensor2D)), 1));
    return { logit, classLogits: this.classHead ? dense(this.classHead, features) : null };
  }
}
