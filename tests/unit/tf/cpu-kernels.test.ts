/**
 * The fast CPU kernels (src/tf/kernels/cpu) against the stock tfjs CPU kernels they replace:
 * same inputs (seeded), one run with the stock kernels and one with the fast kernels on each
 * GEMM engine (WebAssembly SIMD and plain JS); max |fast - stock| / max |stock| < 1e-4.
 * The elementwise kernels and Sum claim bit-identical results, and are held to that.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchCpuKernels } from '../../../src/tf/kernels/cpu/bench.js';
import {
  FAST_CPU_KERNEL_NAMES, fastCpuGemmEngine, fastCpuKernelsRegistered, registerFastCpuKernels, unregisterFastCpuKernels,
} from '../../../src/tf/kernels/cpu/index.js';

const ENGINES = ['auto', 'js'] as const;

const TOLERANCE = 1e-4;

/** Uniform values in [-1, 1) from a Park-Miller LCG (`seed` >= 1). */
function seeded(shape: number[], seed: number, dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
  const n = shape.reduce((p, q) => p * q, 1);
  const v = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    v[i] = (s / 2147483647) * 2 - 1;
  }
  return dtype === 'int32' ? tf.tensor(Int32Array.from(v, (x) => Math.round(x * 5)), shape, 'int32') : tf.tensor(v, shape);
}

interface Run { values: Float32Array[]; shapes: number[][] }

/** Runs `f` with the stock kernels, then with the fast ones on each GEMM engine. */
function both(f: () => tf.Tensor | tf.Tensor[]): { stock: Run; fast: Run[] } {
  const run = (): Run => tf.tidy(() => {
    const out = f();
    const list = Array.isArray(out) ? out : [out];
    return { values: list.map((t) => Float32Array.from(t.dataSync())), shapes: list.map((t) => t.shape) };
  });
  unregisterFastCpuKernels();
  const stock = run();
  const fast = ENGINES.map((gemm) => {
    registerFastCpuKernels({ gemm });
    return run();
  });
  registerFastCpuKernels({ gemm: 'auto' });
  return { stock, fast };
}

