/**
 * The WebAssembly side of the fast CPU kernels: one module, assembled at start-up from the
 * code below (wasm-asm.ts), with one imported memory that grows on demand (up to 1 GiB). Data
 * are float32, addresses and strides are in bytes. Exports:
 *
 *   gemm4x8(a, aRow, aCol, b, bCol, c, ldc, mt, nt, k)
 *     for it < mt, jt < nt: C[4it + r][8jt + s] += sum_{p<k} A(4it + r, p) * B(p, 8jt + s),
 *     A(i, p) at a + i*aRow + p*aCol (any strides: 4 scalars loaded and splat per step),
 *     B(p, j) at b + p*bCol + 4j (8 contiguous floats per step), C row stride ldc.
 *     f32x4 arithmetic: 8 accumulators of 4 lanes hold the 4x8 tile.
 *   copyRuns(x, col, table, rows, fh, rowStride, run)
 *     im2col for rows whose filter window lies inside the input: for m < rows with
 *     table[m] >= 0, copies fh runs of `run` bytes (a multiple of 16), the f-th starting at
 *     x + table[m] + f*rowStride, to consecutive places from col + m*fh*run.
 *   adamStep(param, m, v, grad, consts, mOut, vOut, pOut, bytes)
 *     Adam's update (../fused-optimizer.ts) on `bytes / 4` floats (bytes a multiple of 16), four
 *     at a time; consts holds 8 floats [clipScale, beta1, 1-beta1, beta2, 1-beta2, stepSize,
 *     correction2, epsilon]. WebAssembly's f32x4 add/sub/mul/div/sqrt round as IEEE float32, so
 *     the results are bit-identical to the composed float32 ops.
 *   weightAverage(average, source, consts, out, bytes)
 *     out = average*decay + source*(1-decay) on `bytes / 4` floats (bytes a multiple of 16);
 *     consts holds [decay, 1-decay] as float32: the Polyak average's blend, bit-identical to the
 *     composed float32 ops for the same reason.
 *
 * Without WebAssembly SIMD (old browsers, or a page whose CSP forbids compiling WebAssembly)
 * `simdEngine()` is null and the callers stay in JS.
 */
import { assembleModule, type Bytes, I32, op, V128 } from './wasm-asm.js';

const PAGE = 65536;
/** Memory cap (1 GiB): work needing more stays in JS. */
const MAX_PAGES = 16384;

// Kernel locals: params 0..9, then i32 10..18, then v128 19..29 (acc0..7, bv0, bv1, av).
const P = { a: 0, aRow: 1, aCol: 2, b: 3, bCol: 4, c: 5, ldc: 6, mt: 7, nt: 8, k: 9 };
const L = { it: 10, jt: 11, a0: 12, a1: 13, a2: 14, a3: 15, bp: 16, p: 17, cp: 18 };
const V = { acc: 19, bv0: 27, bv1: 28, av: 29 };

function kernelBody(): Bytes {
  const { get, set, tee, i32, add, sub, mul, shl, ltS, loop, brIf, vload, vstore, vsplat32, vzero, f32x4Add, f32x4Mul } = op;
  const acc = (i: number): number => V.acc + i;
  const rows = [L.a0, L.a1, L.a2, L.a3];
  const step = rows.flatMap((ar, r) => [
    ...get(ar), ...vsplat32(0), ...set(V.av),
    ...get(acc(2 * r)), ...get(V.av), ...get(V.bv0), ...f32x4Mul, ...f32x4Add, ...set(acc(2 * r)),
    ...get(acc(2 * r + 1)), ...get(V.av), ...get(V.bv1), ...f32x4Mul, ...f32x4Add, ...set(acc(2 * r + 1)),
    ...get(ar), ...get(P.aCol), ...add, ...set(ar),
  ]);
  const storeRows = [0, 1, 2, 3].flatMap((r) => [
    ...get(L.cp), ...get(L.cp), ...vload(0), ...get(acc(2 * r)), ...f32x4Add, ...vstore(0),
    ...get(L.cp), ...get(L.cp), ...vload(16), ...get(acc(2 * r + 1)), ...f32x4Add, ...vstore(16),
    ...get(L.cp), ...get(P.ldc), ...add, ...set(L.cp),
  ]);
  const tile = [
    // a0..a3: the tile's four rows of A; bp: its eight columns of B.
    ...get(P.a), ...get(L.it), ...get(P.aRow), ...mul, ...i32(2), ...shl, ...add, ...tee(L.a0),
    ...get(P.aRow), ...add, ...tee(L.a1), ...get(P.aRow), ...add, ...tee(L.a2), ...get(P.aRow), ...add, ...set(L.a3),
    ...get(P.b), ...get(L.jt), ...i32(5), ...shl, ...add, ...set(L.bp),
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) => [...vzero, ...set(acc(i))]),
    ...get(P.k), ...set(L.p),
    ...loop([
      ...get(L.bp), ...vload(0), ...set(V.bv0),
      ...get(L.bp), ...vload(16), ...set(V.bv1),
      ...step,
      ...get(L.bp), ...get(P.bCol), ...add, ...set(L.bp),
      ...get(L.p), ...i32(1), ...sub, ...tee(L.p), ...brIf(0),
    ]),
    ...get(P.c), ...get(L.it), ...get(P.ldc), ...mul, ...i32(2), ...shl, ...add,
    ...get(L.jt), ...i32(5), ...shl, ...add, ...set(L.cp),
    ...storeRows,
  ];
  return [
    ...i32(0), ...set(L.it),
    ...loop([
      ...i32(0), ...set(L.jt),
      ...loop([...tile, ...get(L.jt), ...i32(1), ...add, ...tee(L.jt), ...get(P.nt), ...ltS, ...brIf(0)]),
      ...get(L.it), ...i32(1), ...add, ...tee(L.it), ...get(P.mt), ...ltS, ...brIf(0),
    ]),
  ];
}

