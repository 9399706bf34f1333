/**
 * Batch norm (GAN) and group norm (U-Net) over NHWC tensors, as parameter records plus apply
 * functions that run inside the caller's tidy or gradient tape.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedBatchNorm, fusedBatchNormAvailable, fusedRunningStat } from './batch-norm-fused.js';
import { fusedGroupNorm, fusedGroupNormAvailable } from './group-norm-fused.js';
import type { ParamStore } from './params.js';

const EPS = 1e-5;

export interface BatchNorm {
  gamma: tf.Variable;
  beta: tf.Variable;
  /** Running mean/variance for inference, or null for a norm that always uses batch statistics. */
  runMean: tf.Variable | null;
  runVar: tf.Variable | null;
  /** Weight of the new batch in the running averages (PyTorch's momentum, 0.1). */
  momentum: number;
}

/** Batch norm over every axis but the last (channels); `running` adds running statistics. */
export function makeBatchNorm(store: ParamStore, name: string, channels: number, running: boolean): BatchNorm {
  return {
    gamma: store.param(`${name}/gamma`, [channels], { kind: 'ones' }),
    beta: store.param(`${name}/beta`, [channels], { kind: 'zeros' }),
    runMean: running ? store.buffer(`${name}/running_mean`, [channels], 0) : null,
    runVar: running ? store.buffer(`${name}/running_var`, [channels], 1) : null,
    momentum: 0.1,
  };
}

/**
 * How a batch norm runs: 'train' normalises by batch statistics and updates the running ones;
 * 'train-frozen' uses batch statistics without touching the running ones (a forward pass that
 * must not count twice, e.g. the generator's output fed to the discriminator's step);
 * 'eval' uses the running statistics (falls back to batch statistics when there are none).
 */
export type NormMode = 'train' | 'train-frozen' | 'eval';

export function batchNorm<T extends tf.Tensor>(bn: BatchNorm, x: T, mode: NormMode): T {
  if (mode === 'eval' && bn.runMean && bn.runVar) {
    return tf.add(tf.mul(tf.div(tf.sub(x, bn.runMean), tf.sqrt(tf.add(bn.runVar, EPS))), bn.gamma), bn.beta);
  }
  if (fusedBatchNormAvailable()) {
    // WebGPU: a few fused programs (batch-norm-fused.ts), the same arithmetic as below.
    const { y, stats } = fusedBatchNorm(x, bn.gamma as tf.Tensor1D, bn.beta as tf.Tensor1D, EPS);
    if (mode === 'train' && bn.runMean && bn.runVar) {
      bn.runMean.assign(fusedRunningStat(bn.runMean as tf.Tensor1D, stats, bn.momentum, 0));
      bn.runVar.assign(fusedRunningStat(bn.runVar as tf.Tensor1D, stats, bn.momentum, 1));
    }
    return y;
  }
  // Sums over the leading axes and [C]-against-[..., C] broadcasts: the fast CPU kernels' paths
  // (tf.moments goes through the stock Mean and a transpose, ~10x slower here).
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const count = x.size / x.shape[x.shape.length - 1];
  const mean = tf.div(tf.sum(x, axes), count);
  const centred = tf.sub(x, mean);
  const variance = tf.div(tf.sum(tf.square(centred), axes), count);
  if (mode === 'train' && bn.runMean && bn.runVar) {
    // Assigned inside the caller's tape: the branch does not reach the loss, so no gradient.
    const m = bn.momentum;
    bn.runMean.assign(tf.add(tf.mul(bn.runMean, 1 - m), tf.mul(mean, m)));
    bn.runVar.assign(tf.add(tf.mul(bn.runVar, 1 - m), tf.mul(variance, m)));
  }
  return tf.add(tf.mul(tf.div(centred, tf.sqrt(tf.add(variance, EPS))), bn.gamma), bn.beta);
}

export interface GroupNorm {
  gamma: tf.Variable;
  beta: tf.Variable;
  groups: number;
}

/** Group norm with the largest group count <= 8 that divides `channels`. */
export function makeGroupNorm(store: ParamStore, name: string, channels: number): GroupNorm {
  let groups = Math.min(8, channels);
  while (channels % groups !== 0) groups--;
  return {
    gamma: store.param(`${name}/gamma`, [channels], { kind: 'ones' }),
    beta: store.param(`${name}/beta`, [channels], { kind: 'zeros' }),
    groups,
  };
}

/**
 * `[B, H, W, C]` normalised per image and per channel group (batch-size independent).
 * Trap (CPU speed): the fast CPU kernels broadcast only along leading axes, so a per-image
 * `[B, 1, 1, C]` operand would take the stock kernels' per-element index path (seconds a
 * step). Per-image statistics and broadcasts here are batched matMuls instead (see perImage*).
 */
export function groupNorm(gn: GroupNorm, x: tf.Tensor4D): tf.Tensor4D {
  // WebGPU: a few fused programs (group-norm-fused.ts), the same arithmetic as below.
  if (fusedGroupNormAvailable()) return fusedGroupNorm(x, gn.gamma as tf.Tensor1D, gn.beta as tf.Tensor1D, gn.groups, EPS);
  const [b, h, w, c] = x.shape;
  const xm = tf.reshape(x, [b, h * w, c]) as tf.Tensor3D;
  const groupAvg = groupAverager(c, gn.groups);
  const mean = tf.matMul(perImageChannelMean(xm), groupAvg);
  const meanSq = tf.matMul(perImageChannelMean(tf.square(xm)), groupAvg);
  const variance = tf.relu(tf.sub(meanSq, tf.square(mean)));
  const scale = tf.mul(tf.rsqrt(tf.add(variance, EPS)), gn.gamma) as tf.Tensor2D;
  const shift = tf.sub(gn.beta, tf.mul(mean, scale)) as tf.Tensor2D;
  const y = tf.add(tf.mul(xm, perImageBroadcast(scale, h * w)), perImageBroadcast(shift, h * w));
  return tf.reshape(y, [b, h, w, c]);
}

/** `[C, C]` matrix averaging each channel group: (row-vector of channel means) @ it = group mean per channel. */
function groupAverager(c: number, groups: number): tf.Tensor2D {
  const size = c / groups;
  const m = new Float32Array(c * c);
  for (let i = 0; i < c; i++) {
    const g = Math.floor(i / size);
    for (let j = g * size; j < (g + 1) * size; j++) m[i * c + j] = 1 / size;
  }
  return tf.tensor2d(m, [c, c]);
}

/** `[B, N, C]` -> `[B, C]`: mean over N per image, as a batched matMul with a ones row. */
export function perImageChannelMean(x: tf.Tensor3D): tf.Tensor2D {
  const [b, n, c] = x.shape;
  return tf.reshape(tf.matMul(tf.fill([b, 1, n], 1 / n), x), [b, c]);
}

/** `[B, C]` -> `[B, N, C]`: each image's row repeated N times, as a batched matMul with a ones column. */
export function perImageBroadcast(v: tf.Tensor2D, n: number): tf.Tensor3D {
  const [b, c] = v.shape;
  return tf.matMul(tf.ones([b, n, 1]), tf.reshape(v, [b, 1, c]));
}