function relError(stock: Float32Array, fast: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < stock.length; i++) {
    diff = Math.max(diff, Math.abs(stock[i] - fast[i]));
    scale = Math.max(scale, Math.abs(stock[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

function expectClose(f: () => tf.Tensor | tf.Tensor[]): void {
  const { stock, fast } = both(f);
  fast.forEach((r, e) => {
    expect(r.shapes, ENGINES[e]).toEqual(stock.shapes);
    stock.values.forEach((s, i) => expect(relError(s, r.values[i]), `${ENGINES[e]} output ${i}`).toBeLessThan(TOLERANCE));
  });
}

function expectIdentical(f: () => tf.Tensor): void {
  const { stock, fast } = both(f);
  fast.forEach((r, e) => {
    expect(r.shapes, ENGINES[e]).toEqual(stock.shapes);
    expect(Array.from(r.values[0]), ENGINES[e]).toEqual(Array.from(stock.values[0]));
  });
}

function runKernel(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
}

type Pad = 'valid' | 'same' | number;
interface ConvCase { name: string; x: number[]; filter: number[]; stride: number | [number, number]; pad: Pad }

const CONV_CASES: ConvCase[] = [
  { name: 'nature conv1 (8x8/4, batch 2)', x: [2, 84, 84, 4], filter: [8, 8, 4, 32], stride: 4, pad: 'valid' },
  { name: 'nature conv2 (4x4/2, batch 2)', x: [2, 20, 20, 32], filter: [4, 4, 32, 64], stride: 2, pad: 'valid' },
  { name: 'nature conv3 (3x3/1, batch 2)', x: [2, 9, 9, 64], filter: [3, 3, 64, 64], stride: 1, pad: 'valid' },
  { name: 'odd sizes, same, stride 2', x: [2, 13, 11, 3], filter: [3, 5, 3, 7], stride: 2, pad: 'same' },
  { name: 'odd sizes, same, stride 1, several chunks', x: [2, 23, 21, 9], filter: [5, 5, 9, 6], stride: 1, pad: 'same' },
  { name: 'same, strides 3x2', x: [3, 17, 15, 2], filter: [4, 3, 2, 5], stride: [3, 2], pad: 'same' },
  { name: 'same, stride 1, 16-byte filter rows, several chunks', x: [2, 16, 15, 16], filter: [5, 5, 16, 8], stride: 1, pad: 'same' },
  { name: 'explicit pad 1, stride 4', x: [1, 19, 18, 4], filter: [8, 8, 4, 5], stride: 4, pad: 1 },
  { name: '1x1 (input read directly)', x: [2, 10, 9, 5], filter: [1, 1, 5, 6], stride: 1, pad: 'valid' },
  { name: 'filter as large as the input', x: [3, 6, 5, 4], filter: [6, 5, 4, 7], stride: 1, pad: 'valid' },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastCpuKernels();
});

afterAll(() => {
  unregisterFastCpuKernels();
});

describe('registration', () => {
  it('swaps the stock kernels in and out, idempotently', () => {
    unregisterFastCpuKernels();
    const stock = FAST_CPU_KERNEL_NAMES.map((n) => tf.getKernel(n, 'cpu')?.kernelFunc);
    registerFastCpuKernels();
    registerFastCpuKernels();
    expect(fastCpuKernelsRegistered()).toBe(true);
    FAST_CPU_KERNEL_NAMES.forEach((n, i) => expect(tf.getKernel(n, 'cpu')?.kernelFunc).not.toBe(stock[i]));
    unregisterFastCpuKernels();
    unregisterFastCpuKernels();
    expect(fastCpuKernelsRegistered()).toBe(false);
    FAST_CPU_KERNEL_NAMES.forEach((n, i) => expect(tf.getKernel(n, 'cpu')?.kernelFunc).toBe(stock[i]));
    registerFastCpuKernels();
  });

  it('takes supported cases itself (stock kernels replaced by throwing stubs)', () => {
    unregisterFastCpuKernels();
    const saved = FAST_CPU_KERNEL_NAMES.map((n) => tf.getKernel(n, 'cpu'));
    for (const n of FAST_CPU_KERNEL_NAMES) {
      tf.unregisterKernel(n, 'cpu');
      tf.registerKernel({ kernelName: n, backendName: 'cpu', kernelFunc: () => { throw new Error(`stock ${n} called`); } });
    }
    registerFastCpuKernels();
    try {
      tf.tidy(() => {
        for (const c of CONV_CASES) {
          const x = seeded(c.x, 1);
          const filter = seeded(c.filter, 2);
          const y = runKernel(tf.FusedConv2D, { x, filter, bias: seeded([c.filter[3]], 3) },
            { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', dilations: 1, activation: 'relu' });
          const conv = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC' };
          runKernel(tf.Conv2D, { x, filter }, { ...conv, dilations: 1 });
          runKernel(tf.Conv2DBackpropFilter, { x, dy: y }, { ...conv, filterShape: c.filter });
          runKernel(tf.Conv2DBackpropInput, { dy: y, filter }, { ...conv, inputShape: c.x });
        }
        const a = seeded([4, 5, 6], 4);
        tf.matMul(a, seeded([6, 3], 5));
        tf.matMul(a, seeded([4, 3, 6], 6), false, true);
        tf.fused.matMul({ a: seeded([5, 6], 7) as tf.Tensor2D, b: seeded([6, 2], 8) as tf.Tensor2D, bias: seeded([2], 9), activation: 'relu' });
        for (const op of [tf.add, tf.sub, tf.mul, tf.div]) {
          op(a, a);
          op(a, tf.scalar(2));
          op(seeded([6], 10), a);
        }
        tf.sum(a, [0, 1]);
        tf.step(tf.relu(tf.sqrt(a)));
        tf.sigmoid(a);
        tf.slice(a, [1, 0, 2], [2, -1, 3]);
        tf.split(a, [2, 4], 2);
        tf.tile(a, [1, 2, 3]);
      });
    } finally {
      unregisterFastCpuKernels();
      FAST_CPU_KERNEL_NAMES.forEach((n, i) => {
        tf.unregisterKernel(n, 'cpu');
        const config = saved[i];
        if (config !== undefined) tf.registerKernel(config);
      });
      registerFastCpuKernels();
    }
  });

  it('uses WebAssembly SIMD for matrix products in this runtime (Node 20), plain JS on request', () => {
    expect(fastCpuGemmEngine()).toBe('wasm-simd');
    registerFastCpuKernels({ gemm: 'js' });
    expect(fastCpuGemmEngine()).toBe('js');
    registerFastCpuKernels();
    expect(fastCpuGemmEngine()).toBe('wasm-simd');
  });

  it('names the kernels it replaces', () => {
    expect([...FAST_CPU_KERNEL_NAMES].sort()).toEqual(
      [
        'Add', 'BatchMatMul', 'Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'FusedConv2D', 'Multiply',
        'RealDiv', 'Relu', 'Sigmoid', 'Slice', 'SplitV', 'Sqrt', 'Step', 'Sub', 'Sum', 'Tile', '_FusedMatMul',
      ].sort(),
    );
  });
});

describe('convolution kernels match stock', () => {
  CONV_CASES.forEach((c, i) => {
    it(c.name, () => {
      const seed = 100 * (i + 1);
      const x = seeded(c.x, seed);
      const filter = seeded(c.filter, seed + 1);
      const bias = seeded([c.filter[3]], seed + 2);
      const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', dilations: 1 };
      const yShape = tf.tidy(() => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.stride, c.pad).shape);
      const dy = seeded(yShape, seed + 3);
      expectClose(() => runKernel(tf.Conv2D, { x, filter }, attrs));
      expectClose(() => runKernel(tf.FusedConv2D, { x, filter, bias }, { ...attrs, activation: 'relu' }));
      expectClose(() => runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...attrs, filterShape: c.filter }));
      expectClose(() => runKernel(tf.Conv2DBackpropInput, { dy, filter }, { ...attrs, inputShape: c.x }));
      tf.dispose([x, filter, bias, dy]);
    });
  });

  it('fused conv with other activations and biases (the general epilogue)', () => {
    const x = seeded([2, 9, 8, 3], 7);
    const filter = seeded([3, 3, 3, 4], 8);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 };
    expectClose(() => runKernel(tf.FusedConv2D, { x, filter }, { ...attrs, activation: 'elu' }));
    expectClose(() => runKernel(tf.FusedConv2D, { x, filter, bias: seeded([1], 9) }, { ...attrs, activation: 'linear' }));
    expectClose(() => runKernel(tf.FusedConv2D, { x, filter, bias: seeded([9, 8, 4], 10) }, { ...attrs, activation: 'relu' }));
    expectClose(() => runKernel(tf.FusedConv2D, { x, filter, bias: seeded([4], 11) }, { ...attrs, activation: 'leakyrelu', leakyreluAlpha: 0.1 }));
    expectClose(() => runKernel(tf.FusedConv2D, { x, filter, preluActivationWeights: seeded([4], 12) }, { ...attrs, activation: 'prelu' }));
    const before = tf.backend().numDataIds();
    tf.dispose(runKernel(tf.FusedConv2D, { x, filter, bias: seeded([9, 8, 4], 13) }, { ...attrs, activation: 'sigmoid' }));
    expect(tf.backend().numDataIds()).toBe(before + 1); // the bias made here; no leaked intermediates
  });

  it('hands NCHW and dilated convolutions to the stock kernels', () => {
    const x = seeded([1, 3, 10, 9], 21);
    const filter = seeded([3, 3, 3, 4], 22);
    expectClose(() => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same', 'NCHW'));
    const xh = seeded([2, 11, 10, 3], 23);
    expectClose(() => tf.conv2d(xh as tf.Tensor4D, filter as tf.Tensor4D, 1, 'valid', 'NHWC', 2));
  });
});

describe('matMul kernels match stock', () => {
  const cases: [string, number[], number[], boolean, boolean][] = [
    ['dense forward 32x3136 . 3136x64', [32, 3136], [3136, 64], false, false],
    ['transposeA', [33, 17], [33, 10], true, false],
    ['transposeB', [7, 13], [11, 13], false, true],
    ['both transposed', [13, 7], [11, 13], true, true],
    ['batched, b broadcast', [3, 7, 5], [1, 5, 9], false, false],
    ['batched, rank 3 x rank 2', [2, 6, 4], [4, 5], false, false],
    ['vector-like', [1, 5], [5, 1], false, false],
  ];
  cases.forEach(([name, sa, sb, ta, tb], i) => {
    it(name, () => {
      const a = seeded(sa, 300 + i);
      const b = seeded(sb, 400 + i);
      expectClose(() => tf.matMul(a, b, ta, tb));
      tf.dispose([a, b]);
    });
  });

  it('fused matMul with bias and activations; int32 goes to stock', () => {
    const a = seeded([9, 14], 31);
    const b = seeded([14, 6], 32);
    expectClose(() => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias: seeded([6], 33), activation: 'relu' }));
    expectClose(() => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias: seeded([9, 1], 34), activation: 'relu6' }));
    expectClose(() => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, transposeB: false, activation: 'sigmoid' }));
    const ia = seeded([4, 3], 35, 'int32');
    const ib = seeded([3, 2], 36, 'int32');
    expectIdentical(() => tf.matMul(ia, ib));
  });
});

