/**
 * The GEMM of gemm.ts on WebAssembly SIMD (the gemm4x8 kernel of simd-module.ts): ~20 GMAC/s on
 * one core of a 2024 EPYC, about 10x the plain-JS 3x4 tile (V8 compiles JS arithmetic to scalar
 * float64 code). Operands are copied into the module's memory (unless already there), the
 * kernel runs, and C is copied back: O(MK + NK + MN) copying against O(MNK) arithmetic.
 * Accumulation is in float32 (4-lane partial sums per output), unlike the JS path's float64;
 * both stay far inside the 1e-4 relative tolerance the tests hold them to.
 *
 * `simdGemm` does the largest 4x8-tiled corner of a product and leaves the leftover rows and
 * columns to the caller (gemm.ts), which finishes them in JS.
 */
import { align4, reserve, simdEngine } from './simd-module.js';

/** What simdGemm needs to know about a product; the same contract as gemm.ts' GemmArgs. */
export interface SimdGemmArgs {
  a: Float32Array; aOff: number; aRow: number; aCol: number;
  b: Float32Array; bOff: number; bRow: number; bCol: number;
  c: Float32Array; cOff: number; ldc: number;
  m: number; n: number; k: number;
  accumulate: boolean;
}

export function simdAvailable(): boolean {
  return simdEngine() !== null;
}

/**
 * Computes rows [0, m4) x columns [0, n8) of the product (m4 = m rounded down to 4, n8 = n to 8)
 * and returns [m4, n8]; [0, 0] when it did nothing (no SIMD, too small, too big). `g.a` may be
 * a view of the engine's memory (simd-im2col.ts builds im2col there), read in place.
 */
export function simdGemm(g: SimdGemmArgs): [number, number] {
  const e = simdEngine();
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
  e.gemm4x8(aBase * 4, g.aRow * 4, g.aCol * 4, bBase * 4, (bContiguous ? g.bCol : n8) * 4, cBase * 4, n8 * 4, mt, nt, k);
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
