/**
 * The plain-JS GEMM behind gemm.ts (its contract), used where WebAssembly SIMD is unavailable
 * and for the edges of the SIMD tiles.
 *
 * V8 compiles this to scalar float64 code: a 3x4 register tile (12 accumulators, 7 loads per
 * step) measured fastest (~2.1-2.6 GMAC/s on one 2024 EPYC core, varying between processes
 * with where V8 places the code; 4x4 and larger tiles spill registers). The reduction is cut
 * into KC-long blocks so a block of both operands stays in L2 whatever the strides. Sums
 * within a block are float64, so results are at least as accurate as the stock kernels'.
 */
import type { GemmArgs } from './gemm.js';

/** Reduction block length: KC x (3 + 4) strided floats per tile, KC x (M + N) per block. */
const KC = 256;

/** The product of gemm.ts' contract with C's row stride `ldc` (>= n), in plain JS. */
export function gemmJs(g: GemmArgs, ldc: number): void {
  const { m, n, k } = g;
  if (m === 0 || n === 0) return;
  if (!g.accumulate) for (let i = 0; i < m; i++) g.c.fill(0, g.cOff + i * ldc, g.cOff + i * ldc + n);
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kb = Math.min(KC, k - k0);
    block(g.a, g.aOff + k0 * g.aCol, g.aRow, g.aCol, g.b, g.bOff + k0 * g.bCol, g.bRow, g.bCol, g.c, g.cOff, ldc, m, n, kb);
  }
}

/** One reduction block, added into C: 3x4 tiles, then the leftover columns and rows. */
function block(
  a: Float32Array, aOff: number, ar: number, ac: number,
  b: Float32Array, bOff: number, br: number, bc: number,
  c: Float32Array, cOff: number, ldc: number, m: number, n: number, k: number,
): void {
  const m3 = m - (m % 3);
  const n4 = n - (n % 4);
  if (m3 > 0 && n4 > 0) fullTiles(a, aOff, ar, ac, b, bOff, br, bc, c, cOff, m3, n4, ldc, k);
  if (n4 < n) {
    for (let i = 0; i < m; i++) {
      for (let j = n4; j < n; j++) tile1x1(a, aOff + i * ar, ac, b, bOff + j * br, bc, c, cOff + i * ldc + j, k);
    }
  }
  if (m3 < m && n4 > 0) {
    for (let i = m3; i < m; i++) {
      for (let j = 0; j < n4; j += 4) tile1x4(a, aOff + i * ar, ac, b, bOff + j * br, br, bc, c, cOff + i * ldc + j, k);
    }
  }
}

/** The m3 x n4 corner (m3 % 3 == 0, n4 % 4 == 0) in 3x4 register tiles, added into C. */
function fullTiles(
  a: Float32Array, aOff: number, ar: number, ac: number,
  b: Float32Array, bOff: number, br: number, bc: number,
  c: Float32Array, cOff: number, m3: number, n4: number, ldc: number, k: number,
): void {
  const ar2 = ar + ar;
  const br2 = br + br;
  const br3 = br2 + br;
  for (let i = 0; i < m3; i += 3) {
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let pa = aOff + i * ar;
      let pb = bOff + j * br;
      for (let p = 0; p < k; p++) {
        const x0 = a[pa], x1 = a[pa + ar], x2 = a[pa + ar2];
        const y0 = b[pb], y1 = b[pb + br], y2 = b[pb + br2], y3 = b[pb + br3];
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        pa += ac;
        pb += bc;
      }
      const o = cOff + i * ldc + j;
      const o1 = o + ldc;
      const o2 = o1 + ldc;
      c[o] += c00; c[o + 1] += c01; c[o + 2] += c02; c[o + 3] += c03;
      c[o1] += c10; c[o1 + 1] += c11; c[o1 + 2] += c12; c[o1 + 3] += c13;
      c[o2] += c20; c[o2 + 1] += c21; c[o2 + 2] += c22; c[o2 + 3] += c23;
    }
  }
}

/** 1 row of A x 4 rows of B (the M % 3 leftover rows). */
function tile1x4(
  a: Float32Array, pa0: number, ac: number,
  b: Float32Array, pb0: number, br: number, bc: number,
  c: Float32Array, o: number, k: number,
): void {
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  let pa = pa0;
  let pb = pb0;
  const br2 = br + br;
  const br3 = br2 + br;
  for (let p = 0; p < k; p++) {
    const x = a[pa];
    c0 += x * b[pb]; c1 += x * b[pb + br]; c2 += x * b[pb + br2]; c3 += x * b[pb + br3];
    pa += ac;
    pb += bc;
  }
  c[o] += c0; c[o + 1] += c1; c[o + 2] += c2; c[o + 3] += c3;
}

/** One dot product (the N % 4 leftover columns). */
function tile1x1(
  a: Float32Array, pa0: number, ac: number,
  b: Float32Array, pb0: number, bc: number,
  c: Float32Array, o: number, k: number,
): void {
  let s = 0;
  let pa = pa0;
  let pb = pb0;
  for (let p = 0; p < k; p++) {
    s += a[pa] * b[pb];
    pa += ac;
    pb += bc;
  }
  c[o] += s;
}