describe('elementwise kernels and Sum are bit-identical to stock', () => {
  const big = [4, 5, 6, 7];
  const binaries: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    ['add', tf.add], ['sub', tf.sub], ['mul', tf.mul], ['div', tf.div],
  ];
  binaries.forEach(([name, op], i) => {
    it(name, () => {
      const a = seeded(big, 50 + i);
      const b = seeded(big, 60 + i);
      const bias = seeded([7], 70 + i);
      const row = seeded([1, 6, 7], 80 + i);
      const scalar = tf.scalar(0.37);
      expectIdentical(() => op(a, b));
      expectIdentical(() => op(a, scalar));
      expectIdentical(() => op(scalar, a));
      expectIdentical(() => op(a, bias));
      expectIdentical(() => op(bias, a));
      expectIdentical(() => op(row, a));
      expectIdentical(() => op(seeded([3, 1], 90), seeded([1, 4], 91))); // general broadcast: stock path
      expectIdentical(() => op(seeded([3, 4], 92, 'int32'), seeded([3, 4], 93, 'int32')));
      tf.dispose([a, b, bias, row, scalar]);
    });
  });

  it('sqrt, relu and step, including NaN, -0 and negatives', () => {
    const x = tf.tidy(() => tf.concat([seeded([200], 96), tf.tensor1d([NaN, -0, 0, -1, Infinity, -Infinity])]));
    expectIdentical(() => tf.sqrt(x));
    expectIdentical(() => tf.relu(x));
    expectIdentical(() => tf.step(x));
    expectIdentical(() => tf.step(x, 0.25));
    expectIdentical(() => tf.relu(seeded([5], 97, 'int32')));
    tf.dispose(x);
  });

  it('sigmoid, including NaN, infinities and large magnitudes', () => {
    const x = tf.tidy(() => tf.concat([tf.mul(seeded([300], 98), 40), tf.tensor1d([NaN, -0, 0, Infinity, -Infinity, 89, -104])]));
    expectIdentical(() => tf.sigmoid(x));
    tf.dispose(x);
  });

  it('sum over leading axes (bias gradients) and others', () => {
    const x = seeded([6, 5, 4, 3], 95);
    expectIdentical(() => tf.sum(x, [0, 1, 2]));
    expectIdentical(() => tf.sum(x, [0, 1, 2], true));
    expectIdentical(() => tf.sum(x, 0));
    expectIdentical(() => tf.sum(x, [-4, -3]));
    expectIdentical(() => tf.sum(x, [1, 2]));
    expectIdentical(() => tf.sum(x));
    tf.dispose(x);
  });
});

