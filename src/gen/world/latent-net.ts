/**
 * The latent world model's networks (World Models, Ha & Schmidhuber 2018, with a GRU for the
 * LSTM). Not the lab's VAE (src/gen/vae): that one decodes one sigmoid channel at 84x84 through
 * a 21*21*c1-wide dense layer; here frames are 7-level one-hot, decoded per pixel to level
 * logits, and the nets work from 4x4 patches (21x21, 11x11, 6x6) to stay fast on CPU.
 *   encoder  one-hot frame [B, 84, 84, 7] -> patch conv 4x4/4 (c0) relu -> conv 3x3/2 (c1) relu
 *            -> conv 3x3/2 (c1) relu [B, 6, 6, c1] -> flatten -> dense mu, dense logVar [B, L]
 *   decoder  z [B, L] -> dense 36 c1 relu -> [B, 6, 6, c1] -> convT 3x3/2 pad 1 (c1) relu (11)
 *            -> convT 3x3/2 pad 1 (c0) relu (21) -> readout -> level logits [B, 84, 84, 7]
 *   gru      h' = GRU(h, [z, action one-hot (6)]); z' = z + dense(h'); heads = dense(h') -> K + 1
 *            GRU (Cho et al. 2014): r = s(x Wr + h Ur + br), u = s(x Wu + h Uu + bu),
 *            n = tanh(x Wn + r * (h Un) + bn), h' = (1 - u) * n + u * h.
 * Every apply runs inside the caller's tidy or tape.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../../core/random.js';
import { conv, dense, makeConv, makeConvT, makeDense, type Conv, type ConvT, type Dense } from '../nn/layers.js';
import { ParamStore } from '../nn/params.js';
import { makePatchEmbed, makeReadout, readout, upsample, type Readout } from './blocks.js';
import { NUM_LEVELS } from './cells.js';
import type { LatentWorldConfig } from './config.js';
import { ACTION_SLOTS } from './encode.js';

const BOTTOM = 6;

export class FrameEncoder {
  readonly store: ParamStore;
  private readonly embed: Conv;
  private readonly c1: Conv;
  private readonly c2: Conv;
  private readonly mu: Dense;
  private readonly logVar: Dense;

  constructor(config: LatentWorldConfig, rng: RandomStream) {
    const [c0, c1] = config.channels;
    this.store = new ParamStore('world-latent/encoder', rng);
    this.embed = makePatchEmbed(this.store, 'embed', NUM_LEVELS, c0);
    this.c1 = makeConv(this.store, 'conv1', c0, c1, 3, 2);
    this.c2 = makeConv(this.store, 'conv2', c1, c1, 3, 2);
    this.mu = makeDense(this.store, 'mu', BOTTOM * BOTTOM * c1, config.latentDim);
    this.logVar = makeDense(this.store, 'log_var', BOTTOM * BOTTOM * c1, config.latentDim);
  }

  /** One-hot frames `[B, 84, 84, 7]` -> mean and log-variance `[B, L]`. */
  apply(x: tf.Tensor4D): { mu: tf.Tensor2D; logVar: tf.Tensor2D } {
    const h = tf.relu(conv(this.c2, tf.relu(conv(this.c1, tf.relu(conv(this.embed, x))))));
    const flat = tf.reshape(h, [x.shape[0], -1]) as tf.Tensor2D;
    return { mu: dense(this.mu, flat), logVar: dense(this.logVar, flat) };
  }
}

export class FrameDecoder {
  readonly store: ParamStore;
  private readonly fc: Dense;
  private readonly t1: ConvT;
  private readonly t2: ConvT;
  private readonly out: Readout;

