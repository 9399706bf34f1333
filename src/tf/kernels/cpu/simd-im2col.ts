/**
 * im2col written straight into the WebAssembly memory, where the SIMD GEMM then reads it in
 * place. x is copied into the memory once per kernel call; each chunk's rows are then copied
 * by the `copyRuns` export (16-byte SIMD moves, one run of fw*inC floats per filter row), and
 * the few rows whose window overlaps the padding are written by the JS im2col.
 *
 * Memory layout during one kernel call (floats): x at 0, the chunk's im2col rows after it, a
 * table of per-row byte offsets after those (only needed while filling), then whatever
 * simdGemm copies in (B, C), which `extraFloats` reserves room for.
 */
import { colShape, type ConvGeometry, im2col } from './im2col.js';
import { align4, reserve, simdEngine } from './simd-module.js';

export interface HeapIm2col {
  /** View of the memory holding the current chunk: row r is im2col row m0 + r. */
  col: Float32Array;
  /** Writes im2col rows [m0, m1) (at most the chunk size) into `col`. */
  fill(m0: number, m1: number): void;
}

/**
 * Sets up im2col in WebAssembly memory for chunks of up to `chunkRows` rows; null when the
 * engine is unavailable, the memory cap is reached, or a filter row is not a multiple of 4 floats.
 */
export function heapIm2col(x: Float32Array, g: ConvGeometry, chunkRows: number, extraFloats: number): HeapIm2col | null {
  const e = simdEngine();
  const { cols: k } = colShape(g);
  const run = g.fw * g.inC;
  if (e === null || run % 4 !== 0) return null;
  const colBase = align4(x.length);
  const tableBase = align4(colBase + chunkRows * k);
  if (!reserve(e, tableBase + chunkRows + extraFloats + 64)) return null;
  e.heap.set(x, 0);
  const col = e.heap.subarray(colBase, colBase + chunkRows * k);
  const table = e.heapI32;
  const rowStride = g.inW * g.inC;
  return {
    col,
    fill(m0: number, m1: number): void {
      const { inH, inW, inC, outH, outW, fh, fw, strideH, strideW, padTop, padLeft } = g;
      let ox = m0 % outW;
      let oy = Math.floor(m0 / outW) % outH;
      let b = Math.floor(m0 / (outW * outH));
      let padded = false;
      for (let m = m0, t = tableBase; m < m1; m++, t++) {
        const iy0 = oy * strideH - padTop;
        const ix0 = ox * strideW - padLeft;
        const inside = iy0 >= 0 && iy0 + fh <= inH && ix0 >= 0 && ix0 + fw <= inW;
        table[t] = inside ? ((b * inH + iy0) * inW + ix0) * inC * 4 : -1;
        padded ||= !inside;
        if (++ox === outW) {
          ox = 0;
          if (++oy === outH) {
            oy = 0;
            b++;
          }
        }
      }
      e.copyRuns(0, colBase * 4, tableBase * 4, m1 - m0, fh, rowStride * 4, run * 4);
      if (!padded) return;
      for (let m = m0, t = tableBase; m < m1; m++, t++) {
        if (table[t] < 0) im2col(x, g, m, m + 1, col.subarray((m - m0) * k, (m - m0 + 1) * k));
      }
    },
  };
}