/** Like expectIdentical, for every output of `f` (SplitV gives several). */
function expectAllIdentical(f: () => tf.Tensor | tf.Tensor[]): void {
  const { stock, fast } = both(f);
  fast.forEach((r, e) => {
    expect(r.shapes, ENGINES[e]).toEqual(stock.shapes);
    r.values.forEach((v, i) => expect(Array.from(v), `${ENGINES[e]} output ${i}`).toEqual(Array.from(stock.values[i])));
  });
}

describe('slice, split and tile are exact copies of stock', () => {
  const x = seeded([3, 4, 5, 6], 110);
  afterAll(() => x.dispose());

  it('slice: inner boxes, whole trailing axes, -1 sizes, empty and 1-d', () => {
    expectAllIdentical(() => tf.slice(x, [1, 1, 2, 3], [2, 2, 2, 2]));
    expectAllIdentical(() => tf.slice(x, [0, 2, 0, 0], [3, 1, 5, 6]));
    expectAllIdentical(() => tf.slice(x, [2, 0, 0, 0], [1, -1, -1, -1]));
    expectAllIdentical(() => tf.slice(x, [0, 0, 0, 5], [-1, -1, -1, 1]));
    expectAllIdentical(() => tf.slice(x, [0, 1, 0, 0], [3, 0, 5, 6]));
    expectAllIdentical(() => tf.slice(seeded([17], 111), [3], [9]));
  });

  it('split on each axis, equal parts and sizes with -1, and concat gradients', () => {
    for (let axis = 0; axis < 4; axis++) expectAllIdentical(() => tf.split(x, x.shape[axis] % 2 === 0 ? 2 : [1, -1], axis));
    expectAllIdentical(() => tf.split(x, [1, 3, 2], -1));
    expectAllIdentical(() => tf.split(x, [0, 6], 3));
    // The cGAN discriminator's case: the gradient of concat([image, label planes], channels).
    const planes = seeded([3, 4, 5, 10], 112);
    expectAllIdentical(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.concat([a, b], 3))))([x, planes]));
    planes.dispose();
  });

  it('tile on each axis, label planes, 1-d and zero reps', () => {
    expectAllIdentical(() => tf.tile(x, [2, 1, 3, 1]));
    expectAllIdentical(() => tf.tile(x, [1, 1, 1, 3]));
    expectAllIdentical(() => tf.tile(x, [2, 2, 2, 2]));
    const oneHot = tf.oneHot(tf.tensor1d([3, 0, 9, 4], 'int32'), 10).toFloat();
    expectAllIdentical(() => tf.tile(tf.reshape(oneHot, [4, 1, 1, 10]), [1, 32, 32, 1]));
    expectAllIdentical(() => tf.tile(seeded([7], 113), [3]));
    expectAllIdentical(() => tf.tile(x, [1, 0, 1, 1]));
    oneHot.dispose();
  });
});

