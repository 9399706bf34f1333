/**
 * norm.ts's group norm through Pac-Lab's fused WebGPU kernels
 * (src/tf/kernels/webgpu/group-norm.ts): 2 programs forward and 4 backward instead of ~40 generic
 * ones, agreeing with the generic path to float rounding (tests/unit/tf/webgpu-kernels.test.ts).
 * `fusedGroupNormAvailable()` says whether the backend in use has the kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { GN_INPUT_GRAD, GN_NORMALIZE, GN_PARAM_GRAD, GN_STATS, GN_UNIT_GRAD } from '../../tf/kernels/webgpu/group-norm.js';

export function fusedGroupNormAvailable(): boolean {
  const backend = tf.getBackend();
  return [GN_STATS, GN_NORMALIZE, GN_UNIT_GRAD, GN_INPUT_GRAD, GN_PARAM_GRAD].every((name) => tf.getKernel(name, backend) !== undefined);
}

/** `[B, H, W, C]` normalised per image and channel group, then scaled by gamma and shifted by beta; differentiable in all three. */
export function fusedGroupNorm(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, groups: number, epsilon: number): tf.Tensor4D {
  // Outside the custom gradient: its backward pass covers the statistics' dependence on x.
  const stats = tf.engine().runKernel(GN_STATS, { x }, { groups }) as tf.Tensor1D;
  const attrs = { groups, epsilon };
  // customGrad's callback receives the inputs, then `save`: what the gradient reads goes
  // through it (see src/rl/td-fused.ts).
  const normalize = tf.customGrad((...args: unknown[]) => {
    const [input, g, b] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
    (args[3] as (tensors: tf.Tensor[]) => void)([input, g, stats]);
    return {
      value: tf.engine().runKernel(GN_NORMALIZE, { x: input, stats, gamma: g, beta: b }, attrs) as tf.Tensor4D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sGamma, sStats] = saved;
        const unitGrad = tf.engine().runKernel(GN_UNIT_GRAD, { dy, x: sx, stats: sStats, gamma: sGamma }, attrs) as tf.Tensor;
        const dx = tf.engine().runKernel(GN_INPUT_GRAD, { dy, x: sx, stats: sStats, gamma: sGamma, unitGrad }, attrs) as tf.Tensor;
        const dBeta = tf.engine().runKernel(GN_PARAM_GRAD, { dy, x: sx, stats: sStats }, { ...attrs, part: 0 }) as tf.Tensor;
        const dGamma = tf.engine().runKernel(GN_PARAM_GRAD, { dy, x: sx, stats: sStats }, { ...attrs, part: 1 }) as tf.Tensor;
        return [dx, dGamma, dBeta];
      },
    };
  });
  return normalize(x, gamma, beta) as tf.Tensor4D;
}
