/**
 * Per-kernel benchmark of tfjs' 'cpu' backend for the nature DQN's layers: each kernel call of
 * one update, with the stock and the fast kernels. Returns plain data (the bench command prints
 * it), switches tfjs to the 'cpu' backend, and leaves the registration (and GEMM engine) as it
 * found it. The stock filter gradients take ~40 s in all at batch 32 (includeStock: false skips them).
 * Whole updates are timed by src/cli/bench/dqn-suite.ts with the project's own DqnAgent.
 */
import * as tf from '@tensorflow/tfjs';
import { type GemmEngine, gemmEngineSetting } from './gemm.js';
import { natureConvLayers } from '../nature-geometry.js';
import { fastCpuGemmEngine, fastCpuKernelsRegistered, registerFastCpuKernels, unregisterFastCpuKernels } from './index.js';

export interface KernelTiming {
  kernel: string;
  /** Which layer of the nature net, e.g. 'conv1 8x8/4 4->32'. */
  layer: string;
  /** Best of the timed stock calls, in ms; null when skipped. */
  stockMs: number | null;
  /** Best of the timed fast calls, in ms (after one warm-up call). */
  fastMs: number;
  /** The engine the fast kernels' matrix products ran on. */
  gemm: 'wasm-simd' | 'js';
  /** stockMs / fastMs, or null. */
  speedup: number | null;
  /** False for the first conv's input gradient, which a DQN update never computes. */
  inDqnUpdate: boolean;
}

export interface KernelBenchOptions {
  /** Minibatch size; default 32. */
  batch?: number;
  /** Time the stock kernels too (about 40 s at batch 32, nearly all in the filter gradients); default true. */
  includeStock?: boolean;
  /** Timed fast calls per kernel; default 5. */
  fastRepeats?: number;
  /** Matrix-product engine for the fast kernels; default: the current setting. */
  gemm?: GemmEngine;
}

/** Deterministic uniform [0, 1) numbers (Park-Miller LCG); `seed` >= 1. */
function seededUniform(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed % 2147483647 || 1;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    out[i] = (s - 1) / 2147483646;
  }
  return out;
}

async function useCpuBackend(): Promise<void> {
  if (tf.getBackend() !== 'cpu' && !(await tf.setBackend('cpu'))) throw new Error('benchmarks: tfjs cpu backend unavailable');
}

interface KernelCase { kernel: string; layer: string; inputs: Record<string, tf.Tensor>; attrs: Record<string, unknown>; inDqnUpdate: boolean }

function seededTensor(shape: number[], seed: number): tf.Tensor {
  const u = seededUniform(shape.reduce((p, q) => p * q, 1), seed);
  for (let i = 0; i < u.length; i++) u[i] = u[i] - 0.5;
  return tf.tensor(u, shape);
}

/** The kernel calls of one nature-net update at batch `b` (one per distinct shape). */
function natureCases(b: number): KernelCase[] {
  const cases: KernelCase[] = [];
  let seed = 11;
  const convs = natureConvLayers();
  convs.forEach(({ layer, inSize: size, inChannels: channels, outSize: out, filters, k, stride }, i) => {
    const xShape = [b, size, size, channels];
    const x = seededTensor(xShape, seed++);
    const filter = seededTensor([k, k, channels, filters], seed++);
    const bias = seededTensor([filters], seed++);
    const dy = seededTensor([b, out, out, filters], seed++);
    const conv = { strides: stride, pad: 'valid', dataFormat: 'NHWC', dilations: 1 };
    cases.push({ kernel: tf.Conv2D, layer, inputs: { x, filter }, attrs: conv, inDqnUpdate: true });
    cases.push({ kernel: tf.FusedConv2D, layer, inputs: { x, filter, bias }, attrs: { ...conv, activation: 'relu' }, inDqnUpdate: true });
    cases.push({ kernel: tf.Conv2DBackpropFilter, layer, inputs: { x, dy }, attrs: { ...conv, filterShape: [k, k, channels, filters] }, inDqnUpdate: true });
    cases.push({ kernel: tf.Conv2DBackpropInput, layer, inputs: { dy, filter }, attrs: { ...conv, inputShape: xShape }, inDqnUpdate: i > 0 });
  });
  const last = convs[convs.length - 1];
  const flat = last.outSize * last.outSize * last.filters;
  const layer = `dense ${flat}->512`;
  const x = seededTensor([b, flat], seed++);
  const w = seededTensor([flat, 512], seed++);
  const dy = seededTensor([b, 512], seed++);
  cases.push({ kernel: tf._FusedMatMul, layer, inputs: { a: x, b: w, bias: seededTensor([512], seed++) }, attrs: { transposeA: false, transposeB: false, activation: 'relu' }, inDqnUpdate: true });
  cases.push({ kernel: tf.BatchMatMul, layer: `${layer} dx`, inputs: { a: dy, b: w }, attrs: { transposeA: false, transposeB: true }, inDqnUpdate: true });
  cases.push({ kernel: tf.BatchMatMul, layer: `${layer} dW`, inputs: { a: x, b: dy }, attrs: { transposeA: true, transposeB: false }, inDqnUpdate: true });
  return cases;
}

/** Best time of `repeats` calls, after `warmup` untimed ones; stops early once `budgetMs` is spent. */
function timeKernel(c: KernelCase, warmup: number, repeats: number, budgetMs: number): number {
  const call = (): void => {
    const out = tf.engine().runKernel(c.kernel, c.inputs, c.attrs as tf.NamedAttrMap);
    tf.dispose(out);
  };
  for (let i = 0; i < warmup; i++) call();
  let best = Infinity;
  const start = performance.now();
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    call();
    best = Math.min(best, performance.now() - t0);
    if (performance.now() - start > budgetMs) break;
  }
  return best;
}

/** Per-kernel times for the nature net's layers, stock vs fast (see KernelBenchOptions). */
export async function benchCpuKernels(opts: KernelBenchOptions = {}): Promise<KernelTiming[]> {
  await useCpuBackend();
  const cases = natureCases(opts.batch ?? 32);
  const wasFast = fastCpuKernelsRegistered();
  const setting = gemmEngineSetting();
  try {
    const stock: (number | null)[] = [];
    unregisterFastCpuKernels();
    for (const c of cases) stock.push(opts.includeStock === false ? null : timeKernel(c, 0, 3, 1000));
    registerFastCpuKernels({ gemm: opts.gemm ?? setting });
    const gemm = fastCpuGemmEngine();
    return cases.map((c, i) => {
      const fastMs = timeKernel(c, 1, opts.fastRepeats ?? 5, 2000);
      const stockMs = stock[i];
      return { kernel: c.kernel, layer: c.layer, stockMs, fastMs, gemm, speedup: stockMs === null ? null : stockMs / fastMs, inDqnUpdate: c.inDqnUpdate };
    });
  } finally {
    if (wasFast) registerFastCpuKernels({ gemm: setting });
    else unregisterFastCpuKernels();
    const seen = new Set<tf.Tensor>();
    for (const c of cases) for (const t of Object.values(c.inputs)) seen.add(t);
    tf.dispose([...seen]);
  }
}
