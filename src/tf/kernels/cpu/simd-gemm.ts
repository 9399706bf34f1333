/**
 * The GEMM of gemm.ts on WebAssembly SIMD (f32x4): ~20 GMAC/s on one core of a 2024 EPYC, about
 * 10x the plain-JS 3x4 tile (V8 compiles JS arithmetic to scalar float64 code). Operands are
 * copied into the module's memory, the kernel runs, and C is copied back; the copies cost
 * O(MK + NK + MN) against the product's O(MNK).
 *
 * Kernel `gemm4x8` (memory addresses and strides in bytes, float32 data):
 *   for it < mt, jt < nt:  C[4it + r][8jt + s] += sum_{p<k} A(4it + r, p) * B(p, 8jt + s)
 *   A(i, p) at a + i*aRow + p*aCol (any strides: each step loads 4 scalars and splats them);
 *   B(p, j) at b + p*bCol + 4j (8 contiguous floats per step); C row stride ldc.
 * Accumulation is in float32 (4-lane partial sums per output), unlike the JS path's float64;
 * both stay far inside the 1e-4 relative tolerance the tests hold them to.
 *
 * `simdGemm` takes the largest 4x8-tiled corner of a GemmArgs product and returns the leftover
 * rows/columns for the caller (gemm.ts) to finish in JS. Without WebAssembly SIMD (old
 * browsers, or a page whose CSP forbids compiling WebAssembly) `simdAvailable()` is false and
 * everything stays in JS.
 */
import { assembleModule, type Bytes, I32, op, V128 } from './wasm-asm.js';

/** What simdGemm needs to know about a product; the same contract as gemm.ts' GemmArgs. */
export interface SimdGemmArgs {
  a: Float32Array; aOff: number; aRow: number; aCol: number;
  b: Float32Array; bOff: number; bRow: number; bCol: number;
  c: Float32Array; cOff: number; ldc: number;
  m: number; n: number; k: number;
  accumulate: boolean;
}

const PAGE = 65536;
/** Memory cap (1 GiB): products needing more stay in JS. */
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

type Kernel = (a: number, aRow: number, aCol: number, b: number, bCol: number, c: number, ldc: number, mt: number, nt: number, k: number) => void;

interface Engine { memory: WebAssembly.Memory; kernel: Kernel; heap: Float32Array }

let engine: Engine | null | undefined; // undefined: not tried yet; null: unavailable

function load(): Engine | null {
  if (engine !== undefined) return engine;
  engine = null;
  try {
    const bytes = assembleModule([{
      exportName: 'gemm4x8',
      params: new Array<number>(10).fill(I32),
      locals: [[9, I32], [11, V128]],
      body: kernelBody(),
    }], 1);
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return null;
    const memory = new WebAssembly.Memory({ initial: 256, maximum: MAX_PAGES });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem: memory } });
    const kernel = instance.exports.gemm4x8 as Kernel;
    engine = { memory, kernel, heap: new Float32Array(memory.buffer) };
  } catch {
    engine = null;
  }
  return engine;
}

export function simdAvailable(): boolean {
  return load() !== null;
}

/** Grows the memory to hold `floats` float32s; false when over the cap. */
function reserve(e: Engine, floats: number): boolean {
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
  return true;
}

const align4 = (n: number): number => (n + 3) & ~3;

/**
 * A view of WebAssembly memory [0, floats) for a caller to build operand A in place (im2col),
 * sparing simdGemm the copy; the memory is grown first to hold `extraFloats` more (room for B
 * and C), because growing it later would detach the view. Valid until the next call here.
 * Null when SIMD is unavailable or the memory cap is reached.
 */
export function simdScratch(floats: number, extraFloats: number): Float32Array | null {
  const e = load();
  if (e === null || !reserve(e, floats + extraFloats + 64)) return null;
  return e.heap.subarray(0, floats);
}

/**
 * Computes rows [0, m4) x columns [0, n8) of the product (m4 = m rounded down to 4, n8 = n to 8)
 * and returns [m4, n8]; [0, 0] when it did nothing (no SIMD, too small, too big). `g.a` may be
 * a view from simdScratch (then it is read in place).
 */
