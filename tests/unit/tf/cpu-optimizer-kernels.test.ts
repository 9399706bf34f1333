/**
 * The CPU backend's fused optimizer kernels (src/tf/kernels/cpu/optimizer-kernels.ts) claim
 * results bit-identical to the composed ops they replace, so that seeded runs keep their numbers.
 * Held to that here: whole Adam trajectories (with clipping on and off, odd sizes) and weight
 * averages, run once with the fused kernels removed and once with them.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adam } from '../../../src/tf/adam.js';
import { ADAM_STEP, SUM_SQUARES, WEIGHT_AVERAGE } from '../../../src/tf/kernels/fused-optimizer.js';
import { ADDED_CPU_KERNEL_NAMES, registerFastCpuKernels, unregisterFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';
import type { GemmEngine } from '../../../src/tf/kernels/cpu/gemm.js';
import { RandomStream } from '../../../src/core/random.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterAll(() => {
  unregisterFastCpuKernels();
});

function seededTensor(shape: number[], seed: number, scale = 1): tf.Tensor {
  const random = new RandomStream(`cpu-optimizer-${seed}`);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => (random.next() * 2 - 1) * scale), shape);
}

/** A conv + dense regression, `steps` Adam steps; returns every parameter, moment and reported norm. */
function trajectory(clipNorm: number, steps: number): Float32Array[] {
  const params = [
    tf.variable(seededTensor([3, 3, 2, 5], 1, 0.5), true, 'conv/kernel'),
    tf.variable(seededTensor([5], 2, 0.1), true, 'conv/bias'),
    tf.variable(seededTensor([5 * 5 * 5, 3], 3, 0.2), true, 'dense/kernel'),
    tf.variable(seededTensor([3], 4, 0.1), true, 'dense/bias'),
  ];
  const x = seededTensor([4, 7, 7, 2], 5);
  const y = seededTensor([4, 3], 6, 3);
  const loss = (): tf.Scalar => tf.tidy(() => {
    const h = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, params[0] as tf.Tensor4D, 1, 'valid'), params[1]));
    const out = tf.add(tf.matMul(tf.reshape(h, [4, -1]), params[2]), params[3]);
    return tf.mean(tf.square(tf.sub(out, y))) as tf.Scalar;
  });
  const adam = new Adam(params, { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1.5e-4, clipNorm });
  const norms: number[] = [];
  for (let i = 0; i < steps; i++) {
    const r = adam.minimize(loss);
    norms.push(r.gradNorm.dataSync()[0], r.loss.dataSync()[0]);
    tf.dispose([r.loss, r.gradNorm]);
  }
  const out = [...params, ...adam.stateVariables()].map((t) => Float32Array.from(t.dataSync()));
  out.push(Float32Array.from(norms));
  adam.dispose();
  tf.dispose([...params, x, y]);
  return out;
}

/**
 * `f` run with Pac-Lab's CPU kernels but not the fused optimizer ones (so Adam and the average
 * take their composed path), then with those too. The other fast kernels stay in both runs: the
 * GEMM's convolutions differ from stock ones within 1e-4, which is not what is compared here.
 */
function composedThenFused<T>(f: () => T, gemm: GemmEngine = 'auto'): [T, T] {
  registerFastCpuKernels({ gemm });
  const saved = ADDED_CPU_KERNEL_NAMES.map((n) => tf.getKernel(n, 'cpu')!);
  for (const config of saved) tf.unregisterKernel(config.kernelName, 'cpu');
  let composed: T;
  try {
    composed = f();
  } finally {
    for (const config of saved) tf.registerKernel(config);
  }
  const fused = f();
  registerFastCpuKernels({ gemm: 'auto' });
  return [composed, fused];
}

