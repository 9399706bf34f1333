/**
 * Shared by the WebGPU kernel tests: seeded inputs, read-backs, and the stock-against-Pac-Lab
 * comparison (max |custom - stock| / max |stock| < TOLERANCE). Reads are `await t.data()` only
 * (dataSync throws on WebGPU in Node, DESIGN.md).
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { selectBackend } from '../../../src/tf/backend.js';
import { registerFastWebGpuKernels, unregisterFastWebGpuKernels } from '../../../src/tf/kernels/webgpu/index.js';
import { provideNodeWebGpu } from '../../../src/tf/node-webgpu.js';

export const TOLERANCE = 1e-4;

/** Uniform values in [-1, 1) from a Park-Miller LCG (`seed` >= 1). */
export function seeded(shape: number[], seed: number): tf.Tensor {
  const v = new Float32Array(shape.reduce((p, q) => p * q, 1));
  let s = seed;
  for (let i = 0; i < v.length; i++) {
    s = (s * 16807) % 2147483647;
    v[i] = (s / 2147483647) * 2 - 1;
  }
  return tf.tensor(v, shape);
}

export function runKernel(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
}

export interface Run { values: Float32Array[]; shapes: number[][] }

export async function read(f: () => tf.Tensor[]): Promise<Run> {
  const out = tf.tidy(f);
  const values = await Promise.all(out.map(async (t) => Float32Array.from(await t.data())));
  const shapes = out.map((t) => t.shape);
  tf.dispose(out);
  return { values, shapes };
}

export function relError(stock: Float32Array, custom: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < stock.length; i++) {
    diff = Math.max(diff, Math.abs(stock[i] - custom[i]));
    scale = Math.max(scale, Math.abs(stock[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Runs `f` with the stock kernels, then with ours, and compares every output. */
export async function expectClose(f: () => tf.Tensor[]): Promise<void> {
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

/**
 * Starts the real 'webgpu' backend (Dawn in Node; SwiftShader without a GPU). No adapter is a
 * failure with the fix in its message, not a skip: these kernels run nowhere else.
 */
export async function startWebGpu(): Promise<void> {
  const backend = await selectBackend('webgpu', { provideWebGpu: provideNodeWebGpu });
  if (backend.name !== 'webgpu') {
    throw new Error(`WebGPU did not start, so Pac-Lab's WebGPU kernels cannot be tested here (${backend.reason}). `
      + 'Dawn needs the Vulkan loader and, without a GPU, SwiftShader: apt-get install -y libvulkan1 chromium');
  }
}
