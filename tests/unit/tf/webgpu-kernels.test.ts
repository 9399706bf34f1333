/**
 * Pac-Lab's WebGPU kernels (src/tf/kernels/webgpu) against the stock tfjs WebGPU kernels they
 * replace, on the real 'webgpu' backend: Dawn in Node (the `webgpu` package), on SwiftShader
 * where there is no GPU. Same seeded inputs, one run with the stock kernels and one with ours;
 * max |custom - stock| / max |stock| < 1e-4.
 * No adapter is a failure with the fix in its message, not a skip: these kernels run nowhere
 * else. Reads are `await t.data()` only (dataSync throws on WebGPU in Node, DESIGN.md).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/tf/backend.js';
import {
  ADAM_STEP, FAST_WEBGPU_KERNEL_NAMES, fastWebGpuKernelsRegistered, SUM_SQUARES, UNPACK_BYTES, kernelCallCounts, registerFastWebGpuKernels, resetKernelCallCounts,
  unregisterFastWebGpuKernels,
} from '../../../src/tf/kernels/webgpu/index.js';
import { provideNodeWebGpu } from '../../../src/tf/node-webgpu.js';
import { Adam } from '../../../src/tf/adam.js';
import { ADAM_ONE_PASS } from '../../../src/tf/kernels/webgpu/adam-step.js';
import { stacksToInput } from '../../../src/rl/qnet.js';
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

const TOLERANCE = 1e-4;

/** Uniform values in [-1, 1) from a Park-Miller LCG (`seed` >= 1). */
function seeded(shape: number[], seed: number): tf.Tensor {
  const v = new Float32Array(shape.reduce((p, q) => p * q, 1));
  let s = seed;
  for (let i = 0; i < v.length; i++) {
    s = (s * 16807) % 2147483647;
    v[i] = (s / 2147483647) * 2 - 1;
  }
  return tf.tensor(v, shape);
}

function runKernel(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
}

interface Run { values: Float32Array[]; shapes: number[][] }

async function read(f: () => tf.Tensor[]): Promise<Run> {
  const out = tf.tidy(f);
  const values = await Promise.all(out.map(async (t) => Float32Array.from(await t.data())));
  const shapes = out.map((t) => t.shape);
  tf.dispose(out);
  return { values, shapes };
}