function copyRunsBody(): Bytes {
  const { get, set, tee, i32, add, sub, mul, shl, ltS, geS, loop, brIf, vload, vstore, i32Load, ifElse } = op;
  const [x, col, table, rows, fh, rowStride, run] = [0, 1, 2, 3, 4, 5, 6];
  const [m, src, dst, fy, q, off] = [7, 8, 9, 10, 11, 12];
  const copyRow = [
    ...get(x), ...get(off), ...add, ...set(src),
    ...get(fh), ...set(fy),
    ...loop([
      ...i32(0), ...set(q),
      ...loop([
        ...get(dst), ...get(q), ...add, ...get(src), ...get(q), ...add, ...vload(0), ...vstore(0),
        ...get(q), ...i32(16), ...add, ...tee(q), ...get(run), ...ltS, ...brIf(0),
      ]),
      ...get(src), ...get(rowStride), ...add, ...set(src),
      ...get(dst), ...get(run), ...add, ...set(dst),
      ...get(fy), ...i32(1), ...sub, ...tee(fy), ...brIf(0),
    ]),
  ];
  const skipRow = [...get(dst), ...get(run), ...get(fh), ...mul, ...add, ...set(dst)];
  return [
    ...get(col), ...set(dst),
    ...i32(0), ...set(m),
    ...loop([
      ...get(table), ...get(m), ...i32(2), ...shl, ...add, ...i32Load(0), ...tee(off),
      ...i32(0), ...geS, ...ifElse(copyRow, skipRow),
      ...get(m), ...i32(1), ...add, ...tee(m), ...get(rows), ...ltS, ...brIf(0),
    ]),
  ];
}

function adamStepBody(): Bytes {
  const { get, set, tee, i32, add, ltS, loop, brIf, vload, vstore, vsplat32, f32x4Sqrt, f32x4Add, f32x4Sub, f32x4Mul, f32x4Div } = op;
  const [param, m, v, grad, consts, mOut, vOut, pOut, bytes, at] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [scale, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, correction2, epsilon, g, mi, vi] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const load = (base: number): Bytes => [...get(base), ...get(at), ...add, ...vload(0)];
  const store = (base: number, value: number): Bytes => [...get(base), ...get(at), ...add, ...get(value), ...vstore(0)];
  return [
    ...[scale, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, correction2, epsilon].flatMap((local, k) => [...get(consts), ...vsplat32(4 * k), ...set(local)]),
    ...i32(0), ...set(at),
    ...loop([
      // g = grad * clipScale; m' = m*beta1 + g*(1-beta1); v' = v*beta2 + (g*g)*(1-beta2)
      ...load(grad), ...get(scale), ...f32x4Mul, ...set(g),
      ...load(m), ...get(beta1), ...f32x4Mul, ...get(g), ...get(oneMinusBeta1), ...f32x4Mul, ...f32x4Add, ...set(mi),
      ...load(v), ...get(beta2), ...f32x4Mul, ...get(g), ...get(g), ...f32x4Mul, ...get(oneMinusBeta2), ...f32x4Mul, ...f32x4Add, ...set(vi),
      ...store(mOut, mi), ...store(vOut, vi),
      // param' = param - (m'*stepSize) / (sqrt(v'/correction2) + epsilon)
      ...get(pOut), ...get(at), ...add,
      ...load(param),
      ...get(mi), ...get(stepSize), ...f32x4Mul,
      ...get(vi), ...get(correction2), ...f32x4Div, ...f32x4Sqrt, ...get(epsilon), ...f32x4Add,
      ...f32x4Div, ...f32x4Sub, ...vstore(0),
      ...get(at), ...i32(16), ...add, ...tee(at), ...get(bytes), ...ltS, ...brIf(0),
    ]),
  ];
}

