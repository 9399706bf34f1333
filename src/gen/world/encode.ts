/**
 * Bytes <-> tensors for the world models. Frames enter as one-hot level classes (the raster has
 * only 7 gray levels, so this loses nothing and spares the first layer from untangling gray
 * values); frames leave as per-pixel argmax over the 7 level logits, snapped to raster grays.
 * Rewards are classes over a small vocabulary of values (the rules give few distinct sums).
 * Functions returning tensors run inside the caller's tidy unless they say otherwise.
 */
import * as tf from '@tensorflow/tfjs';
import { FOOD_REWARD, LOSE_PENALTY, SCARED_GHOST_REWARD, STEP_PENALTY, WIN_REWARD } from '../../env/rules.js';
import { NUM_ACTIONS } from '../../env/grid.js';
import { STACK_SIZE } from '../../obs/frame-stack.js';
import { FRAME_HEIGHT, FRAME_SIZE, FRAME_WIDTH } from '../../obs/raster.js';
import { LEVEL_OF_BYTE, LEVELS, NUM_LEVELS } from './cells.js';

/** Action slots fed to the models: the 5 actions, then "unknown" (context steps whose action a stack does not carry). */
export const ACTION_SLOTS = NUM_ACTIONS + 1;
export const UNKNOWN_ACTION = NUM_ACTIONS;

/**
 * One-round reward values (action repeat 1): -step + {0, food} + {0, win with food}
 * + {0, 1 or 2 scared ghosts} + {0, caught}, ascending. Other values map to the nearest.
 */
export const DEFAULT_REWARD_VALUES: readonly number[] = (() => {
  const set = new Set<number>();
  for (const food of [0, FOOD_REWARD, FOOD_REWARD + WIN_REWARD]) {
    for (const ghosts of [0, SCARED_GHOST_REWARD, 2 * SCARED_GHOST_REWARD]) {
      for (const lose of [0, -LOSE_PENALTY]) set.add(-STEP_PENALTY + food + ghosts + lose);
    }
  }
  return [...set].sort((a, b) => a - b);
})();

/** Index of the value in `values` nearest to `r`. */
export function rewardClass(r: number, values: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (Math.abs(values[k] - r) < Math.abs(values[best] - r)) best = k;
  return best;
}

/** Bytes -> level classes (Int32, same length). Noise: with rate > 0, each byte is replaced by a random class with that probability (`uniform` draws in [0, 1)). */
export function levelClasses(bytes: Uint8Array, noise?: { rate: Float32Array; perItem: number; uniform: () => number }): Int32Array {
  const out = new Int32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = LEVEL_OF_BYTE[bytes[i]];
  if (noise) {
    for (let i = 0; i < bytes.length; i++) {
      const rate = noise.rate[(i / noise.perItem) | 0];
      if (rate > 0 && noise.uniform() < rate) out[i] = Math.floor(noise.uniform() * NUM_LEVELS);
    }
  }
  return out;
}

/**
 * Classes (each in [0, 7)) -> one-hot float32 `[n, 84, 84, C * 7]` with C = classes.length /
 * (n * 84 * 84) frames per pixel (4 for a stack, 1 for a frame; frame k's levels in channels
 * 7k..7k+6). Built in plain JS: tfjs's CPU OneHot took ~0.5 s for a batch of 16 stacks.
 */
export function levelOneHot(classes: Int32Array, n: number): tf.Tensor4D {
  const v = new Float32Array(classes.length * NUM_LEVELS);
  for (let i = 0; i < classes.length; i++) v[i * NUM_LEVELS + classes[i]] = 1;
  return tf.tensor4d(v, [n, FRAME_HEIGHT, FRAME_WIDTH, (classes.length / (n * FRAME_SIZE)) * NUM_LEVELS]);
}

/** The newest frame of each stack, as classes (n * FRAME_SIZE). */
export function newestClasses(stackClasses: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n * FRAME_SIZE);
  for (let i = 0; i < n * FRAME_SIZE; i++) out[i] = stackClasses[STACK_SIZE * i + STACK_SIZE - 1];
  return out;
}