describe('whole networks', () => {
  it('gradients of a small conv net loss match stock', () => {
    const x = tf.tidy(() => tf.add(tf.mul(seeded([3, 28, 28, 4], 500), 0.5), 0.5));
    const params = [
      seeded([8, 8, 4, 8], 501), seeded([8], 502), seeded([4, 4, 8, 16], 503), seeded([16], 504),
      seeded([3 * 3 * 16, 32], 505), seeded([32], 506), seeded([32, 5], 507), seeded([5], 508),
    ].map((p) => tf.mul(p, 0.2));
    const target = seeded([3, 5], 509);
    const loss = (...p: tf.Tensor[]): tf.Scalar => {
      let h = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, p[0] as tf.Tensor4D, 4, 'valid'), p[1])) as tf.Tensor4D;
      h = tf.relu(tf.add(tf.conv2d(h, p[2] as tf.Tensor4D, 2, 'same'), p[3])) as tf.Tensor4D;
      const flat = tf.reshape(h, [3, -1]) as tf.Tensor2D;
      const hidden = tf.relu(tf.add(tf.matMul(flat, p[4] as tf.Tensor2D), p[5])) as tf.Tensor2D;
      const q = tf.add(tf.matMul(hidden, p[6] as tf.Tensor2D), p[7]);
      return tf.losses.huberLoss(target, q) as tf.Scalar;
    };
    expect(tf.tidy(() => tf.conv2d(tf.relu(tf.conv2d(x as tf.Tensor4D, params[0] as tf.Tensor4D, 4, 'valid')) as tf.Tensor4D,
      params[2] as tf.Tensor4D, 2, 'same').shape)).toEqual([3, 3, 3, 16]);
    expectClose(() => tf.grads(loss)(params));
    tf.dispose([x, target, ...params]);
  });

  it('the per-kernel benchmark runs with the fast kernels and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const rows = await benchCpuKernels({ batch: 2, includeStock: false, fastRepeats: 1 });
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(r.fastMs).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
