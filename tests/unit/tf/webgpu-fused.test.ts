/**
 * Pac-Lab's fused WebGPU kernels (optimizer, DQN loss, batch and group norm, weight average,
 * cross-entropy; src/tf/kernels/webgpu) against the generic tf ops they replace, on the real
 * 'webgpu' backend (Dawn in Node; SwiftShader without a GPU): the same code run with Pac-Lab's
 * kernels unregistered, then registered (webgpu-compare.ts), every output within 1e-4.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAM_STEP, kernelCallCounts, registerFastWebGpuKernels, resetKernelCallCounts, SUM_SQUARES } from '../../../src/tf/kernels/webgpu/index.js';
import { Adam } from '../../../src/tf/adam.js';
import { ADAM_ONE_PASS } from '../../../src/tf/kernels/webgpu/adam-step.js';
import { huber, pickActions, tdTarget } from '../../../src/rl/td.js';
import { fusedPickActions, fusedTdAvailable, fusedTdLoss, fusedTdTarget } from '../../../src/rl/td-fused.js';
import { DqnAgent } from '../../../src/rl/dqn-agent.js';
import { resolveDqnConfig } from '../../../src/rl/config.js';
import { RandomStreams } from '../../../src/core/random.js';
import { STACK_BYTES } from '../../../src/obs/frame-stack.js';
import { profileDqnUpdate } from '../../../src/cli/bench/dqn-suite.js';
import { batchNorm, type BatchNorm, groupNorm } from '../../../src/gen/nn/norm.js';
import { fusedGroupNormAvailable } from '../../../src/gen/nn/group-norm-fused.js';
import { updateAverage } from '../../../src/gen/nn/ema.js';
import { fusedBceAvailable, fusedBceFromLogits } from '../../../src/gen/nn/bce-fused.js';
import { fusedBatchNormAvailable } from '../../../src/gen/nn/batch-norm-fused.js';
import { expectClose, read, relError, seeded, startWebGpu, TOLERANCE } from './webgpu-compare.js';
import { expectMatchesReference } from '../rl/qnet-reference.js';

beforeAll(startWebGpu, 120_000);

afterAll(() => {
  registerFastWebGpuKernels();
});

describe('the fused optimizer matches the generic tf ops', () => {
  it('sum of squares, one workgroup, for sizes around its 256 threads (as floats and as vec4) and a Nature dense layer', async () => {
    for (const [n, seed] of [[1, 31], [255, 32], [257, 33], [1024, 35], [3136 * 512, 34]] as const) {
      const x = seeded([n], seed);
      resetKernelCallCounts();
      const [generic, fused] = (await read(() => [tf.sum(tf.square(x)), tf.engine().runKernel(SUM_SQUARES, { x0: x }) as tf.Tensor])).values;
      expect(relError(generic, fused), `n = ${n}`).toBeLessThan(TOLERANCE);
      expect(kernelCallCounts()[SUM_SQUARES]).toEqual({ custom: 1, stock: 0 });
      tf.dispose(x);
    }
  });

  it('sum of squares over seven tensors at once, and refuses eight by count', async () => {
    const xs = [1, 3, 4, 255, 256, 1000, 4097].map((n, i) => seeded([n], 60 + i));
    const inputs = Object.fromEntries(xs.map((x, i) => [`x${i}`, x]));
    const [generic, fused] = (await read(() => [
      xs.map((x) => tf.sum(tf.square(x))).reduce((a, b) => tf.add(a, b)),
      tf.engine().runKernel(SUM_SQUARES, inputs) as tf.Tensor,
    ])).values;
    expect(relError(generic, fused)).toBeLessThan(TOLERANCE);
    expect(() => tf.engine().runKernel(SUM_SQUARES, { ...inputs, x7: xs[0] })).toThrow(/takes 1 to 7 inputs \(x0, x1, \.\.\.\), got 8/);
    tf.dispose(xs);
  });

  /** Three Adam steps on seeded parameters and gradients; every parameter and moment compared. */
  const adamRun = (clipNorm: number) => (): tf.Tensor[] => {
    const shapes = [[3, 5], [7], [2, 3, 4, 5]];
    const params = shapes.map((s, i) => tf.variable(seeded(s, 40 + i), true, `adamTest${clipNorm}_${i}`));
    const inputs = shapes.map((s, i) => seeded(s, 50 + i));
    const adam = new Adam(params, { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, clipNorm });
    const norms: tf.Tensor[] = [];
    for (let step = 0; step < 3; step++) {
      const { loss, gradNorm } = adam.minimize(() => params.map((p, i) => tf.sum(tf.mul(tf.square(p), inputs[i]))).reduce((a, b) => tf.add(a, b)) as tf.Scalar);
      norms.push(gradNorm);
      loss.dispose();
    }
    const out = [...params.map((p) => p.clone()), ...adam.stateVariables().map((v) => v.clone()), ...norms];
    adam.dispose();
    tf.dispose([...params, ...inputs]);
    return out;
  };

  it('Adam with gradient clipping: parameters, both moments and the gradient norms', async () => {
    resetKernelCallCounts();
    await expectClose(adamRun(0.5));
    expect(kernelCallCounts()[ADAM_STEP]).toEqual({ custom: 9, stock: 0 });
    expect(kernelCallCounts()[ADAM_ONE_PASS]).toEqual({ custom: 9, stock: 0 }); // one dispatch each (adam-one-pass.ts)
    // Its outputs come from the backend's pool and go back to it: nothing grows over more steps.
    await read(adamRun(0.5));
    const before = tf.memory();
    for (let i = 0; i < 3; i++) await read(adamRun(0.5));
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
  });

  it('Adam on a tensor too large for one dispatch runs its three programs instead, with the same result', async () => {
    const n = 65_535 * 64 + 1000; // past maxComputeWorkgroupsPerDimension workgroups of 64
    const g = seeded([n], 131);
    resetKernelCallCounts();
    await expectClose(() => {
      const p = tf.variable(seeded([n], 132), true);
      const adam = new Adam([p], { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, clipNorm: 0 });
      const { loss, gradNorm } = adam.minimize(() => tf.sum(tf.mul(p, g)) as tf.Scalar);
      const out = [p.clone(), ...adam.stateVariables().map((v) => v.clone()), gradNorm];
      tf.dispose([p, loss]);
      adam.dispose();
      return out;
    });
    expect(kernelCallCounts()[ADAM_STEP]).toEqual({ custom: 1, stock: 0 });
    expect(kernelCallCounts()[ADAM_ONE_PASS]).toBeUndefined();
    g.dispose();
  }, 60_000);

  it('Adam without clipping', async () => {
    await expectClose(adamRun(0));
  });

  it('is refused by name with a wrong input', () => {
    const p = tf.zeros([4]);
    const wrong = tf.zeros([5]);
    const attrs = { beta1: 0.9, beta2: 0.999, stepSize: 1e-3, correction2: 1e-3, epsilon: 1e-7 };
    expect(() => tf.engine().runKernel(ADAM_STEP, { param: p, firstMoment: p, secondMoment: p, grad: wrong, clipScale: tf.scalar(1) }, attrs))
      .toThrow(/grad has shape \[5\], param has \[4\]/);
    expect(() => tf.engine().runKernel(ADAM_STEP, { param: p, firstMoment: p, secondMoment: p, grad: p, clipScale: tf.scalar(1) }, { ...attrs, beta1: Number.NaN }))
      .toThrow(/attribute 'beta1' must be a finite number, got NaN/);
    tf.dispose([p, wrong]);
  });
});


