/**
 * The VAE's binary cross-entropy from logits (mean over the batch of each image's sum) through
 * Pac-Lab's fused WebGPU kernels (src/tf/kernels/webgpu/bce-loss.ts): one program forward, one
 * backward. `fusedBceAvailable()` says whether the backend in use has them.
 */
import * as tf from '@tensorflow/tfjs';
import { BCE_LOGITS, BCE_LOGITS_GRAD } from '../../tf/kernels/webgpu/bce-loss.js';

export function fusedBceAvailable(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(BCE_LOGITS, backend) !== undefined && tf.getKernel(BCE_LOGITS_GRAD, backend) !== undefined;
}

/** mean over b of sum over the rest of max(l, 0) - l * y + log(1 + exp(-|l|)); differentiable in `logits`. */
export function fusedBceFromLogits(logits: tf.Tensor, target: tf.Tensor): tf.Scalar {
  // customGrad's callback receives the inputs, then `save` (see src/rl/td-fused.ts).
  const loss = tf.customGrad((...args: unknown[]) => {
    const l = args[0] as tf.Tensor;
    (args[1] as (tensors: tf.Tensor[]) => void)([l]);
    return {
      value: tf.engine().runKernel(BCE_LOGITS, { logits: l, target }) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(BCE_LOGITS_GRAD, { dy, logits: saved[0], target }) as tf.Tensor,
    };
  });
  return loss(logits) as tf.Scalar;
}
