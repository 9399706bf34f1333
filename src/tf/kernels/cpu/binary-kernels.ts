/**
 * Add, Sub, Multiply and RealDiv for float32 on the 'cpu' backend.
 *
 * The stock kernels compute `a[i % a.length] op b[i % b.length]` through a shared, megamorphic
 * closure (two integer divisions and an indirect call per element), and anything that
 * broadcasts along a real axis (a bias [n] added to [batch, h, w, n]) goes through
 * `indexToLoc`/`locToIndex` per element. Adam's update is ~14 such ops over every weight, and
 * the unfused conv path adds its bias this way: together ~0.4 s of a nature-net DQN update.
 *
 * Fast paths (results bit-identical to stock: one float64 op, rounded once to float32):
 *   - same number of elements (shapes equal up to leading 1s);
 *   - one operand holds a single value;
 *   - one operand matches the output's trailing axes and repeats along the leading ones
 *     (bias-style: [n] or [1, n] against [..., n]).
 * Everything else (other dtypes, general broadcasting, shape errors) goes to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { cpuBackend, f32Values, type KernelArgs } from './cpu-backend.js';

/** Which arithmetic a loop does; a small integer so each loop below is monomorphic. */
const enum Op { Add, Sub, Mul, Div }

/** out[r * n + j] = a[r * n + j] op b[j] for r < rows, j < n (with n = b.length this is elementwise when rows = 1). */
function rowsOpVector(op: Op, a: Float32Array, b: Float32Array, out: Float32Array, rows: number, n: number): void {
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    switch (op) {
      case Op.Add: for (let j = 0; j < n; j++) out[o + j] = a[o + j] + b[j]; break;
      case Op.Sub: for (let j = 0; j < n; j++) out[o + j] = a[o + j] - b[j]; break;
      case Op.Mul: for (let j = 0; j < n; j++) out[o + j] = a[o + j] * b[j]; break;
      case Op.Div: for (let j = 0; j < n; j++) out[o + j] = a[o + j] / b[j]; break;
    }
  }
}

/** out[r * n + j] = a[j] op b[r * n + j]: the repeated operand on the left. */
function vectorOpRows(op: Op, a: Float32Array, b: Float32Array, out: Float32Array, rows: number, n: number): void {
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    switch (op) {
      case Op.Add: for (let j = 0; j < n; j++) out[o + j] = a[j] + b[o + j]; break;
      case Op.Sub: for (let j = 0; j < n; j++) out[o + j] = a[j] - b[o + j]; break;
      case Op.Mul: for (let j = 0; j < n; j++) out[o + j] = a[j] * b[o + j]; break;
      case Op.Div: for (let j = 0; j < n; j++) out[o + j] = a[j] / b[o + j]; break;
    }
  }
}

/** out[i] = a[i] op s. */
function arrayOpScalar(op: Op, a: Float32Array, s: number, out: Float32Array): void {
  const len = out.length;
  switch (op) {
    case Op.Add: for (let i = 0; i < len; i++) out[i] = a[i] + s; break;
    case Op.Sub: for (let i = 0; i < len; i++) out[i] = a[i] - s; break;
    case Op.Mul: for (let i = 0; i < len; i++) out[i] = a[i] * s; break;
    case Op.Div: for (let i = 0; i < len; i++) out[i] = a[i] / s; break;
  }
}

/** out[i] = s op b[i]. */
function scalarOpArray(op: Op, s: number, b: Float32Array, out: Float32Array): void {
  const len = out.length;
  switch (op) {
    case Op.Add: for (let i = 0; i < len; i++) out[i] = s + b[i]; break;
    case Op.Sub: for (let i = 0; i < len; i++) out[i] = s - b[i]; break;
    case Op.Mul: for (let i = 0; i < len; i++) out[i] = s * b[i]; break;
    case Op.Div: for (let i = 0; i < len; i++) out[i] = s / b[i]; break;
  }
}

/** True when `small` (leading 1s dropped) equals the trailing axes of `out`. */
function isTrailingBlock(small: readonly number[], out: readonly number[]): boolean {
  let start = 0;
  while (start < small.length && small[start] === 1) start++;
  const tail = small.length - start;
  if (tail > out.length) return false;
  for (let i = 0; i < tail; i++) if (small[start + i] !== out[out.length - tail + i]) return false;
  return true;
}

/** The fast result, or null when the stock kernel must run. */
function tryBinary(op: Op, args: KernelArgs): TensorInfo | null {
  const backend = cpuBackend(args);
  const { a, b } = args.inputs;
  const av = f32Values(backend, a);
  const bv = f32Values(backend, b);
  if (a === undefined || b === undefined || av === null || bv === null) return null;
  let shape: number[];
  try {
    shape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
  } catch {
    return null; // let the stock kernel raise tfjs' own error
  }
  const size = tf.util.sizeFromShape(shape);
  const out = new Float32Array(size);
  if (av.length === size && bv.length === size) rowsOpVector(op, av, bv, out, 1, size);
  else if (bv.length === 1 && av.length === size) arrayOpScalar(op, av, bv[0], out);
  else if (av.length === 1 && bv.length === size) scalarOpArray(op, av[0], bv, out);
  else if (av.length === size && bv.length > 0 && isTrailingBlock(b.shape, shape)) rowsOpVector(op, av, bv, out, size / bv.length, bv.length);
  else if (bv.length === size && av.length > 0 && isTrailingBlock(a.shape, shape)) vectorOpRows(op, av, bv, out, size / av.length, av.length);
  else return null;
  return backend.makeTensorInfo(shape, 'float32', out);
}

function makeBinary(op: Op): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args: KernelArgs) => tryBinary(op, args) ?? stock(args);
}

export const makeAdd = makeBinary(Op.Add);
export const makeSub = makeBinary(Op.Sub);
export const makeMultiply = makeBinary(Op.Mul);
export const makeRealDiv = makeBinary(Op.Div);
