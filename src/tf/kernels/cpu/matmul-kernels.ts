/**
 * tfjs kernel functions for BatchMatMul and _FusedMatMul on the 'cpu' backend.
 *
 *   BatchMatMul   inputs {a, b}   attrs {transposeA, transposeB}
 *   _FusedMatMul  inputs {a, b, bias?, preluActivationWeights?}
 *                 attrs {transposeA, transposeB, activation, leakyreluAlpha}
 *
 * a is [...batchA, M, K] ([..., K, M] when transposeA), b is [...batchB, K, N] ([..., N, K] when
 * transposeB), both row-major; the result is [...broadcast(batchA, batchB), M, N]. Transposes
 * cost nothing: gemm.ts reads either layout through strides. The fast path takes float32
 * operands whose batch dims are equal or one of them has size 1; anything else (int32, or
 * broadcasts like [2, 1] x [1, 3], where the stock kernel has its own rules) goes to the stock
 * kernel, which also raises tfjs' usual errors for mismatched shapes.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { type CpuBackendLike, cpuBackend, f32Values, type KernelArgs } from './cpu-backend.js';
import { finishFused } from './epilogue.js';
import { gemm } from './gemm.js';

interface Product { values: Float32Array; shape: number[] }

/** The batched product, or null when the fast path does not apply. */
function batchedProduct(
  backend: CpuBackendLike, a: TensorInfo | undefined, b: TensorInfo | undefined, transposeA: boolean, transposeB: boolean,
): Product | null {
  const av = f32Values(backend, a);
  const bv = f32Values(backend, b);
  if (a === undefined || b === undefined || av === null || bv === null) return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) return null;
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (k !== kb) return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  let outer: number[];
  try {
    outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return null;
  }
  const batch = Math.max(batchA, batchB);
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1) || tf.util.sizeFromShape(outer) !== batch) return null;

  const c = new Float32Array(batch * m * n);
  for (let i = 0; i < batch; i++) {
    gemm({
      a: av, aOff: (batchA === 1 ? 0 : i) * m * k, aRow: transposeA ? 1 : k, aCol: transposeA ? m : 1,
      b: bv, bOff: (batchB === 1 ? 0 : i) * k * n, bRow: transposeB ? k : 1, bCol: transposeB ? 1 : n,
      c, cOff: i * m * n, m, n, k, accumulate: false,
    });
  }
  return { values: c, shape: [...outer, m, n] };
}

export function makeBatchMatMul(stock: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const backend = cpuBackend(args);
    const attrs = args.attrs ?? {};
    const p = batchedProduct(backend, args.inputs.a, args.inputs.b, attrs.transposeA === true, attrs.transposeB === true);
    if (p === null) return stock(args);
    return backend.makeTensorInfo(p.shape, 'float32', p.values);
  };
}

export function makeFusedMatMul(stock: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const backend = cpuBackend(args);
    const attrs = args.attrs ?? {};
    const p = batchedProduct(backend, args.inputs.a, args.inputs.b, attrs.transposeA === true, attrs.transposeB === true);
    if (p === null) return stock(args);
    return finishFused(backend, p.values, p.shape, {
      bias: args.inputs.bias,
      preluActivationWeights: args.inputs.preluActivationWeights,
      activation: typeof attrs.activation === 'string' ? attrs.activation : undefined,
      leakyreluAlpha: typeof attrs.leakyreluAlpha === 'number' ? attrs.leakyreluAlpha : undefined,
    });
  };
}
