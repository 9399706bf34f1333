/**
 * The fused optimizer kernels (contracts in ../fused-optimizer.ts) for float32 on the 'cpu'
 * backend: Adam's update, the gradients' sums of squares and the Polyak weight average, each
 * one loop over the parameters instead of ~12 element-wise ops with a fresh array apiece.
 *
 * Why: in a CPU training step of the small DQN (corridors16, batch 16) the composed Adam took
 * ~28% of the time and most of the garbage collector's ~8%, more than the matrix products.
 *
 * Results are bit-identical to the composed ops (src/tf/adam.ts' generic path, ema.ts): each
 * intermediate is rounded to float32 (Math.fround) where an op of the composed path stores its
 * float32 result, and every constant is rounded as tfjs rounds a number operand to a float32
 * scalar. Sums of squares add float32 squares into a float64 accumulator, as the stock Sum does.
 * So seeded runs give the same numbers as before these kernels existed. Adam's update and the weight average run in
 * WebAssembly SIMD (simd-module.ts: ~3x faster than the JS loop, whose double-precision division
 * and square root with a rounding after each step cost ~17 ns an element) wherever the matrix
 * products do (gemm.ts' engine setting), in the JS loop elsewhere; both are bit-identical.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { type AdamConstants, adamStepArgs, sumSquaresInputs, weightAverageArgs } from '../fused-optimizer.js';
import { cpuBackend, type CpuBackendLike, type KernelArgs } from './cpu-backend.js';
import { activeGemmEngine } from './gemm.js';
import { align4, reserve, simdEngine } from './simd-module.js';

const f32 = Math.fround;

function values(backend: CpuBackendLike, t: TensorInfo, kernel: string, name: string): Float32Array {
  const v = t.dtype === 'float32' ? backend.data.get(t.dataId).values : undefined;
  if (!(v instanceof Float32Array)) throw new Error(`${kernel} (cpu): input '${name}' must be float32, got ${t.dtype}`);
  return v;
}

export const adamStepCpu: KernelFunc = (args: KernelArgs): TensorInfo[] => {
  const { tensors, count, constants } = adamStepArgs(args.inputs, args.attrs);
  const backend = cpuBackend(args);
  const read = (name: keyof typeof tensors): Float32Array => values(backend, tensors[name], 'PacLabAdamStep', name);
  const param = read('param');
  const m = read('firstMoment');
  const v = read('secondMoment');
  const grad = read('grad');
  const scale = read('clipScale')[0];
  const mOut = new Float32Array(count);
  const vOut = new Float32Array(count);
  const pOut = new Float32Array(count);
  if (!(activeGemmEngine() === 'wasm-simd' && adamStepSimd(param, m, v, grad, scale, constants, [mOut, vOut, pOut]))) {
    adamStepJs(param, m, v, grad, scale, constants, [mOut, vOut, pOut]);
  }
  const shape = [...tensors.param.shape];
  return [backend.makeTensorInfo(shape, 'float32', mOut), backend.makeTensorInfo(shape, 'float32', vOut), backend.makeTensorInfo(shape, 'float32', pOut)];
};

type AdamOutputs = [Float32Array, Float32Array, Float32Array];

function adamStepJs(param: Float32Array, m: Float32Array, v: Float32Array, grad: Float32Array, scale: number, constants: AdamConstants, [mOut, vOut, pOut]: AdamOutputs): void {
  const [beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, correction2, epsilon] = constants.map(f32);
  for (let i = 0; i < param.length; i++) {
    const g = f32(grad[i] * scale);
    const mi = f32(f32(m[i] * beta1) + f32(g * oneMinusBeta1));
    const vi = f32(f32(v[i] * beta2) + f32(f32(g * g) * oneMinusBeta2));
    const denominator = f32(f32(Math.sqrt(f32(vi / correction2))) + epsilon);
    mOut[i] = mi;
    vOut[i] = vi;
    pOut[i] = param[i] - f32(f32(mi * stepSize) / denominator);
  }
}

/**
 * The same update in WebAssembly memory: the four inputs and the constants copied in, the three
 * results copied out (~2 ms for the small net's 676k parameters). False when WebAssembly SIMD is
 * unavailable or its memory cannot grow enough; nothing is written then.
 */
function adamStepSimd(param: Float32Array, m: Float32Array, v: Float32Array, grad: Float32Array, scale: number, constants: AdamConstants, outputs: AdamOutputs): boolean {
  if (param.length === 0) return true;
  const e = simdEngine();
  const n = align4(param.length);
  if (e === null || !reserve(e, 8 + 7 * n)) return false;
  const heap = e.heap;
  heap.set([scale, ...constants], 0);
  const base = (k: number): number => 8 + k * n;
  [param, m, v, grad].forEach((x, k) => heap.set(x, base(k)));
  e.adamStep(base(0) * 4, base(1) * 4, base(2) * 4, base(3) * 4, 0, base(4) * 4, base(5) * 4, base(6) * 4, n * 4);
  outputs.forEach((out, k) => out.set(heap.subarray(base(4 + k), base(4 + k) + param.length)));
  return true;
}

/** Each input's sum of squares (float32 squares, float64 sum, rounded once), then float32 adds in input order. */
export const sumSquaresCpu: KernelFunc = (args: KernelArgs): TensorInfo => {
  const backend = cpuBackend(args);
  let total = 0;
  sumSquaresInputs(args.inputs).forEach((t, k) => {
    const x = values(backend, t, 'PacLabSumSquares', `x${k}`);
    let acc = 0;
    for (let i = 0; i < x.length; i++) acc += f32(x[i] * x[i]);
    total = k === 0 ? f32(acc) : f32(total + f32(acc));
  });
  return backend.makeTensorInfo([], 'float32', Float32Array.of(total));
};

export const weightAverageCpu: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { average, source, decay } = weightAverageArgs(args.inputs, args.attrs);
  const backend = cpuBackend(args);
  const a = values(backend, average, 'PacLabWeightAverage', 'average');
  const s = values(backend, source, 'PacLabWeightAverage', 'source');
  const keep = f32(decay);
  const mix = f32(1 - decay);
  const out = new Float32Array(a.length);
  if (!(activeGemmEngine() === 'wasm-simd' && weightAverageSimd(a, s, keep, mix, out))) {
    // The sum of two float32 products, stored to float32: one float32 addition.
    for (let i = 0; i < a.length; i++) out[i] = f32(a[i] * keep) + f32(s[i] * mix);
  }
  return backend.makeTensorInfo([...average.shape], 'float32', out);
};

/** The blend in WebAssembly memory (~2x the JS loop for the small net, copies included); false where unavailable. */
function weightAverageSimd(a: Float32Array, s: Float32Array, keep: number, mix: number, out: Float32Array): boolean {
  if (a.length === 0) return true;
  const e = simdEngine();
  const n = align4(a.length);
  if (e === null || !reserve(e, 4 + 3 * n)) return false;
  const heap = e.heap;
  heap.set([keep, mix], 0);
  heap.set(a, 4);
  heap.set(s, 4 + n);
  e.weightAverage(4 * 4, (4 + n) * 4, 0, (4 + 2 * n) * 4, n * 4);
  out.set(heap.subarray(4 + 2 * n, 4 + 2 * n + a.length));
  return true;
}
