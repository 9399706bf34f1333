/**
 * A small U-Net that predicts the noise eps in x_t (Ho et al. 2020, without attention).
 * Input `[B, S, S, 1]` (x_t in about [-1, 1]), integer timesteps, optional labels; output
 * `[B, S, S, 1]`. With channels [c0, .., cL-1]:
 *   temb  = dense(silu(dense(sinusoid(t, 2 c0)))) : [B, 4 c0]  (+ label embedding when conditional)
 *   in    conv3x3 -> c0
 *   down  level i: ResBlock(-> ci), keep as skip i, then conv3x3/2 (except the last level)
 *   mid   ResBlock(cL-1)
 *   up    level i (from the last): add skip i, ResBlock(ci), then convT 4x4/2 -> ci-1 (except level 0)
 *         (additive skips: a channel concat's gradient is the stock SplitV, ~30% of a CPU step)
 *   out   GroupNorm, silu, conv3x3 -> 1 (weights zero: the first prediction is 0)
 * ResBlock(x, temb) = conv2(silu(gn(h) * (1 + scale) + shift)) + skip(x), h = conv1(silu(gn(x))),
 *   [scale, shift] = dense(silu(temb)) per image and channel.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../../core/random.js';
import { conv, convT, dense, makeConv, makeConvT, makeDense, silu, type Conv, type ConvT, type Dense } from '../nn/layers.js';
import { groupNorm, makeGroupNorm, perImageBroadcast, type GroupNorm } from '../nn/norm.js';
import { ParamStore } from '../nn/params.js';
import { oneHotLabels, timeEmbedding } from '../nn/embedding.js';

/** One-hot rows, with label -1 ("no label") as a zero row: no label embedding is added. */
function oneHotOrNone(labels: Int32Array, numClasses: number): tf.Tensor2D {
  if (!labels.includes(-1)) return oneHotLabels(labels, numClasses);
  const known = Int32Array.from(labels, (l) => Math.max(l, 0));
  const keep = Float32Array.from(labels, (l) => (l === -1 ? 0 : 1));
  return tf.mul(oneHotLabels(known, numClasses), tf.tensor2d(keep, [labels.length, 1]));
}
import type { DiffusionConfig } from './config.js';

interface ResBlock {
  gn1: GroupNorm;
  conv1: Conv;
  time: Dense;
  gn2: GroupNorm;
  conv2: Conv;
  skip: Conv | null;
}

function makeResBlock(store: ParamStore, name: string, inC: number, outC: number, tDim: number): ResBlock {
  return {
    gn1: makeGroupNorm(store, `${name}/gn1`, inC),
    conv1: makeConv(store, `${name}/conv1`, inC, outC, 3, 1),
    time: makeDense(store, `${name}/time`, tDim, 2 * outC),
    gn2: makeGroupNorm(store, `${name}/gn2`, outC),
    conv2: makeConv(store, `${name}/conv2`, outC, outC, 3, 1),
    skip: inC === outC ? null : makeConv(store, `${name}/skip`, inC, outC, 1, 1),
  };
}

function resBlock(b: ResBlock, x: tf.Tensor4D, tAct: tf.Tensor2D): tf.Tensor4D {
  const h1 = conv(b.conv1, silu(groupNorm(b.gn1, x)));
  const [n, hh, ww, c] = h1.shape;
  // Time (and label) enter as a per-channel scale and shift after the norm (AdaGN, Nichol &
  // Dhariwal): a shift added before a group norm with one channel per group would be removed
  // by it. Per-image broadcasts are batched matMuls (see groupNorm's note on CPU speed).
  const film = dense(b.time, tAct);
  const scale = tf.reshape(perImageBroadcast(tf.add(tf.slice(film, [0, 0], [n, c]), 1) as tf.Tensor2D, hh * ww), h1.shape);
  const shift = tf.reshape(perImageBroadcast(tf.slice(film, [0, c], [n, c]), hh * ww), h1.shape);
  const h = conv(b.conv2, silu(tf.add(tf.mul(groupNorm(b.gn2, h1), scale), shift) as tf.Tensor4D));
  return tf.add(h, b.skip ? conv(b.skip, x) : x);
}

