/**
 * The networks and the DQN update that the CPU kernel benchmarks time. Built with tf.layers and
 * seeded initialisers, so every run does the same arithmetic; the data are seeded too (a small
 * LCG: no Math.random).
 *
 * Update, as the DQN trainer does it (Double DQN, Huber loss, Adam), batch B:
 *   a* = argmax_a Q_online(s', a);  y = r + gamma * (1 - done) * Q_target(s', a*)   (no gradient)
 *   loss = huber(y, sum(Q_online(s) * onehot(a)));  Adam step on the online weights.
 */
import * as tf from '@tensorflow/tfjs';

export type BenchNet = 'nature' | 'small';

/** Conv layers [filters, kernel, stride] and the hidden width of each benchmarked net. */
export const BENCH_NET_SPECS: Readonly<Record<BenchNet, { convs: readonly [number, number, number][]; hidden: number }>> = {
  nature: { convs: [[32, 8, 4], [64, 4, 2], [64, 3, 1]], hidden: 512 },
  small: { convs: [[16, 8, 4], [32, 4, 2]], hidden: 256 },
};

export const FRAME_SIZE = 84;
export const FRAME_STACK = 4;
export const NUM_ACTIONS = 5;

/** A Q-network [B, 84, 84, 4] float32 in [0, 1] -> [B, NUM_ACTIONS]; weights seeded from `seed` (>= 1). */
export function buildQNet(net: BenchNet, seed: number): tf.Sequential {
  const spec = BENCH_NET_SPECS[net];
  let nextSeed = seed;
  const init = () => tf.initializers.glorotUniform({ seed: nextSeed++ });
  const model = tf.sequential();
  spec.convs.forEach(([filters, kernelSize, strides], i) => {
    model.add(tf.layers.conv2d({
      ...(i === 0 ? { inputShape: [FRAME_SIZE, FRAME_SIZE, FRAME_STACK] } : {}),
      filters, kernelSize, strides, padding: 'valid', activation: 'relu',
      kernelInitializer: init(), biasInitializer: 'zeros',
    }));
  });
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: spec.hidden, activation: 'relu', kernelInitializer: init(), biasInitializer: 'zeros' }));
  model.add(tf.layers.dense({ units: NUM_ACTIONS, kernelInitializer: init(), biasInitializer: 'zeros' }));
  return model;
}

/** Deterministic uniform [0, 1) numbers (Park-Miller LCG); `seed` >= 1. */
export function seededUniform(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed % 2147483647 || 1;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    out[i] = (s - 1) / 2147483646;
  }
  return out;
}

/** One replay minibatch; frames are quantised to k/255 like real uint8 observations. */
export interface BenchBatch {
  s: tf.Tensor4D; s2: tf.Tensor4D; a: tf.Tensor1D; r: tf.Tensor1D; done: tf.Tensor1D;
}

export function makeBatch(batch: number, seed: number): BenchBatch {
  const frame = (k: number): tf.Tensor4D => {
    const u = seededUniform(batch * FRAME_SIZE * FRAME_SIZE * FRAME_STACK, seed + k);
    for (let i = 0; i < u.length; i++) u[i] = Math.floor(u[i] * 256) / 255;
    return tf.tensor4d(u, [batch, FRAME_SIZE, FRAME_SIZE, FRAME_STACK]);
  };
  const u = seededUniform(batch * 3, seed + 2);
  const actions = new Int32Array(batch);
  const rewards = new Float32Array(batch);
  const dones = new Float32Array(batch);
  for (let i = 0; i < batch; i++) {
    actions[i] = Math.floor(u[3 * i] * NUM_ACTIONS);
    rewards[i] = u[3 * i + 1] < 0.5 ? -1 : 10;
    dones[i] = u[3 * i + 2] < 0.05 ? 1 : 0;
  }
  return { s: frame(0), s2: frame(1), a: tf.tensor1d(actions, 'int32'), r: tf.tensor1d(rewards), done: tf.tensor1d(dones) };
}

export function disposeBatch(b: BenchBatch): void {
  tf.dispose([b.s, b.s2, b.a, b.r, b.done]);
}

/** One Double-DQN update (see the module comment); leaves no tensors behind. */
export function dqnUpdate(online: tf.LayersModel, target: tf.LayersModel, opt: tf.Optimizer, b: BenchBatch, gamma = 0.99): void {
  tf.tidy(() => {
    const aStar = tf.argMax(online.apply(b.s2) as tf.Tensor2D, 1);
    const qNext = tf.sum(tf.mul(target.apply(b.s2) as tf.Tensor2D, tf.oneHot(aStar, NUM_ACTIONS)), 1);
    const y = tf.add(b.r, tf.mul(tf.scalar(gamma), tf.mul(tf.sub(1, b.done), qNext)));
    const picked = tf.oneHot(b.a, NUM_ACTIONS);
    opt.minimize(() => {
      const q = online.apply(b.s, { training: true }) as tf.Tensor2D;
      return tf.losses.huberLoss(y, tf.sum(tf.mul(q, picked), 1));
    }, true);
  });
}
