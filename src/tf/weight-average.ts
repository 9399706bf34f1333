/**
 * Polyak averaging of variables: average <- decay * average + (1 - decay) * source, one variable
 * at a time. Shared by the generative models' weight average (src/gen/nn/ema.ts) and the DQN's
 * policy average (src/rl/dqn-agent.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { WEIGHT_AVERAGE } from './kernels/fused-optimizer.js';

/** Blends `source[i]` into `average[i]` for every i; the caller checks that they pair up (same sizes, same order). */
export function averageVariables(average: readonly tf.Variable[], source: readonly tf.Tensor[], decay: number): void {
  // Where registered (WebGPU, the fast CPU kernels): one fused kernel per variable, the same arithmetic.
  const fused = tf.getKernel(WEIGHT_AVERAGE, tf.getBackend()) !== undefined;
  tf.tidy(() => {
    source.forEach((w, i) => {
      const a = average[i];
      a.assign(fused ? (tf.engine().runKernel(WEIGHT_AVERAGE, { average: a, source: w }, { decay }) as tf.Tensor) : tf.add(tf.mul(a, decay), tf.mul(w, 1 - decay)));
    });
  });
}
