/**
 * Strided float32 matrix product for the fast CPU kernels: one routine serves every layout the
 * convolutions and matMul need, because each operand is described by two strides.
 *
 *   C[cOff + i*ldc + j] (=|+=) sum_{p<K} A[aOff + i*aRow + p*aCol] * B[bOff + j*bRow + p*bCol]
 *
 * for i < M, j < N. So `A` is read as an M x K matrix and `B` as an N x K matrix (B is indexed
 * by its output column first): with aRow = K, aCol = 1 A is row-major [M, K]; with aRow = 1,
 * aCol = M it is the transpose of a row-major [K, M]; likewise for B. `C` is row-major with
 * row stride `ldc` (default N). The operands must not overlap C.
 *
 * Engines: WebAssembly SIMD (simd-gemm.ts, ~10x faster) for the 4x8-tiled bulk of any product
 * big enough to pay for copying its operands, plain JS (gemm-js.ts) for the rest and wherever
 * WebAssembly SIMD is unavailable. `setGemmEngine('js')` forces plain JS (tests, comparisons).
 */
import { gemmJs } from './gemm-js.js';
import { simdAvailable, simdGemm } from './simd-gemm.js';

/** Describes one call; kept as plain numbers so the inner loops stay monomorphic. */
export interface GemmArgs {
  a: Float32Array; aOff: number; aRow: number; aCol: number;
  b: Float32Array; bOff: number; bRow: number; bCol: number;
  c: Float32Array; cOff: number;
  /** C's row stride; default n. */
  ldc?: number;
  m: number; n: number; k: number;
  /** When true, add into C; when false, overwrite C (no need to zero it first). */
  accumulate: boolean;
}

export type GemmEngine = 'auto' | 'js';

/** Products below this many multiply-adds stay in JS (copying into WebAssembly memory would dominate). */
const SIMD_MIN_MACS = 16384;

let engine: GemmEngine = 'auto';

/** 'auto' (WebAssembly SIMD where available) or 'js' (plain JS only). */
export function setGemmEngine(e: GemmEngine): void {
  engine = e;
}

/** The engine setting ('auto' or 'js'). */
export function gemmEngineSetting(): GemmEngine {
  return engine;
}

/** The engine that runs large products now. */
export function activeGemmEngine(): 'wasm-simd' | 'js' {
  return engine === 'auto' && simdAvailable() ? 'wasm-simd' : 'js';
}

/** Runs the product described by `g` (see the module comment for the contract). */
export function gemm(g: GemmArgs): void {
  const ldc = g.ldc ?? g.n;
  if (g.m === 0 || g.n === 0) return;
  if (engine === 'auto' && g.m * g.n * g.k >= SIMD_MIN_MACS) {
    const [m4, n8] = simdGemm({ ...g, ldc });
    if (m4 > 0) {
      if (n8 < g.n) gemmJs({ ...g, bOff: g.bOff + n8 * g.bRow, cOff: g.cOff + n8, m: m4, n: g.n - n8 }, ldc);
      if (m4 < g.m) gemmJs({ ...g, aOff: g.aOff + m4 * g.aRow, cOff: g.cOff + m4 * ldc, m: g.m - m4 }, ldc);
      return;
    }
  }
  gemmJs(g, ldc);
}
