/**
 * The VAE's encoder and decoder (plain variables, seeded).
 *   encoder: [B, S, S, 1 (+K label planes)] -> conv 4x4/2 (c0) relu -> conv 4x4/2 (c1) relu
 *            -> flatten -> dense mu [B, latent], dense logVar [B, latent]
 *   decoder: [B, latent (+K one-hot)] -> dense (S/4)^2 * c1 relu -> reshape
 *            -> convT 4x4/2 (c0) relu -> convT 4x4/2 (1) -> logits [B, S, S, 1]
 * The decoder returns logits; sigmoid(logits) is the image in [0, 1]. S must be divisible by 4.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../../core/random.js';
import { conv, convT, dense, makeConv, makeConvT, makeDense, type Conv, type ConvT, type Dense } from '../nn/layers.js';
import { ParamStore } from '../nn/params.js';
import { labelPlanes } from '../nn/embedding.js';
import type { VaeConfig } from './config.js';

export class VaeEncoder {
  readonly store: ParamStore;
  private readonly c1: Conv;
  private readonly c2: Conv;
  private readonly mu: Dense;
  private readonly logVar: Dense;

  constructor(private readonly config: VaeConfig, rng: RandomStream) {
    const { imageSize: s, channels: [c0, c1], latentDim } = config;
    this.store = new ParamStore('vae/encoder', rng);
    const inC = 1 + (config.conditional ? config.numClasses : 0);
    this.c1 = makeConv(this.store, 'conv1', inC, c0, 4, 2);
    this.c2 = makeConv(this.store, 'conv2', c0, c1, 4, 2);
    const flat = (s / 4) * (s / 4) * c1;
    this.mu = makeDense(this.store, 'mu', flat, latentDim);
    this.logVar = makeDense(this.store, 'log_var', flat, latentDim);
  }

  /** Images `[B, S, S, 1]` in [0, 1] (and one-hot `[B, K]` when conditional) -> mean and log-variance `[B, latent]`. */
  apply(x: tf.Tensor4D, oneHot: tf.Tensor2D | null): { mu: tf.Tensor2D; logVar: tf.Tensor2D } {
    const input = oneHot ? tf.concat([x, labelPlanes(oneHot, this.config.imageSize)], 3) : x;
    const h1 = tf.relu(conv(this.c1, input));
    const h2 = tf.relu(conv(this.c2, h1));
    const flat = tf.reshape(h2, [x.shape[0], -1]) as tf.Tensor2D;
    return { mu: dense(this.mu, flat), logVar: dense(this.logVar, flat) };
  }
}

export class VaeDecoder {
  readonly store: ParamStore;
  private readonly fc: Dense;
  private readonly t1: ConvT;
  private readonly t2: ConvT;

  constructor(private readonly config: VaeConfig, rng: RandomStream) {
    const { imageSize: s, channels: [c0, c1], latentDim } = config;
    this.store = new ParamStore('vae/decoder', rng);
    const inF = latentDim + (config.conditional ? config.numClasses : 0);
    this.fc = makeDense(this.store, 'fc', inF, (s / 4) * (s / 4) * c1);
    this.t1 = makeConvT(this.store, 'convt1', c1, c0, 4, 2);
    this.t2 = makeConvT(this.store, 'convt2', c0, 1, 4, 2);
  }

  /** Latents `[B, latent]` (and one-hot `[B, K]` when conditional) -> logits `[B, S, S, 1]`. */
  apply(z: tf.Tensor2D, oneHot: tf.Tensor2D | null): tf.Tensor4D {
    const { imageSize: s, channels: [, c1] } = this.config;
    const input = oneHot ? tf.concat([z, oneHot], 1) : z;
    const h = tf.reshape(tf.relu(dense(this.fc, input)), [z.shape[0], s / 4, s / 4, c1]) as tf.Tensor4D;
    return convT(this.t2, tf.relu(convT(this.t1, h)));
  }
}
