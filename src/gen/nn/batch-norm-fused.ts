/**
 * norm.ts's training-mode batch norm through Pac-Lab's fused WebGPU kernels
 * (src/tf/kernels/webgpu/batch-norm.ts): 2 programs forward, 3 backward, 2 for the running
 * statistics, instead of ~17 and ~25 generic ones. Same arithmetic, agreeing with the generic
 * path to float rounding (tests/unit/tf/webgpu-kernels.test.ts). `fusedBatchNormAvailable()`
 * says whether the backend in use has the kernels; norm.ts uses the generic ops otherwise.
 */
import * as tf from '@tensorflow/tfjs';
import { BN_GRAD_SUM, BN_INPUT_GRAD, BN_NORMALIZE, BN_RUNNING, BN_STATS } from '../../tf/kernels/webgpu/batch-norm.js';

export function fusedBatchNormAvailable(): boolean {
  const backend = tf.getBackend();
  return [BN_STATS, BN_NORMALIZE, BN_GRAD_SUM, BN_INPUT_GRAD, BN_RUNNING].every((name) => tf.getKernel(name, backend) !== undefined);
}

export interface FusedBatchNormResult<T extends tf.Tensor> {
  y: T;
  /** `[2, C]`: the batch mean (row 0) and biased variance (row 1), for the running statistics. */
  stats: tf.Tensor2D;
}

/** y = (x - mean) / sqrt(var + epsilon) * gamma + beta with batch statistics, differentiable in x, gamma and beta. */
export function fusedBatchNorm<T extends tf.Tensor>(x: T, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): FusedBatchNormResult<T> {
  // Outside the custom gradient: its backward pass covers the statistics' dependence on x.
  const stats = tf.engine().runKernel(BN_STATS, { x }) as tf.Tensor2D;
  // customGrad's callback receives the inputs, then `save`: what the gradient reads goes
  // through it (see src/rl/td-fused.ts).
  const normalize = tf.customGrad((...args: unknown[]) => {
    const [input, g, b] = args as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
    (args[3] as (tensors: tf.Tensor[]) => void)([input, g, stats]);
    return {
      value: tf.engine().runKernel(BN_NORMALIZE, { x: input, stats, gamma: g, beta: b }, { epsilon }) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sGamma, sStats] = saved;
        const dBeta = tf.engine().runKernel(BN_GRAD_SUM, { dy, x: sx, stats: sStats }, { epsilon, part: 0 }) as tf.Tensor1D;
        const dGamma = tf.engine().runKernel(BN_GRAD_SUM, { dy, x: sx, stats: sStats }, { epsilon, part: 1 }) as tf.Tensor1D;
        const dx = tf.engine().runKernel(BN_INPUT_GRAD, { dy, x: sx, stats: sStats, gamma: sGamma, dBeta, dGamma }, { epsilon }) as tf.Tensor;
        return [dx, dGamma, dBeta];
      },
    };
  });
  return { y: normalize(x, gamma, beta) as T, stats };
}

/** running * (1 - momentum) + stats[part] * momentum: part 0 updates a running mean, 1 a running variance. */
export function fusedRunningStat(running: tf.Tensor1D, stats: tf.Tensor2D, momentum: number, part: 0 | 1): tf.Tensor1D {
  return tf.engine().runKernel(BN_RUNNING, { running, stats }, { momentum, part }) as tf.Tensor1D;
}
