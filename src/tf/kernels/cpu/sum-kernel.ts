/**
 * Sum over leading axes for float32 on the 'cpu' backend: the bias gradients of every conv and
 * dense layer (dy [batch, h, w, c] summed over axes [0, 1, 2] -> [c]).
 *
 * The stock kernel first transposes the reduced axes to the end with its generic (per-element
 * index arithmetic) Transpose, then sums. Here x is read once, row by row, into float64
 * accumulators: out[j] = sum_r x[r * n + j], adding rows in order, which is the stock kernel's
 * own summation order, so results are bit-identical. Any other axes, dtypes or shapes go to
 * the stock kernel (reductions over trailing axes are already fast there).
 *
 *   Sum  inputs {x}  attrs {axis: number | number[], keepDims: boolean}
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { cpuBackend, f32Values, type KernelArgs } from './cpu-backend.js';

/** Number of leading axes `axis` names when it is exactly [0, 1, ..., k-1] with 0 < k < rank; else 0. */
function leadingAxisCount(axis: unknown, shape: readonly number[]): number {
  if (axis === undefined || axis === null) return 0;
  let axes: number[];
  try {
    axes = tf.util.parseAxisParam(axis as number | number[], [...shape]);
  } catch {
    return 0;
  }
  const sorted = [...new Set(axes)].sort((p, q) => p - q);
  if (sorted.length === 0 || sorted.length >= shape.length) return 0;
  return sorted.every((d, i) => d === i) ? sorted.length : 0;
}

function trySum(args: KernelArgs): TensorInfo | null {
  const backend = cpuBackend(args);
  const { x } = args.inputs;
  const xv = f32Values(backend, x);
  if (x === undefined || xv === null) return null;
  const attrs = args.attrs ?? {};
  const k = leadingAxisCount(attrs.axis, x.shape);
  if (k === 0) return null;
  const kept = x.shape.slice(k);
  const n = tf.util.sizeFromShape(kept);
  const rows = n === 0 ? 0 : xv.length / n;
  const acc = new Float64Array(n);
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    for (let j = 0; j < n; j++) acc[j] += xv[o + j];
  }
  const shape = attrs.keepDims === true ? [...x.shape.slice(0, k).map(() => 1), ...kept] : kept;
  return backend.makeTensorInfo(shape, 'float32', Float32Array.from(acc));
}

export function makeSum(stock: KernelFunc): KernelFunc {
  return (args: KernelArgs) => trySum(args) ?? stock(args);
}