export function simdGemm(g: SimdGemmArgs): [number, number] {
  const e = load();
  const mt = g.m >> 2;
  const nt = g.n >> 3;
  if (e === null || mt === 0 || nt === 0 || g.k === 0) return [0, 0];
  const m4 = mt * 4;
  const n8 = nt * 8;
  const { k } = g;
  const aSpan = (m4 - 1) * g.aRow + (k - 1) * g.aCol + 1;
  const aInHeap = g.a.buffer === e.memory.buffer;
  const aBase = aInHeap ? g.a.byteOffset / 4 + g.aOff : 0;
  const bContiguous = g.bRow === 1;
  const bSpan = bContiguous ? (k - 1) * g.bCol + n8 : k * n8;
  // An in-heap A keeps its leftover rows (m4..m, for the JS edges) right after the tiled ones.
  const bBase = align4(aBase + (aInHeap ? (g.m - 1) * g.aRow + (k - 1) * g.aCol + 1 : aSpan));
  const cBase = align4(bBase + bSpan);
  const need = cBase + m4 * n8;
  // Growing would detach a caller's in-heap view of A, which the JS edges still read.
  if (aInHeap ? need * 4 > e.memory.buffer.byteLength : !reserve(e, need)) return [0, 0];
  const heap = e.heap;
  if (!aInHeap) heap.set(g.a.subarray(g.aOff, g.aOff + aSpan), aBase);
  if (bContiguous) {
    heap.set(g.b.subarray(g.bOff, g.bOff + bSpan), bBase);
  } else {
    packB(g.b, g.bOff, g.bRow, g.bCol, heap, bBase, n8, k);
  }
  copyC(g, heap, cBase, m4, n8, true);
  e.kernel(aBase * 4, g.aRow * 4, g.aCol * 4, bBase * 4, (bContiguous ? g.bCol : n8) * 4, cBase * 4, n8 * 4, mt, nt, k);
  copyC(g, heap, cBase, m4, n8, false);
  return [m4, n8];
}

/**
 * heap[o + p*n8 + j] = B(j, p) = b[bOff + j*bRow + p*bCol] for j < n8, p < k. Eight columns at
 * a time: eight read streams advancing along p (contiguous when B is k-major, as in dy . W^T)
 * and one 8-float write per step, instead of a gather with stride bRow for every element.
 */
function packB(b: Float32Array, bOff: number, bRow: number, bCol: number, heap: Float32Array, o: number, n8: number, k: number): void {
  for (let j = 0; j < n8; j += 8) {
    let s = bOff + j * bRow;
    let w = o + j;
    for (let p = 0; p < k; p++, s += bCol, w += n8) {
      heap[w] = b[s]; heap[w + 1] = b[s + bRow]; heap[w + 2] = b[s + 2 * bRow]; heap[w + 3] = b[s + 3 * bRow];
      heap[w + 4] = b[s + 4 * bRow]; heap[w + 5] = b[s + 5 * bRow]; heap[w + 6] = b[s + 6 * bRow]; heap[w + 7] = b[s + 7 * bRow];
    }
  }
}

/** Moves the m4 x n8 corner of C between `g.c` (row stride ldc) and the heap (row stride n8); zeroes it on the way in unless accumulating. */
function copyC(g: SimdGemmArgs, heap: Float32Array, cBase: number, m4: number, n8: number, toHeap: boolean): void {
  if (toHeap && !g.accumulate) {
    heap.fill(0, cBase, cBase + m4 * n8);
    return;
  }
  if (g.ldc === n8) {
    if (toHeap) heap.set(g.c.subarray(g.cOff, g.cOff + m4 * n8), cBase);
    else g.c.set(heap.subarray(cBase, cBase + m4 * n8), g.cOff);
    return;
  }
  for (let i = 0; i < m4; i++) {
    const js = g.cOff + i * g.ldc;
    const w = cBase + i * n8;
    if (toHeap) heap.set(g.c.subarray(js, js + n8), w);
    else g.c.set(heap.subarray(w, w + n8), js);
  }
}