describe('the fused TD kernels match td.ts', () => {
  const B = 37;
  const A = 5;
  /** Legal masks with at least one legal action per row, float 0/1 as td.ts's legalMaskTensor. */
  const legalMask = (): tf.Tensor2D => {
    const v = new Float32Array(B * A);
    for (let b = 0; b < B; b++) for (let a = 0; a < A; a++) v[b * A + a] = a === b % A || (b * 7 + a * 3) % 4 !== 0 ? 1 : 0;
    return tf.tensor2d(v, [B, A]);
  };

  it('TD target: Double and plain, with and without a legal-action mask', async () => {
    const qt = seeded([B, A], 71) as tf.Tensor2D;
    const qo = seeded([B, A], 72) as tf.Tensor2D;
    const returns = seeded([B], 73) as tf.Tensor1D;
    const discounts = tf.tensor1d(Array.from({ length: B }, (_, b) => (b % 5 === 0 ? 0 : 0.97)));
    const legal = legalMask();
    expect(fusedTdAvailable()).toBe(true);
    for (const [online, mask] of [[qo, legal], [qo, null], [null, legal], [null, null]] as const) {
      const [generic, fused] = (await read(() => [tdTarget(returns, discounts, qt, online, mask), fusedTdTarget(returns, discounts, qt, online, mask)])).values;
      expect(relError(generic, fused), `double ${online !== null}, masked ${mask !== null}`).toBeLessThan(TOLERANCE);
    }
    tf.dispose([qt, qo, returns, discounts, legal]);
  });

  it('Q(s, a), the weighted Huber loss and its gradient', async () => {
    const q = tf.mul(seeded([B, A], 81), 3) as tf.Tensor2D; // errors on both sides of delta = 1
    const actions = tf.tensor1d(Array.from({ length: B }, (_, b) => (b * 3) % A), 'int32');
    const target = seeded([B], 82) as tf.Tensor1D;
    const weights = tf.abs(seeded([B], 83)) as tf.Tensor1D;
    const genericLoss = (x: tf.Tensor): tf.Scalar => tf.mean(tf.mul(weights, huber(tf.sub(pickActions(x as tf.Tensor2D, actions), target), 1))) as tf.Scalar;
    const fusedLoss = (x: tf.Tensor): tf.Scalar => fusedTdLoss(x as tf.Tensor2D, actions, target, weights, 1);
    const { values } = await read(() => [
      pickActions(q, actions), fusedPickActions(q, actions),
      genericLoss(q), fusedLoss(q),
      tf.grad(genericLoss)(q), tf.grad(fusedLoss)(q),
    ]);
    for (let i = 0; i < values.length; i += 2) expect(relError(values[i], values[i + 1]), `output ${i / 2}`).toBeLessThan(TOLERANCE);
    expect(values[4].some((v) => v !== 0)).toBe(true);
    tf.dispose([q, actions, target, weights]);
  });

  it('a whole DQN update (Double, legal mask, prioritized) gives the same loss, Q, TD errors and weights', async () => {
    const batch = 4;
    const rng = new RandomStreams(9).get('batch');
    const data = {
      batchSize: batch, states: Uint8Array.from({ length: batch * STACK_BYTES }, () => rng.int(256)),
      nextStates: Uint8Array.from({ length: batch * STACK_BYTES }, () => rng.int(256)),
      actions: Int32Array.from([0, 3, 1, 4]), returns: Float32Array.from([0.5, -1, 0.25, 0]), discounts: Float32Array.from([0.9, 0.9, 0, 0.81]),
      nextLegal: Uint8Array.from([31, 5, 17, 2]), weights: Float32Array.from([1, 0.5, 0.75, 1]), indices: new Int32Array(batch),
    };
    await expectClose(() => {
      const agent = new DqnAgent(A, resolveDqnConfig({ net: 'small', batchSize: batch, prioritized: true, legalActionsOnly: true, learningRate: 1e-3 }), new RandomStreams(1).get('weights'));
      const out: tf.Tensor[] = [];
      for (let k = 0; k < 2; k++) {
        const r = agent.update(data);
        out.push(r.loss, r.meanQ, r.gradNorm, r.tdAbs as tf.Tensor);
      }
      out.push(...agent.online.params.map((p) => p.clone()));
      agent.dispose();
      return out;
    });
  }, 60_000);

  it('an update under tf.profile (as the bench profiles one) runs the fused loss gradient', async () => {
    const profile = await profileDqnUpdate('small', 'custom', 100);
    expect(profile.byKernel.map((k) => k.kernel)).toContain('PacLabTdLossGrad');
  }, 60_000);
});


