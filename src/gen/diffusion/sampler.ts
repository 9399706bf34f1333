/**
 * The diffusion process as tensor maths over one schedule. Images here are in [-1, 1]; shapes
 * `[B, S, S, 1]`; every function runs inside the caller's tidy and disposes nothing.
 *   forward (closed form): x_t = sqrt(alphaBar_t) x0 + sqrt(1 - alphaBar_t) eps
 *   x0 from eps:           x0 = (x_t - sqrt(1 - alphaBar_t) eps) / sqrt(alphaBar_t)
 *   velocity (v-prediction, Salimans & Ho 2022): v = sqrt(alphaBar_t) eps - sqrt(1 - alphaBar_t) x0,
 *                          so eps = sqrt(1 - alphaBar_t) x_t + sqrt(alphaBar_t) v
 *   DDPM ancestral step:   x_{t-1} ~ N(posterior mean of q(x_{t-1} | x_t, x0), beta~_t),
 *                          beta~_t = beta_t (1 - alphaBar_{t-1}) / (1 - alphaBar_t); no noise at t = 0
 *   DDIM step (eta = 0):   x_prev = sqrt(alphaBar_prev) x0 + sqrt(1 - alphaBar_prev) eps
 */
import * as tf from '@tensorflow/tfjs';
import type { NoiseSchedule } from './schedule.js';

/** Per-image coefficients `[B, 1, 1, 1]`. */
function perImage(values: ArrayLike<number>): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(values), [values.length, 1, 1, 1]);
}

/** Closed-form q(x_t | x0) with the given eps; `ts` holds one timestep per image. */
export function qSample(s: NoiseSchedule, x0: tf.Tensor4D, ts: ArrayLike<number>, eps: tf.Tensor4D): tf.Tensor4D {
  const a = perImage(Array.from(ts, (t) => Math.sqrt(s.alphaBar[t])));
  const b = perImage(Array.from(ts, (t) => Math.sqrt(1 - s.alphaBar[t])));
  return tf.add(tf.mul(a, x0), tf.mul(b, eps));
}

/** The velocity target v of each image (`ts`: one timestep per image) for its x0 and eps. */
export function velocity(s: NoiseSchedule, x0: tf.Tensor4D, ts: ArrayLike<number>, eps: tf.Tensor4D): tf.Tensor4D {
  const a = perImage(Array.from(ts, (t) => Math.sqrt(s.alphaBar[t])));
  const b = perImage(Array.from(ts, (t) => Math.sqrt(1 - s.alphaBar[t])));
  return tf.sub(tf.mul(a, eps), tf.mul(b, x0));
}

/** The noise implied by a predicted velocity v at step t (all images at the same t). */
export function epsFromVelocity(s: NoiseSchedule, xt: tf.Tensor4D, t: number, v: tf.Tensor4D): tf.Tensor4D {
  const ab = s.alphaBar[t];
  return tf.add(tf.mul(xt, Math.sqrt(1 - ab)), tf.mul(v, Math.sqrt(ab)));
}

/** The model's estimate of x0 at step t (all images at the same t), clipped to [-1, 1] when `clip`. */
export function predictX0(s: NoiseSchedule, xt: tf.Tensor4D, t: number, eps: tf.Tensor4D, clip: boolean): tf.Tensor4D {
  const ab = s.alphaBar[t];
  const x0 = tf.div(tf.sub(xt, tf.mul(eps, Math.sqrt(1 - ab))), Math.sqrt(ab)) as tf.Tensor4D;
  return clip ? tf.clipByValue(x0, -1, 1) : x0;
}

export interface StepResult {
  /** The next, less noisy x. */
  x: tf.Tensor4D;
  /** The x0 estimate this step used. */
  x0: tf.Tensor4D;
}

/** One DDPM step t -> t-1; `noise` (standard normal, x's shape) is ignored at t = 0. */
export function ddpmStep(s: NoiseSchedule, xt: tf.Tensor4D, t: number, eps: tf.Tensor4D, noise: tf.Tensor4D | null, clip: boolean): StepResult {
  const ab = s.alphaBar[t];
  const abPrev = t > 0 ? s.alphaBar[t - 1] : 1;
  const beta = s.betas[t];
  const x0 = predictX0(s, xt, t, eps, clip);
  const mean = tf.add(tf.mul(x0, (Math.sqrt(abPrev) * beta) / (1 - ab)), tf.mul(xt, (Math.sqrt(s.alphas[t]) * (1 - abPrev)) / (1 - ab))) as tf.Tensor4D;
  if (t === 0 || !noise) return { x: mean, x0 };
  const sigma = Math.sqrt((beta * (1 - abPrev)) / (1 - ab));
  return { x: tf.add(mean, tf.mul(noise, sigma)), x0 };
}

/** One deterministic DDIM step from t to tPrev (tPrev = -1: the final step, to x0). */
export function ddimStep(s: NoiseSchedule, xt: tf.Tensor4D, t: number, tPrev: number, eps: tf.Tensor4D, clip: boolean): StepResult {
  const ab = s.alphaBar[t];
  const abPrev = tPrev >= 0 ? s.alphaBar[tPrev] : 1;
  const x0 = predictX0(s, xt, t, eps, clip);
  // After clipping x0, re-derive eps so that x0 and eps stay consistent with x_t.
  const e = clip ? tf.div(tf.sub(xt, tf.mul(x0, Math.sqrt(ab))), Math.sqrt(1 - ab)) : eps;
  return { x: tf.add(tf.mul(x0, Math.sqrt(abPrev)), tf.mul(e, Math.sqrt(1 - abPrev))), x0 };
}
