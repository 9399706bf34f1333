/**
 * Adam with the pieces the DQN needs and tfjs's optimizers hide: a learning rate that can be
 * changed between steps, global-norm gradient clipping, and state that checkpoints by name.
 * Update (Kingma & Ba): m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 *   p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
 * Where the backend in use has Pac-Lab's fused kernels registered (`PacLabAdamStep`,
 * `PacLabSumSquares`, kernels/fused-optimizer.ts) the same arithmetic runs as one kernel per
 * parameter plus one per 7 for the norm, instead of ~18 per parameter: a GPU update is bound by
 * the CPU cost of issuing programs (kernels/webgpu/adam-step.ts), and on the CPU the composed
 * ops' passes and garbage took more time than the matrix products (kernels/cpu/optimizer-kernels.ts).
 * The CPU's fused kernels are bit-identical to the composed path; so that the norm is too, it
 * sums one tensor per call there (the composed path adds the per-tensor sums one by one).
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_STEP, SUM_SQUARES, SUM_SQUARES_MAX_INPUTS } from './kernels/fused-optimizer.js';

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Clip the gradients' global L2 norm to this; 0 = no clipping. */
  clipNorm: number;
}

export class Adam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  /** Updates applied so far (t in the bias correction). */
  step = 0;

  constructor(readonly params: tf.Variable[], public settings: AdamSettings) {
    // tidy frees the zeros each moment starts from (a variable shares its initial value's data).
    this.m = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false, `${p.name}/adam_m`)));
    this.v = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false, `${p.name}/adam_v`)));
  }

  /**
   * Computes the gradients of `loss` (a scalar function of `params`), clips and applies them.
   * Returns the loss and the gradients' global norm before clipping, as tensors the caller owns.
   */
  minimize(loss: () => tf.Scalar): { loss: tf.Scalar; gradNorm: tf.Scalar } {
    this.step++;
    const { learningRate: lr, beta1: b1, beta2: b2, epsilon, clipNorm } = this.settings;
    const correction1 = 1 - b1 ** this.step;
    const correction2 = 1 - b2 ** this.step;
    const fusedStep = hasKernel(ADAM_STEP);
    const fusedNorm = hasKernel(SUM_SQUARES);
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss, this.params);
      const gradList = this.params.map((p) => grads[p.name]);
      // A chain of adds, not tf.addN: WebGPU's AddN over 8+ tensors exceeds the 8 storage
      // buffers a compute stage may bind by default, and the pipeline is silently invalid.
      const squares = fusedNorm ? fusedSumsOfSquares(gradList) : gradList.map((g) => tf.sum(tf.square(g)));
      const gradNorm = tf.sqrt(squares.reduce((a, b) => tf.add(a, b))) as tf.Scalar;
      const scale = clipNorm > 0 ? tf.minimum(1, tf.div(clipNorm, tf.add(gradNorm, 1e-6))) : null;
      if (fusedStep) {
        const clipScale = scale ?? tf.scalar(1);
        const attrs = { beta1: b1, beta2: b2, stepSize: lr / correction1, correction2, epsilon };
        this.params.forEach((p, i) => {
          const inputs = { param: p, firstMoment: this.m[i], secondMoment: this.v[i], grad: gradList[i], clipScale };
          const [m, v, updated] = tf.engine().runKernel(ADAM_STEP, inputs, attrs) as tf.Tensor[];
          this.m[i].assign(m);
          this.v[i].assign(v);
          p.assign(updated);
        });
        return { loss: tf.keep(value as tf.Scalar), gradNorm: tf.keep(gradNorm) };
      }
      this.params.forEach((p, i) => {
        const g = scale ? tf.mul(gradList[i], scale) : gradList[i];
        const m = tf.add(tf.mul(this.m[i], b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(this.v[i], b2), tf.mul(tf.square(g), 1 - b2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const update = tf.div(tf.mul(m, lr / correction1), tf.add(tf.sqrt(tf.div(v, correction2)), epsilon));
        p.assign(tf.sub(p, update));
      });
      return { loss: tf.keep(value as tf.Scalar), gradNorm: tf.keep(gradNorm) };
    });
  }

  /** Moment variables, in `params` order: [m0, v0, m1, v1, ...]. */
  stateVariables(): tf.Variable[] {
    return this.m.flatMap((m, i) => [m, this.v[i]]);
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}

/**
 * Sums of squares of `tensors`: on WebGPU up to SUM_SQUARES_MAX_INPUTS tensors per program (fewer
 * programs to issue); elsewhere one tensor per call, which keeps the composed path's order of
 * additions and so its exact numbers.
 */
function fusedSumsOfSquares(tensors: tf.Tensor[]): tf.Scalar[] {
  const groupSize = tf.getBackend() === 'webgpu' ? SUM_SQUARES_MAX_INPUTS : 1;
  const sums: tf.Scalar[] = [];
  for (let i = 0; i < tensors.length; i += groupSize) {
    const group = tensors.slice(i, i + groupSize);
    sums.push(tf.engine().runKernel(SUM_SQUARES, Object.fromEntries(group.map((t, k) => [`x${k}`, t]))) as tf.Scalar);
  }
  return sums;
}

/** True when `name` has a kernel for the backend in use (Pac-Lab's own kernels are optional). */
function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
