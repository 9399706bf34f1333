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
import {
  FAST_WEBGPU_KERNEL_NAMES, fastWebGpuKernelsRegistered, kernelCallCounts, registerFastWebGpuKernels, resetKernelCallCounts,
  UNPACK_BYTES, unregisterFastWebGpuKernels,
} from '../../../src/tf/kernels/webgpu/index.js';
import { stacksToInput } from '../../../src/rl/qnet.js';
import { expectClose, read, type Run, runKernel, seeded, startWebGpu } from './webgpu-compare.js';

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


beforeAll(startWebGpu, 120_000);

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