describe('the Q-network on WebGPU: fused head biases and the dueling product equal the plain formula', () => {
  for (const dueling of [false, true]) {
    it(`small net, dueling ${dueling}: Q-values and every variable's gradient`, async () => {
      await expectMatchesReference('small', dueling, TOLERANCE);
    }, 60_000);
  }
});

describe('the fused batch norm matches the generic ops', () => {
  /** A batch norm with seeded gamma/beta and running statistics (made per run: each run trains its own copy). */
  const makeNorm = (channels: number, seed: number): BatchNorm => ({
    gamma: tf.variable(tf.add(seeded([channels], seed), 1.5), true),
    beta: tf.variable(seeded([channels], seed + 1), true),
    runMean: tf.variable(seeded([channels], seed + 2), false),
    runVar: tf.variable(tf.add(tf.abs(seeded([channels], seed + 3)), 0.5), false),
    momentum: 0.1,
  });

  for (const shape of [[4, 6, 5, 12], [16, 70], [3, 17, 9, 3]]) {
    it(`output, running statistics and gradients wrt x, gamma and beta, x [${shape.join(', ')}]`, async () => {
      const channels = shape[shape.length - 1];
      const x = tf.add(tf.mul(seeded(shape, 90 + channels), 2), 0.3);
      const dyWeights = seeded(shape, 91 + channels);
      expect(fusedBatchNormAvailable()).toBe(true);
      resetKernelCallCounts();
      await expectClose(() => {
        const bn = makeNorm(channels, 92 + channels);
        const loss = (input: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Scalar => {
          const y = batchNorm({ ...bn, gamma: gamma as tf.Variable, beta: beta as tf.Variable, runMean: null, runVar: null }, input, 'train-frozen');
          return tf.sum(tf.mul(y, dyWeights));
        };
        const y = batchNorm(bn, x, 'train');
        const grads = tf.grads(loss)([x, bn.gamma, bn.beta]);
        const out = [y, bn.runMean!.clone(), bn.runVar!.clone(), ...grads];
        tf.dispose([bn.gamma, bn.beta, bn.runMean!, bn.runVar!]);
        return out;
      });
      expect(kernelCallCounts()['PacLabBnInputGrad']).toEqual({ custom: 1, stock: 0 });
      tf.dispose([x, dyWeights]);
    });
  }
});


describe('the fused group norm and weight average match the generic ops', () => {
  for (const [shape, groups] of [[[2, 5, 4, 16], 8], [[3, 7, 6, 6], 3], [[1, 16, 16, 8], 8]] as const) {
    it(`group norm output and gradients wrt x, gamma and beta, x [${shape.join(', ')}], ${groups} groups`, async () => {
      const channels = shape[3];
      const x = tf.add(tf.mul(seeded([...shape], 100 + channels), 2), 0.7) as tf.Tensor4D;
      const dyWeights = seeded([...shape], 101 + channels);
      const gamma = tf.add(seeded([channels], 102), 1.2);
      const beta = seeded([channels], 103);
      expect(fusedGroupNormAvailable()).toBe(true);
      resetKernelCallCounts();
      await expectClose(() => {
        const loss = (input: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Scalar =>
          tf.sum(tf.mul(groupNorm({ gamma: g as tf.Variable, beta: b as tf.Variable, groups }, input as tf.Tensor4D), dyWeights));
        return [groupNorm({ gamma: gamma as tf.Variable, beta: beta as tf.Variable, groups }, x), ...tf.grads(loss)([x, gamma, beta])];
      });
      expect(kernelCallCounts()['PacLabGnInputGrad']).toEqual({ custom: 1, stock: 0 });
      tf.dispose([x, dyWeights, gamma, beta]);
    });
  }

  it('the VAE cross-entropy from logits and its gradient', async () => {
    const logits = tf.mul(seeded([6, 9, 7, 1], 121), 4);
    const target = tf.abs(seeded([6, 9, 7, 1], 122));
    const generic = (l: tf.Tensor): tf.Scalar => tf.mean(tf.sum(tf.add(tf.sub(tf.relu(l), tf.mul(l, target)), tf.log1p(tf.exp(tf.neg(tf.abs(l))))), [1, 2, 3])) as tf.Scalar;
    const fused = (l: tf.Tensor): tf.Scalar => fusedBceFromLogits(l, target);
    expect(fusedBceAvailable()).toBe(true);
    const { values } = await read(() => [generic(logits), fused(logits), tf.grad(generic)(logits), tf.grad(fused)(logits)]);
    expect(relError(values[0], values[1])).toBeLessThan(TOLERANCE);
    expect(relError(values[2], values[3])).toBeLessThan(TOLERANCE);
    tf.dispose([logits, target]);
  });

  it('the weight average (ema.ts)', async () => {
    const store = (prefix: string, seed: number) => ({ prefix, trainable: [seeded([3, 4], seed), seeded([7], seed + 1)].map((t) => tf.variable(t, true)) });
    await expectClose(() => {
      const average = store('avg', 111);
      const source = store('src', 113);
      updateAverage(average as never, source as never, 0.9);
      updateAverage(average as never, source as never, 0.5);
      const out = average.trainable.map((v) => v.clone());
      tf.dispose([...average.trainable, ...source.trainable]);
      return out;
    });
  });
});

