/**
 * The DQN's TD target and loss as small tensor functions, so a test can check them by hand.
 *   plain:  y = R + d * max_a' Q_target(s', a')
 *   double: y = R + d * Q_target(s', argmax_a' Q_online(s', a'))      (van Hasselt et al.)
 * R is the (n-step) discounted return and d = gamma^n, or 0 when the episode terminated
 * inside the n steps (no bootstrap; truncation still bootstraps).
 * With a legal-action mask (`[B, A]`, 1 = legal), max and argmax over a' run over the next
 * state's legal actions only, as Berkeley's Q-learners do: an action the agent never takes is
 * never trained, so its value must not be bootstrapped from.
 */
import * as tf from '@tensorflow/tfjs';

export function tdTarget(
  returns: tf.Tensor1D, discounts: tf.Tensor1D, qNextTarget: tf.Tensor2D, qNextOnline: tf.Tensor2D | null, nextLegal: tf.Tensor2D | null = null,
): tf.Tensor1D {
  return tf.tidy(() => tf.add(returns, tf.mul(discounts, bootstrapValue(qNextTarget, qNextOnline, nextLegal))) as tf.Tensor1D);
}

/** What an illegal action's value drops by before a max: far below any return (rewards are scaled to ~±5). */
const ILLEGAL_PENALTY = 1e9;

/** `q` with the illegal entries pushed far down (argmax and max skip them), or `q` itself without a mask. */
export function maskIllegal(q: tf.Tensor2D, legal: tf.Tensor2D | null): tf.Tensor2D {
  return legal ? tf.add(q, tf.mul(tf.sub(legal, 1), ILLEGAL_PENALTY)) : q;
}

/** Legal-action bitmasks (bit a = action a) as a `[B, numActions]` float tensor of 0 and 1. */
export function legalMaskTensor(masks: Uint8Array, batchSize: number, numActions: number): tf.Tensor2D {
  const values = new Float32Array(batchSize * numActions);
  for (let i = 0; i < batchSize; i++) for (let a = 0; a < numActions; a++) values[i * numActions + a] = (masks[i] >> a) & 1;
  return tf.tensor2d(values, [batchSize, numActions]);
}

/**
 * The value the target bootstraps from, per row: Q_target(s', argmax_a' Q_online(s', a')) when
 * `qNextOnline` is given (Double DQN), else max_a' Q_target(s', a'); a' over the legal actions
 * when `nextLegal` is given.
 */
export function bootstrapValue(qNextTarget: tf.Tensor2D, qNextOnline: tf.Tensor2D | null, nextLegal: tf.Tensor2D | null = null): tf.Tensor1D {
  return tf.tidy(() => (qNextOnline
    ? tf.sum(tf.mul(qNextTarget, tf.oneHot(tf.argMax(maskIllegal(qNextOnline, nextLegal), 1), qNextTarget.shape[1])), 1)
    : tf.max(maskIllegal(qNextTarget, nextLegal), 1)) as tf.Tensor1D);
}

/**
 * Q(s, a) for the taken actions: sum(q * oneHot(a)) rather than gather, whose gradient needs a
 * kernel the WASM backend lacks (DESIGN.md, traps).
 */
export function pickActions(q: tf.Tensor2D, actions: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.mul(q, tf.oneHot(tf.cast(actions, 'int32'), q.shape[1])), 1) as tf.Tensor1D);
}

/** Huber loss per element with threshold `delta`: 0.5 e^2 inside, delta (|e| - delta/2) outside. */
export function huber(errors: tf.Tensor1D, delta: number): tf.Tensor1D {
  return tf.tidy(() => {
    const abs = tf.abs(errors);
    const quadratic = tf.minimum(abs, delta);
    const linear = tf.sub(abs, quadratic);
    return tf.add(tf.mul(tf.square(quadratic), 0.5), tf.mul(linear, delta)) as tf.Tensor1D;
  });
}
