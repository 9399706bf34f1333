/**
 * The pixel world model's network: an action-conditioned U-Net-like conv net over the last 4
 * frames stacked as channels (one-hot levels), predicting the next frame's per-pixel level
 * logits, the reward class and termination. With channels [c0, c1]:
 *   in     one-hot stack [B, 84, 84, 28] -> patch conv 4x4/4 -> [B, 21, 21, c0]
 *   enc    ResBlock(c0) (kept as the skip) -> conv 3x3/2 -> relu -> [B, 11, 11, c1]
 *   mid    midBlocks x ResBlock(c1)
 *   dec    convT 3x3/2 (pad 1: 11 -> 21) -> + skip -> ResBlock(c0)
 *   out    readout (per-pixel hidden, 7 logits, + copy path from the newest frame) [B, 84, 84, 7]
 *   heads  mean over the 11x11 mid features -> dense(c1) relu -> dense(K + 1): reward logits
 *          [B, K] and the termination logit [B]
 * Every ResBlock takes the action through FiLM (blocks.ts): the action changes every level.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../../core/random.js';
import { STACK_SIZE } from '../../obs/frame-stack.js';
import { conv, dense, makeConv, makeConvT, makeDense, type Conv, type ConvT, type Dense } from '../nn/layers.js';
import { perImageChannelMean } from '../nn/norm.js';
import { ParamStore } from '../nn/params.js';
import { makePatchEmbed, makeReadout, makeResBlock, readout, resBlock, upsample, type Readout, type ResBlock } from './blocks.js';
import { NUM_LEVELS } from './cells.js';
import type { PixelWorldConfig } from './config.js';

export interface WorldHeads {
  /** Per-pixel level logits `[B, 84, 84, 7]`. */
  logits: tf.Tensor4D;
  /** Reward class logits `[B, K]` (K = rewardValues.length). */
  reward: tf.Tensor2D;
  /** Termination logits `[B]`. */
  terminal: tf.Tensor1D;
}

export class PixelWorldNet {
  readonly store: ParamStore;
  private readonly embed: Conv;
  private readonly enc: ResBlock;
  private readonly down: Conv;
  private readonly mid: ResBlock[];
  private readonly up: ConvT;
  private readonly dec: ResBlock;
  private readonly out: Readout;
  private readonly head1: Dense;
  private readonly head2: Dense;

  constructor(config: PixelWorldConfig, rng: RandomStream) {
    const [c0, c1] = config.channels;
    const s = new ParamStore('world-pixel/net', rng);
    this.store = s;
    this.embed = makePatchEmbed(s, 'embed', STACK_SIZE * NUM_LEVELS, c0);
    this.enc = makeResBlock(s, 'enc', c0);
    this.down = makeConv(s, 'down', c0, c1, 3, 2);
    this.mid = Array.from({ length: config.midBlocks }, (_, i) => makeResBlock(s, `mid${i}`, c1));
    this.up = makeConvT(s, 'up', c1, c0, 3, 2);
    this.dec = makeResBlock(s, 'dec', c0);
    this.out = makeReadout(s, 'readout', c0, config.pixelHidden, true);
    this.head1 = makeDense(s, 'head/fc1', c1, c1);
    this.head2 = makeDense(s, 'head/fc2', c1, config.rewardValues.length + 1);
  }

  /**
   * `stack` one-hot `[B, 84, 84, 28]`, `last` the newest frame one-hot `[B, 84, 84, 7]`,
   * `action` one-hot `[B, ACTION_SLOTS]`. Runs inside the caller's tidy or tape.
   */
  apply(stack: tf.Tensor4D, last: tf.Tensor4D, action: tf.Tensor2D): WorldHeads {
    const skip = resBlock(this.enc, conv(this.embed, stack), action);
    let h = tf.relu(conv(this.down, skip));
    for (const block of this.mid) h = resBlock(block, h, action);
    const [b, hh, ww, c1] = h.shape;
    const pooled = perImageChannelMean(tf.reshape(tf.relu(h), [b, hh * ww, c1]) as tf.Tensor3D);
    const heads = dense(this.head2, tf.relu(dense(this.head1, pooled)));
    const k = heads.shape[1] - 1;
    const d = resBlock(this.dec, tf.add(upsample(this.up, h, skip.shape[1]), skip), action);
    return {
      logits: readout(this.out, d, last),
      reward: tf.slice(heads, [0, 0], [b, k]),
      terminal: tf.reshape(tf.slice(heads, [0, k], [b, 1]), [b]),
    };
  }
}
