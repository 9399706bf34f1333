/**
 * Per-kernel benchmark of tfjs' 'webgpu' backend for the nature DQN's convolution gradients:
 * each layer's Conv2DBackpropFilter and Conv2DBackpropInput, stock and Pac-Lab's, in one run.
 * Needs the 'webgpu' backend running (selectBackend) and leaves the registration as it found it.
 * Two clocks, both reported:
 * - wallMs: best wall-clock time of one call plus `await result.data()`, so it includes one
 *   read-back (`readbackMs` measures a small op and its read-back for comparison);
 * - gpuMs: the backend's timestamp queries through tf.profile (`kernelTimeMs`, all programs of
 *   the call summed), null when the device lacks 'timestamp-query'. Profiling gives each
 *   program its own pass and submit; a software adapter's (SwiftShader's) timestamps are no GPU clock.
 * Whole updates are timed by src/cli/bench/dqn-suite.ts with the project's own DqnAgent.
 */
import * as tf from '@tensorflow/tfjs';
import { natureConvLayers } from '../nature-geometry.js';
import { fastWebGpuKernelsRegistered, registerFastWebGpuKernels, unregisterFastWebGpuKernels } from './index.js';

export interface WebGpuKernelTiming {
  kernel: string;
  /** Which layer of the nature net, e.g. 'conv1 8x8/4 4->32'. */
  layer: string;
  stockWallMs: number;
  customWallMs: number;
  stockGpuMs: number | null;
  customGpuMs: number | null;
  /** stockWallMs / customWallMs. */
  speedupWall: number;
  /** False for the first conv's input gradient, which a DQN update never computes. */
  inDqnUpdate: boolean;
}

export interface WebGpuKernelBench {
  clocks: { wall: string; gpu: string };
  /** One small GPU op and its read-back (`await t.data()` of 4096 floats), in ms: the floor under every wallMs. */
  readbackMs: number;
  kernels: WebGpuKernelTiming[];
}

interface KernelCase { kernel: string; layer: string; inputs: Record<string, tf.Tensor>; attrs: Record<string, unknown>; inDqnUpdate: boolean }

function seededTensor(shape: number[], seed: number): tf.Tensor {
  const v = new Float32Array(shape.reduce((p, q) => p * q, 1));
  let s = seed;
  for (let i = 0; i < v.length; i++) {
    s = (s * 16807) % 2147483647;
    v[i] = s / 2147483647 - 0.5;
  }
  return tf.tensor(v, shape);
}

/** The convolution-gradient calls of one nature-net update at batch `b`. */
function natureCases(b: number): KernelCase[] {
  const cases: KernelCase[] = [];
  let seed = 11;
  natureConvLayers().forEach(({ layer, inSize: size, inChannels: channels, outSize: out, filters, k, stride }, i) => {
    const xShape = [b, size, size, channels];
    const x = seededTensor(xShape, seed++);
    const filter = seededTensor([k, k, channels, filters], seed++);
    const dy = seededTensor([b, out, out, filters], seed++);
    const conv = { strides: stride, pad: 'valid', dataFormat: 'NHWC' };
    cases.push({ kernel: tf.Conv2DBackpropFilter, layer, inputs: { x, dy }, attrs: { ...conv, filterShape: [k, k, channels, filters] }, inDqnUpdate: true });
    cases.push({ kernel: tf.Conv2DBackpropInput, layer, inputs: { dy, filter }, attrs: { ...conv, inputShape: xShape }, inDqnUpdate: i > 0 });
  });
  return cases;
}

function call(c: KernelCase): tf.Tensor {
  return tf.engine().runKernel(c.kernel, c.inputs, c.attrs as tf.NamedAttrMap) as tf.Tensor;
}

async function wallMs(f: () => tf.Tensor): Promise<number> {
  const t0 = performance.now();
  const out = f();
  await out.data();
  const ms = performance.now() - t0;
  out.dispose();
  return ms;
}

/** Best of up to `repeats` timed calls after a warm-up (shader compilation); one timed call when a call takes over 0.5 s. */
async function timeCase(c: KernelCase, repeats: number, timestamps: boolean): Promise<{ wall: number; gpu: number | null }> {
  const first = await wallMs(() => call(c)); // warm-up: compiles the pipelines
  let wall = Infinity;
  for (let i = 0; i < (first > 500 ? 1 : repeats); i++) wall = Math.min(wall, await wallMs(() => call(c)));
  if (!timestamps) return { wall, gpu: null };
  const profile = await tf.profile(() => call(c));
  tf.dispose(profile.result as tf.Tensor);
  const gpu = profile.kernels.filter((k) => k.name === c.kernel).reduce((sum, k) => sum + (k.kernelTimeMs as number), 0);
  return { wall, gpu };
}

/** Stock vs Pac-Lab's convolution gradients of the nature net on the running 'webgpu' backend. */
export async function benchWebGpuKernels(opts: { batch?: number; repeats?: number } = {}): Promise<WebGpuKernelBench> {
  if (tf.getBackend() !== 'webgpu') throw new Error(`benchWebGpuKernels: the running backend is ${tf.getBackend()}, not webgpu`);
  const timestamps = (tf.backend() as unknown as { supportTimestampQuery?: boolean }).supportTimestampQuery === true;
  const cases = natureCases(opts.batch ?? 32);
  const repeats = opts.repeats ?? 3;
  const wasCustom = fastWebGpuKernelsRegistered();
  try {
    // 4096 floats: small tensors would run on the CPU (WEBGPU_CPU_FORWARD) and read nothing back.
    const ones = tf.ones([4096]);
    await wallMs(() => tf.add(ones, 1)); // warm-up
    const readbackMs = Math.min(await wallMs(() => tf.add(ones, 1)), await wallMs(() => tf.add(ones, 1)));
    ones.dispose();
    unregisterFastWebGpuKernels();
    const stock = [];
    for (const c of cases) stock.push(await timeCase(c, repeats, timestamps));
    registerFastWebGpuKernels();
    const kernels: WebGpuKernelTiming[] = [];
    for (const [i, c] of cases.entries()) {
      const custom = await timeCase(c, repeats, timestamps);
      kernels.push({
        kernel: c.kernel, layer: c.layer, stockWallMs: round(stock[i].wall), customWallMs: round(custom.wall),
        stockGpuMs: roundOrNull(stock[i].gpu), customGpuMs: roundOrNull(custom.gpu),
        speedupWall: round(stock[i].wall / custom.wall), inDqnUpdate: c.inDqnUpdate,
      });
    }
    return {
      clocks: {
        wall: 'best wall-clock ms of one call + await result.data() (includes one read-back)',
        gpu: timestamps ? 'tf.profile kernelTimeMs (timestamp-query), all programs of the call' : 'none: the device has no timestamp-query',
      },
      readbackMs: round(readbackMs),
      kernels,
    };
  } finally {
    if (wasCustom) registerFastWebGpuKernels();
    else unregisterFastWebGpuKernels();
    const seen = new Set<tf.Tensor>();
    for (const c of cases) for (const t of Object.values(c.inputs)) seen.add(t);
    tf.dispose([...seen]);
  }
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

function roundOrNull(x: number | null): number | null {
  return x === null ? null : round(x);
}