function weightAverageBody(): Bytes {
  const { get, set, tee, i32, add, ltS, loop, brIf, vload, vstore, vsplat32, f32x4Add, f32x4Mul } = op;
  const [average, source, consts, out, bytes, at, keep, mix] = [0, 1, 2, 3, 4, 5, 6, 7];
  const load = (base: number): Bytes => [...get(base), ...get(at), ...add, ...vload(0)];
  return [
    ...get(consts), ...vsplat32(0), ...set(keep),
    ...get(consts), ...vsplat32(4), ...set(mix),
    ...i32(0), ...set(at),
    ...loop([
      ...get(out), ...get(at), ...add,
      ...load(average), ...get(keep), ...f32x4Mul, ...load(source), ...get(mix), ...f32x4Mul, ...f32x4Add,
      ...vstore(0),
      ...get(at), ...i32(16), ...add, ...tee(at), ...get(bytes), ...ltS, ...brIf(0),
    ]),
  ];
}

type WeightAverage = (average: number, source: number, consts: number, out: number, bytes: number) => void;
type AdamStep = (param: number, m: number, v: number, grad: number, consts: number, mOut: number, vOut: number, pOut: number, bytes: number) => void;
type Gemm4x8 = (a: number, aRow: number, aCol: number, b: number, bCol: number, c: number, ldc: number, mt: number, nt: number, k: number) => void;
type CopyRuns = (x: number, col: number, table: number, rows: number, fh: number, rowStride: number, run: number) => void;

export interface SimdEngine {
  memory: WebAssembly.Memory;
  gemm4x8: Gemm4x8;
  copyRuns: CopyRuns;
  adamStep: AdamStep;
  weightAverage: WeightAverage;
  /** A float32 view of all of `memory`; replaced whenever the memory grows. */
  heap: Float32Array;
  /** An int32 view of all of `memory`; replaced with `heap`. */
  heapI32: Int32Array;
}

let engine: SimdEngine | null | undefined; // undefined: not tried yet; null: unavailable

/** The engine, built on first use; null when WebAssembly SIMD is unavailable. */
export function simdEngine(): SimdEngine | null {
  if (engine !== undefined) return engine;
  engine = null;
  try {
    const bytes = assembleModule([
      { exportName: 'gemm4x8', params: new Array<number>(10).fill(I32), locals: [[9, I32], [11, V128]], body: kernelBody() },
      { exportName: 'copyRuns', params: new Array<number>(7).fill(I32), locals: [[6, I32]], body: copyRunsBody() },
      { exportName: 'adamStep', params: new Array<number>(9).fill(I32), locals: [[1, I32], [11, V128]], body: adamStepBody() },
      { exportName: 'weightAverage', params: new Array<number>(5).fill(I32), locals: [[1, I32], [2, V128]], body: weightAverageBody() },
    ], 1);
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return null;
    const memory = new WebAssembly.Memory({ initial: 256, maximum: MAX_PAGES });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem: memory } });
    engine = {
      memory,
      gemm4x8: instance.exports.gemm4x8 as Gemm4x8,
      copyRuns: instance.exports.copyRuns as CopyRuns,
      adamStep: instance.exports.adamStep as AdamStep,
      weightAverage: instance.exports.weightAverage as WeightAverage,
      heap: new Float32Array(memory.buffer),
      heapI32: new Int32Array(memory.buffer),
    };
  } catch {
    engine = null;
  }
  return engine;
}

/** Drops the engine and its memory (rebuilt on next use). */
export function releaseSimdEngine(): void {
  engine = undefined;
}

/** Grows the memory to hold `floats` float32s (views detach when it grows); false when over the cap. */
export function reserve(e: SimdEngine, floats: number): boolean {
  const bytes = floats * 4;
  const have = e.memory.buffer.byteLength;
  if (bytes <= have) return true;
  const pages = Math.ceil((bytes - have) / PAGE);
  if (have / PAGE + pages > MAX_PAGES) return false;
  try {
    e.memory.grow(pages);
  } catch {
    return false;
  }
  e.heap = new Float32Array(e.memory.buffer);
  e.heapI32 = new Int32Array(e.memory.buffer);
  return true;
}

export const align4 = (n: number): number => (n + 3) & ~3;