describe('fused optimizer kernels on the CPU', () => {
  it('are added by registration and removed by unregistration', () => {
    expect([...ADDED_CPU_KERNEL_NAMES].sort()).toEqual([ADAM_STEP, SUM_SQUARES, WEIGHT_AVERAGE].sort());
    registerFastCpuKernels();
    for (const name of ADDED_CPU_KERNEL_NAMES) expect(tf.getKernel(name, 'cpu'), name).toBeDefined();
    unregisterFastCpuKernels();
    for (const name of ADDED_CPU_KERNEL_NAMES) expect(tf.getKernel(name, 'cpu'), name).toBeUndefined();
  });

  for (const [clipNorm, gemm] of [[0, 'auto'], [0.05, 'auto'], [0.05, 'js']] as const) {
    it(`give Adam trajectories bit-identical to the composed ops (clipNorm ${clipNorm}, engine ${gemm})`, () => {
      const [stock, fast] = composedThenFused(() => trajectory(clipNorm, 12), gemm);
      expect(fast.length).toBe(stock.length);
      stock.forEach((s, i) => expect(Array.from(fast[i]), `tensor ${i}`).toEqual(Array.from(s)));
      // The trajectory moved, and clipping bit where it was on.
      const norms = stock[stock.length - 1];
      expect(norms[0]).toBeGreaterThan(0.05);
    });
  }

  it('give one Adam step bit-identical on both engines, for tiny, huge, zero and subnormal values', () => {
    const special = [0, -0, 1e-40, -3e-39, 1e-30, 3e30, -1, 1];
    const withSpecials = (seed: number, scale: number): tf.Tensor => tf.tidy(() => {
      const x = seededTensor([1003], seed, scale).dataSync() as Float32Array;
      special.forEach((value, k) => { x[k * 97 + seed] = value; });
      return tf.tensor(Float32Array.from(x));
    });
    const param = withSpecials(1, 1);
    const firstMoment = withSpecials(2, 0.01);
    const secondMoment = tf.tidy(() => tf.abs(withSpecials(3, 1e-4)));
    const grad = withSpecials(4, 0.1);
    const clipScale = tf.scalar(0.37);
    const attrs = { beta1: 0.9, beta2: 0.999, stepSize: 0.0005 / (1 - 0.9 ** 3), correction2: 1 - 0.999 ** 3, epsilon: 1.5e-4 };
    const composed = tf.tidy(() => {
      const g = tf.mul(grad, clipScale);
      const m = tf.add(tf.mul(firstMoment, attrs.beta1), tf.mul(g, 1 - attrs.beta1));
      const v = tf.add(tf.mul(secondMoment, attrs.beta2), tf.mul(tf.square(g), 1 - attrs.beta2));
      const update = tf.div(tf.mul(m, attrs.stepSize), tf.add(tf.sqrt(tf.div(v, attrs.correction2)), attrs.epsilon));
      return [m, v, tf.sub(param, update)].map((t) => Array.from(t.dataSync()));
    });
    for (const gemm of ['auto', 'js'] as const) {
      registerFastCpuKernels({ gemm });
      const fused = tf.engine().runKernel(ADAM_STEP, { param, firstMoment, secondMoment, grad, clipScale }, attrs) as tf.Tensor[];
      fused.forEach((t, k) => expect(Array.from(t.dataSync()), `${gemm}: output ${k}`).toEqual(composed[k]));
      tf.dispose(fused);
    }
    registerFastCpuKernels({ gemm: 'auto' });
    tf.dispose([param, firstMoment, secondMoment, grad, clipScale]);
  });

  it('run as one kernel per parameter when registered', () => {
    registerFastCpuKernels();
    const calls: Record<string, number> = {};
    const saved = ADDED_CPU_KERNEL_NAMES.map((n) => tf.getKernel(n, 'cpu')!);
    for (const config of saved) {
      tf.unregisterKernel(config.kernelName, 'cpu');
      tf.registerKernel({ ...config, kernelFunc: (args) => { calls[config.kernelName] = (calls[config.kernelName] ?? 0) + 1; return config.kernelFunc(args); } });
    }
    try {
      trajectory(1, 2);
    } finally {
      for (const config of saved) {
        tf.unregisterKernel(config.kernelName, 'cpu');
        tf.registerKernel(config);
      }
    }
    expect(calls[ADAM_STEP]).toBe(2 * 4);
    expect(calls[SUM_SQUARES]).toBe(2 * 4);
  });

  it('give weight averages bit-identical to the composed ops, on both engines', () => {
    const special = [0, -0, 1e-40, -3e-39, 1e-30, 3e30, -1, 1];
    const withSpecials = (seed: number): tf.Tensor => tf.tidy(() => {
      const x = seededTensor([37, 5], seed).dataSync() as Float32Array; // 185 values: not a multiple of 4
      special.forEach((value, k) => { x[k * 23 + seed] = value; });
      return tf.tensor(Float32Array.from(x), [37, 5]);
    });
    const average = withSpecials(7);
    const source = withSpecials(8);
    const composed = (decay: number): number[] => Array.from(tf.tidy(() => tf.add(tf.mul(average, decay), tf.mul(source, 1 - decay))).dataSync());
    for (const decay of [0, 0.3, 0.999, 1]) {
      const [stock] = composedThenFused(() => composed(decay));
      for (const gemm of ['auto', 'js'] as const) {
        registerFastCpuKernels({ gemm });
        const fused = tf.engine().runKernel(WEIGHT_AVERAGE, { average, source }, { decay }) as tf.Tensor;
        expect(Array.from(fused.dataSync()), `decay ${decay}, engine ${gemm}`).toEqual(stock);
        fused.dispose();
      }
    }
    registerFastCpuKernels({ gemm: 'auto' });
    tf.dispose([average, source]);
  });

  it('name the kernel, the input and the value when given bad input', () => {
    registerFastCpuKernels();
    const p = tf.zeros([3]);
    const ints = tf.zeros([3], 'int32');
    const one = tf.scalar(1);
    const attrs = { beta1: 0.9, beta2: 0.999, stepSize: 0.1, correction2: 0.5, epsilon: 1e-8 };
    expect(() => tf.engine().runKernel(ADAM_STEP, { param: p, firstMoment: p, secondMoment: p, grad: ints, clipScale: one }, attrs))
      .toThrow(/PacLabAdamStep \(cpu\): input 'grad' must be float32, got int32/);
    expect(() => tf.engine().runKernel(ADAM_STEP, { param: p, firstMoment: p, secondMoment: tf.zeros([4]), grad: p, clipScale: one }, attrs))
      .toThrow(/secondMoment has shape \[4\], param has \[3\]/);
    expect(() => tf.engine().runKernel(ADAM_STEP, { param: p, firstMoment: p, secondMoment: p, grad: p, clipScale: one }, { ...attrs, epsilon: Number.NaN }))
      .toThrow(/attribute 'epsilon' must be a finite number, got NaN/);
    expect(() => tf.engine().runKernel(WEIGHT_AVERAGE, { average: p, source: p }, { decay: 2 })).toThrow(/'decay' must be a number in \[0, 1\], got 2/);
    tf.dispose([p, ints, one]);
  });
});