  constructor(private readonly config: LatentWorldConfig, rng: RandomStream) {
    const [c0, c1] = config.channels;
    this.store = new ParamStore('world-latent/decoder', rng);
    this.fc = makeDense(this.store, 'fc', config.latentDim, BOTTOM * BOTTOM * c1);
    this.t1 = makeConvT(this.store, 'convt1', c1, c1, 3, 2);
    this.t2 = makeConvT(this.store, 'convt2', c1, c0, 3, 2);
    this.out = makeReadout(this.store, 'readout', c0, config.pixelHidden, false);
  }

  /** Latents `[B, L]` -> level logits `[B, 84, 84, 7]`. */
  apply(z: tf.Tensor2D): tf.Tensor4D {
    const c1 = this.config.channels[1];
    const h = tf.reshape(tf.relu(dense(this.fc, z)), [z.shape[0], BOTTOM, BOTTOM, c1]) as tf.Tensor4D;
    const h11 = tf.relu(upsample(this.t1, h, 11));
    return readout(this.out, tf.relu(upsample(this.t2, h11, 21)), null);
  }
}

export class LatentDynamics {
  readonly store: ParamStore;
  readonly hidden: number;
  private readonly wx: Dense;
  private readonly wh: tf.Variable;
  private readonly dz: Dense;
  private readonly heads: Dense;

  constructor(config: LatentWorldConfig, rng: RandomStream) {
    const { latentDim: L, hidden: H } = config;
    this.hidden = H;
    this.store = new ParamStore('world-latent/gru', rng);
    this.wx = makeDense(this.store, 'wx', L + ACTION_SLOTS, 3 * H);
    this.wh = this.store.param('wh', [H, 3 * H], { kind: 'fanIn', fanIn: H });
    this.dz = makeDense(this.store, 'dz', H, L);
    this.heads = makeDense(this.store, 'heads', H, config.rewardValues.length + 1);
  }

  /** One GRU step: h `[B, H]`, z `[B, L]`, action one-hot `[B, ACTION_SLOTS]` -> h' `[B, H]`. */
  step(h: tf.Tensor2D, z: tf.Tensor2D, action: tf.Tensor2D): tf.Tensor2D {
    const H = this.hidden;
    const b = h.shape[0];
    const gx = dense(this.wx, tf.concat([z, action], 1) as tf.Tensor2D);
    const gh = tf.matMul(h, this.wh as tf.Tensor2D) as tf.Tensor2D;
    const part = (t: tf.Tensor2D, i: number): tf.Tensor2D => tf.slice(t, [0, i * H], [b, H]) as tf.Tensor2D;
    const r = tf.sigmoid(tf.add(part(gx, 0), part(gh, 0))) as tf.Tensor2D;
    const u = tf.sigmoid(tf.add(part(gx, 1), part(gh, 1))) as tf.Tensor2D;
    const n = tf.tanh(tf.add(part(gx, 2), tf.mul(r, part(gh, 2))));
    return tf.add(tf.mul(tf.sub(1, u), n), tf.mul(u, h)) as tf.Tensor2D;
  }

  /**
   * Runs the GRU from h = 0 over `zs` (T latents `[B, L]`, oldest first) with `actions` (T
   * one-hots) and predicts from the last state: the next latent (zs[T-1] + delta), reward
   * logits `[B, K]` and termination logits `[B]`.
   */
  predict(zs: tf.Tensor2D[], actions: tf.Tensor2D[]): { z: tf.Tensor2D; reward: tf.Tensor2D; terminal: tf.Tensor1D } {
    const b = zs[0].shape[0];
    let h = tf.zeros([b, this.hidden]) as tf.Tensor2D;
    zs.forEach((z, t) => { h = this.step(h, z, actions[t]); });
    const heads = dense(this.heads, h);
    const k = heads.shape[1] - 1;
    return {
      z: tf.add(zs[zs.length - 1], dense(this.dz, h)) as tf.Tensor2D,
      reward: tf.slice(heads, [0, 0], [b, k]),
      terminal: tf.reshape(tf.slice(heads, [0, k], [b, 1]), [b]),
    };
  }
}