/** Actions (each in [0, ACTION_SLOTS)) -> one-hot `[n, ACTION_SLOTS]`. */
export function actionOneHot(actions: ArrayLike<number>): tf.Tensor2D {
  const v = new Float32Array(actions.length * ACTION_SLOTS);
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i];
    if (!(Number.isInteger(a) && a >= 0 && a < ACTION_SLOTS)) throw new RangeError(`action at index ${i} must be an integer in [0, ${NUM_ACTIONS - 1}], got ${a}`);
    v[i * ACTION_SLOTS + a] = 1;
  }
  return tf.tensor2d(v, [actions.length, ACTION_SLOTS]);
}

/**
 * Weighted mean softmax cross-entropy: sum_i w_i * CE(logits_i, target_i) / sum_i w_i over rows
 * of `logits` `[N, K]` and one-hot `target` `[N, K]`, `weight` `[N, 1]` (all ones when null).
 * A custom gradient, w_i (softmax_i - target_i) / sum w: tfjs's logSoftmax and its gradient
 * broadcast `[N, 1]` against `[N, K]` along the last axis, which the fast CPU kernels don't
 * cover (~1 s a step at 16 x 84 x 84 rows); here every such broadcast is a matMul with ones.
 */
export function crossEntropy(logits: tf.Tensor2D, target: tf.Tensor2D, weight: tf.Tensor2D | null = null): tf.Scalar {
  const [n, k] = logits.shape;
  const w = weight ?? tf.ones([n, 1]);
  // Trap: tensors made in a customGrad's forward are disposed after it; the gradient gets them through save().
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, t, wt, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    const rowOnes = tf.ones([1, k]) as tf.Tensor2D;
    const colOnes = tf.ones([k, 1]) as tf.Tensor2D;
    const shifted = tf.sub(x, tf.matMul(tf.max(x, 1, true) as tf.Tensor2D, rowOnes));
    const e = tf.exp(shifted) as tf.Tensor2D;
    const s = tf.matMul(e, colOnes);
    const nll = tf.sub(tf.log(s), tf.matMul(tf.mul(t, shifted) as tf.Tensor2D, colOnes));
    const total = tf.sum(wt);
    const soft = tf.div(e, tf.matMul(s, rowOnes));
    const scale = tf.div(wt, total) as tf.Tensor2D;
    save([tf.sub(soft, t), tf.matMul(scale, rowOnes)]);
    const value = tf.div(tf.sum(tf.mul(nll, wt)), total) as tf.Scalar;
    const gradFunc = (dy: tf.Scalar, saved: tf.Tensor[]): tf.Tensor[] => [tf.mul(tf.mul(saved[0], saved[1]), dy), tf.zerosLike(t), tf.zerosLike(wt)];
    return { value, gradFunc };
  });
  return f(logits, target, w) as tf.Scalar;
}

/** Stable mean binary cross-entropy from logits against 0/1 targets. */
export function binaryCrossEntropy(logits: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))))) as tf.Scalar;
}

/** Per-pixel level logits `[n, 84, 84, 7]` -> gray bytes (n * FRAME_SIZE). Disposes nothing; reads with `await data()`. */
export async function logitsToFrames(logits: tf.Tensor4D): Promise<Uint8Array> {
  const arg = tf.argMax(logits, 3);
  const classes = await arg.data();
  arg.dispose();
  const out = new Uint8Array(classes.length);
  for (let i = 0; i < classes.length; i++) out[i] = LEVELS[classes[i]];
  return out;
}

/**
 * Reward logits `[n, K]` and termination logits `[n]` -> the likeliest reward values, the reward
 * classes' probabilities (n * K, item-major) and the termination probabilities. Disposes nothing.
 */
export async function readHeads(rewardLogits: tf.Tensor2D, termLogits: tf.Tensor1D, values: readonly number[]): Promise<{ reward: Float32Array; rewardProbs: Float32Array; terminated: Float32Array }> {
  const arg = tf.argMax(rewardLogits, 1);
  const probs = tf.softmax(rewardLogits);
  const prob = tf.sigmoid(termLogits);
  const [classes, rewardProbs, p] = await Promise.all([arg.data(), probs.data(), prob.data()]);
  tf.dispose([arg, probs, prob]);
  return { reward: Float32Array.from(classes, (k) => values[k]), rewardProbs: new Float32Array(rewardProbs), terminated: new Float32Array(p) };
}