export class UNet {
  readonly store: ParamStore;
  private readonly sinDim: number;
  private readonly t1: Dense;
  private readonly t2: Dense;
  private readonly labelEmbed: tf.Variable | null;
  private readonly convIn: Conv;
  private readonly downs: { block: ResBlock; down: Conv | null }[] = [];
  private readonly mid: ResBlock;
  private readonly ups: { block: ResBlock; up: ConvT | null }[] = [];
  private readonly gnOut: GroupNorm;
  private readonly convOut: Conv;

  /** `prefix` names the store's variables in checkpoints (the weight average is a twin under another). */
  constructor(private readonly config: DiffusionConfig, rng: RandomStream, prefix = 'diffusion/unet') {
    const ch = config.channels;
    const c0 = ch[0];
    const tDim = 4 * c0;
    this.store = new ParamStore(prefix, rng);
    this.sinDim = Math.max(4, 2 * c0);
    this.t1 = makeDense(this.store, 'time/fc1', this.sinDim, tDim);
    this.t2 = makeDense(this.store, 'time/fc2', tDim, tDim);
    this.labelEmbed = config.conditional ? this.store.param('label/embedding', [config.numClasses, tDim], { kind: 'normal', std: 1 }) : null;
    this.convIn = makeConv(this.store, 'conv_in', 1, c0, 3, 1);
    let prev = c0;
    ch.forEach((c, i) => {
      const block = makeResBlock(this.store, `down${i}`, prev, c, tDim);
      const down = i < ch.length - 1 ? makeConv(this.store, `down${i}/downsample`, c, c, 3, 2) : null;
      this.downs.push({ block, down });
      prev = c;
    });
    this.mid = makeResBlock(this.store, 'mid', prev, prev, tDim);
    for (let i = ch.length - 1; i >= 0; i--) {
      const block = makeResBlock(this.store, `up${i}`, ch[i], ch[i], tDim);
      const up = i > 0 ? makeConvT(this.store, `up${i}/upsample`, ch[i], ch[i - 1], 4, 2) : null;
      this.ups.push({ block, up });
    }
    this.gnOut = makeGroupNorm(this.store, 'out/gn', c0);
    this.convOut = { w: this.store.param('out/conv/kernel', [3, 3, c0, 1], { kind: 'zeros' }), b: this.store.param('out/conv/bias', [1], { kind: 'zeros' }), stride: 1 };
  }

  /**
   * Predicted noise `[B, S, S, 1]` for x_t `[B, S, S, 1]`, timesteps `ts` (B integers in [0, T))
   * and labels (B classes, conditional models only; -1 = "no label", the unconditional
   * prediction of classifier-free guidance). Runs inside the caller's tidy or tape.
   */
  apply(x: tf.Tensor4D, ts: ArrayLike<number>, labels: Int32Array | null): tf.Tensor4D {
    let temb = dense(this.t2, silu(dense(this.t1, timeEmbedding(ts, this.sinDim))));
    if (this.labelEmbed) {
      if (!labels) throw new RangeError('diffusion: a conditional U-Net needs labels');
      temb = tf.add(temb, tf.matMul(oneHotOrNone(labels, this.config.numClasses), this.labelEmbed as tf.Tensor2D));
    }
    const tAct = silu(temb);
    let h = conv(this.convIn, x);
    const skips: tf.Tensor4D[] = [];
    for (const { block, down } of this.downs) {
      h = resBlock(block, h, tAct);
      skips.push(h);
      if (down) h = conv(down, h);
    }
    h = resBlock(this.mid, h, tAct);
    for (const { block, up } of this.ups) {
      h = resBlock(block, tf.add(h, skips.pop() as tf.Tensor4D), tAct);
      if (up) h = convT(up, h);
    }
    return conv(this.convOut, silu(groupNorm(this.gnOut, h)));
  }
}