function relError(stock: Float32Array, custom: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < stock.length; i++) {
    diff = Math.max(diff, Math.abs(stock[i] - custom[i]));
    scale = Math.max(scale, Math.abs(stock[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Runs `f` with the stock kernels, then with ours, and compares every output. */
async function expectClose(f: () => tf.Tensor[]): Promise<void> {
  unregisterFastWebGpuKernels();
  const stock = await read(f);
  registerFastWebGpuKernels();
  const custom = await read(f);
  expect(custom.shapes).toEqual(stock.shapes);
  stock.values.forEach((s, i) => {
    expect(s.some((v) => v !== 0), `output ${i} of the stock kernel is all zeros`).toBe(true);
    expect(relError(s, custom.values[i]), `output ${i}`).toBeLessThan(TOLERANCE);
  });
}

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
interface ConvCase { name: string; x: number[]; filter: number[]; stride: number | [number, number]; pad: Pad; rounding?: 'ceil' }

const CONV_CASES: ConvCase[] = [
  { name: 'nature conv1 (8x8/4, batch 2)', x: [2, 84, 84, 4], filter: [8, 8, 4, 32], stride: 4, pad: 'valid' },
  { name: 'nature conv2 (4x4/2, batch 2)', x: [2, 20, 20, 32], filter: [4, 4, 32, 64], stride: 2, pad: 'valid' },
  { name: 'nature conv3 (3x3/1, batch 4: split K)', x: [4, 9, 9, 64], filter: [3, 3, 64, 64], stride: 1, pad: 'valid' },
  { name: 'DCGAN 4x4/2 same on 32x32', x: [3, 32, 32, 16], filter: [4, 4, 16, 32], stride: 2, pad: 'same' },
  { name: 'DCGAN grey image in (1 channel)', x: [2, 28, 28, 1], filter: [4, 4, 1, 16], stride: 2, pad: 'same' },
  { name: 'DCGAN grey image out (conv2dTranspose to 1 channel)', x: [2, 14, 14, 8], filter: [4, 4, 8, 1], stride: 2, pad: 'same' },
  { name: 'same, strides 3x2, odd sizes', x: [2, 13, 11, 3], filter: [3, 5, 3, 7], stride: [3, 2], pad: 'same' },
  { name: '1x1', x: [2, 7, 6, 5], filter: [1, 1, 5, 6], stride: 1, pad: 'valid' },
  { name: 'explicit pad 1, stride 2', x: [2, 10, 9, 6], filter: [3, 3, 6, 5], stride: 2, pad: 1 },
  { name: 'explicit pad 1, stride 2, ceil rounding', x: [2, 10, 9, 6], filter: [3, 3, 6, 5], stride: 2, pad: 1, rounding: 'ceil' },
  { name: 'explicit uneven pads', x: [2, 8, 9, 4], filter: [3, 2, 4, 6], stride: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { name: 'filter smaller than stride (phases with no taps)', x: [2, 9, 9, 3], filter: [2, 2, 3, 4], stride: 3, pad: 'valid' },
  { name: 'more than one tile of channels', x: [2, 6, 6, 70], filter: [2, 2, 70, 130], stride: 1, pad: 'valid' },
];

beforeAll(async () => {
  const backend = await selectBackend('webgpu', { provideWebGpu: provideNodeWebGpu });
  if (backend.name !== 'webgpu') {
    throw new Error(`WebGPU did not start, so Pac-Lab's WebGPU kernels cannot be tested here (${backend.reason}). `
      + 'Dawn needs the Vulkan loader and, without a GPU, SwiftShader: apt-get install -y libvulkan1 chromium');
  }
}, 120_000);

afterAll(() => {
  registerFastWebGpuKernels();
});

describe('registration', () => {
  it('swaps the stock kernels in and out, idempotently', () => {
    unregisterFastWebGpuKernels();
    const stock = FAST_WEBGPU_KERNEL_NAMES.map((n) => tf.getKernel(n, 'webgpu')?.kernelFunc);
    expect(stock.every((f) => f !== undefined)).toBe(true);
    registerFastWebGpuKernels();
    const ours = FAST_WEBGPU_KERNEL_NAMES.map((n) => tf.getKernel(n, 'webgpu')?.kernelFunc);
    registerFastWebGpuKernels();
    expect(fastWebGpuKernelsRegistered()).toBe(true);
    FAST_WEBGPU_KERNEL_NAMES.forEach((n, i) => {
      expect(ours[i]).not.toBe(stock[i]);
      expect(tf.getKernel(n, 'webgpu')?.kernelFunc).toBe(ours[i]);
    });
    unregisterFastWebGpuKernels();
    unregisterFastWebGpuKernels();
    expect(fastWebGpuKernelsRegistered()).toBe(false);
    FAST_WEBGPU_KERNEL_NAMES.forEach((n, i) => expect(tf.getKernel(n, 'webgpu')?.kernelFunc).toBe(stock[i]));
    registerFastWebGpuKernels();
  });

  it('names the kernels it replaces, and selectBackend registers them', () => {
    expect([...FAST_WEBGPU_KERNEL_NAMES].sort()).toEqual(['Conv2DBackpropFilter', 'Conv2DBackpropInput']);
    expect(fastWebGpuKernelsRegistered()).toBe(true);
  });
});

describe('convolution gradients match stock', () => {
  CONV_CASES.forEach((c, i) => {
    it(c.name, async () => {
      const seed = 100 * (i + 1);
      const x = seeded(c.x, seed);
      const filter = seeded(c.filter, seed + 1);
      const conv = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.rounding };
      const yShape = tf.tidy(() => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.stride, c.pad, 'NHWC', 1, c.rounding).shape);
      const dy = seeded(yShape, seed + 2);
      resetKernelCallCounts();
      await expectClose(() => [
        runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...conv, filterShape: c.filter }),
        runKernel(tf.Conv2DBackpropInput, { dy, filter }, { ...conv, inputShape: c.x }),
      ]);
      expect(kernelCallCounts()).toEqual({ Conv2DBackpropFilter: { custom: 1, stock: 0 }, Conv2DBackpropInput: { custom: 1, stock: 0 } });
      tf.dispose([x, filter, dy]);
    });
  });

  it('gives the same gradients through tf.grads (two convs, relu, same padding)', async () => {
    const x = seeded([2, 12, 12, 3], 7);
    const w1 = seeded([4, 4, 3, 8], 8);
    const w2 = seeded([3, 3, 8, 5], 9);
    const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Tensor => {
      const h = tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'));
      return tf.sum(tf.square(tf.conv2d(h, c as tf.Tensor4D, 1, 'valid')));
    };
    await expectClose(() => tf.grads(loss)([x, w1, w2]));
    tf.dispose([x, w1, w2]);
  });
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

describe('frame stacks to floats on the device', () => {
  it('equals the JavaScript conversion, for an aligned batch and a view at an odd offset', async () => {
    const stack = 84 * 84 * 4;
    const bytes = new Uint8Array(1 + 2 * stack);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + (i >> 8)) & 255;
    bytes[0] = 255;
    const aligned = bytes.slice(1);
    const odd = bytes.subarray(1, 1 + stack);
    resetKernelCallCounts();
    await expectClose(() => [stacksToInput(aligned, 2), stacksToInput(odd, 1)]);
    expect(kernelCallCounts()[UNPACK_BYTES]).toEqual({ custom: 2, stock: 0 });
    // Within an ulp or two of b / 255 (WGSL's division is not correctly rounded), every byte.
    const gpu = (await read(() => [stacksToInput(aligned, 2)])).values[0];
    let worst = 0;
    for (let i = 0; i < aligned.length; i++) worst = Math.max(worst, Math.abs(gpu[i] - aligned[i] / 255));
    expect(worst).toBeLessThan(2e-7);
  });
});

describe('what goes to the stock kernels', () => {
  it('NCHW and dilations > 1', async () => {
    const x = seeded([2, 4, 9, 9], 11);
    const filter = seeded([3, 3, 4, 5], 12);
    const dy = seeded([2, 5, 7, 7], 13);
    const nchw = { strides: 1, pad: 'valid', dataFormat: 'NCHW' };
    resetKernelCallCounts();
    await expectClose(() => [
      runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...nchw, filterShape: [3, 3, 4, 5] }),
      runKernel(tf.Conv2DBackpropInput, { dy, filter }, { ...nchw, inputShape: [2, 4, 9, 9] }),
    ]);
    const xh = seeded([2, 9, 9, 4], 14);
    const dyh = seeded([2, 7, 7, 5], 15);
    const dilated = { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: [2, 2] };
    await read(() => [
      runKernel(tf.Conv2DBackpropFilter, { x: xh, dy: dyh }, { ...dilated, filterShape: [3, 3, 4, 5] }),
      runKernel(tf.Conv2DBackpropInput, { dy: dyh, filter }, { ...dilated, inputShape: [2, 9, 9, 4] }),
    ]);
    expect(kernelCallCounts()).toEqual({ Conv2DBackpropFilter: { custom: 0, stock: 2 }, Conv2DBackpropInput: { custom: 0, stock: 2 } });
    tf.dispose([x, filter, dy, xh, dyh]);
  });
});

describe('memory', () => {
  it('leaks no tensors and no GPU buffers (split-K intermediates included)', async () => {
    registerFastWebGpuKernels();
    const x = seeded([4, 20, 20, 32], 21);
    const filter = seeded([4, 4, 32, 64], 22);
    const dy = seeded([4, 9, 9, 64], 23);
    const conv = { strides: 2, pad: 'valid', dataFormat: 'NHWC' };
    const once = (): Promise<Run> => read(() => [
      runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...conv, filterShape: [4, 4, 32, 64] }),
      runKernel(tf.Conv2DBackpropInput, { dy, filter }, { ...conv, inputShape: [4, 20, 20, 32] }),
    ]);
    await once();
    const before = tf.memory();
    for (let i = 0; i < 3; i++) await once();
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(kernelCallCounts().Conv2DBackpropFilter?.custom).toBeGreaterThan(0);
    tf.dispose([x, filter, dy]);
  });
});
