/**
 * td.ts's TD target, Q(s, a) and weighted Huber loss through Pac-Lab's fused WebGPU kernels
 * (src/tf/kernels/webgpu/dqn-loss.ts): a handful of programs instead of ~40, where issuing
 * programs is what limits an update (BENCHMARKS.md, issue 6). Same arithmetic, same order;
 * results agree with td.ts to float rounding (tests/unit/tf/webgpu-kernels.test.ts).
 * `fusedTdAvailable()` says whether the backend in use has them; the agent uses td.ts otherwise,
 * and always when it explains an update (the explanation shows td.ts's own intermediate values).
 */
import * as tf from '@tensorflow/tfjs';
import { PICK_ACTIONS, TD_LOSS, TD_LOSS_GRAD, TD_TARGET } from '../tf/kernels/webgpu/dqn-loss.js';

export function fusedTdAvailable(): boolean {
  const backend = tf.getBackend();
  return [TD_TARGET, PICK_ACTIONS, TD_LOSS, TD_LOSS_GRAD].every((name) => tf.getKernel(name, backend) !== undefined);
}

/** td.ts tdTarget: y = R + d * bootstrap; Double DQN when `qNextOnline` is given; legal a' only with `nextLegal`. */
export function fusedTdTarget(returns: tf.Tensor1D, discounts: tf.Tensor1D, qNextTarget: tf.Tensor2D, qNextOnline: tf.Tensor2D | null, nextLegal: tf.Tensor2D | null): tf.Tensor1D {
  const inputs: tf.NamedTensorMap = { qNextTarget, returns, discounts };
  if (qNextOnline) inputs.qNextOnline = qNextOnline;
  if (nextLegal) inputs.nextLegal = nextLegal;
  return tf.engine().runKernel(TD_TARGET, inputs) as tf.Tensor1D;
}

/** td.ts pickActions: q[b, actions[b]] (no gradient: for reporting). */
export function fusedPickActions(q: tf.Tensor2D, actions: tf.Tensor1D): tf.Tensor1D {
  return tf.engine().runKernel(PICK_ACTIONS, { q, actions }) as tf.Tensor1D;
}

/**
 * mean(weights * huber(pickActions(q, actions) - target, delta)), differentiable in `q` only
 * (target, actions and weights are constants of the step, as in td.ts's use).
 */
export function fusedTdLoss(q: tf.Tensor2D, actions: tf.Tensor1D, target: tf.Tensor1D, weights: tf.Tensor1D, delta: number): tf.Scalar {
  // customGrad's callback receives the inputs, then `save`: what the gradient needs must go
  // through it (reading the closed-over input instead failed under tf.profile: a freed tensor).
  const loss = tf.customGrad((...args: unknown[]) => {
    const qValues = args[0] as tf.Tensor2D;
    (args[1] as (tensors: tf.Tensor[]) => void)([qValues]);
    return {
      value: tf.engine().runKernel(TD_LOSS, { q: qValues, actions, target, weights }, { delta }) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(TD_LOSS_GRAD, { dy, q: saved[0], actions, target, weights }, { delta }) as tf.Tensor,
    };
  });
  return loss(q) as tf.Scalar;
}
