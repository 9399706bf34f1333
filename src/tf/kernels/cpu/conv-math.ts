/**
 * The three convolution products on plain arrays, NHWC, dilation 1 (layouts in im2col.ts):
 *   forward          y  [batch, outH, outW, outC] = im2col(x) . W
 *   filter gradient  dW [fh, fw, inC, outC]      = im2col(x)^T . dy
 *   input gradient   dx [batch, inH, inW, inC]   = col2im(dy . W^T)
 * The im2col matrix is never built whole: work proceeds in chunks of rows sized to stay in L2
 * between im2col and the product (gemm.ts, strided, so no operand is transposed in memory).
 * A 1x1, stride-1, unpadded convolution reads x directly as its im2col matrix. With the
 * WebAssembly engine, im2col writes straight into WebAssembly memory (no copy before the GEMM).
 */

/** Where im2col writes a chunk of `floats`: WebAssembly memory (with room for `extra` more) or a JS scratch. */
function colScratch(floats: number, extra: number): Float32Array {
  const inHeap = activeGemmEngine() === 'wasm-simd' ? simdScratch(floats, extra) : null;
  return inHeap ?? scratchBuffer('conv.col', floats);
}
import { scratchBuffer } from './cpu-backend.js';
import { activeGemmEngine, gemm } from './gemm.js';
import { simdScratch } from './simd-gemm.js';
import { col2im, colIsInput, colShape, type ConvGeometry, im2col, rowsPerChunk } from './im2col.js';

/** Forward convolution; returns a fresh y. */
export function conv2dForward(x: Float32Array, w: Float32Array, g: ConvGeometry): Float32Array {
  const { rows, cols: k } = colShape(g);
  const n = g.outC;
  const y = new Float32Array(rows * n);
  const direct = colIsInput(g);
  const chunk = direct ? rows : rowsPerChunk(g);
  const col = direct ? x : colScratch(Math.min(rows, chunk) * k, k * n + Math.min(rows, chunk) * n + 64);
  for (let m0 = 0; m0 < rows; m0 += chunk) {
    const m1 = Math.min(rows, m0 + chunk);
    if (!direct) im2col(x, g, m0, m1, col);
    // y[r, j] = sum_p col[r, p] * W[p, j]: A row-major [rows, K]; B(j, p) = W[p * n + j].
    gemm({
      a: col, aOff: direct ? m0 * k : 0, aRow: k, aCol: 1, b: w, bOff: 0, bRow: 1, bCol: n,
      c: y, cOff: m0 * n, m: m1 - m0, n, k, accumulate: false,
    });
  }
  return y;
}

/** Gradient of the loss with respect to the filter; `dy` is [batch, outH, outW, outC]. */
export function conv2dFilterGrad(x: Float32Array, dy: Float32Array, g: ConvGeometry): Float32Array {
  const { rows, cols: k } = colShape(g);
  const n = g.outC;
  const dw = new Float32Array(k * n);
  const direct = colIsInput(g);
  const chunk = direct ? rows : rowsPerChunk(g);
  const col = direct ? x : colScratch(Math.min(rows, chunk) * k, Math.min(rows, chunk) * n + k * n + 64);
  for (let m0 = 0; m0 < rows; m0 += chunk) {
    const m1 = Math.min(rows, m0 + chunk);
    if (!direct) im2col(x, g, m0, m1, col);
    // dW[i, j] += sum_r col[r, i] * dy[r, j]: A(i, r) = col[r * K + i]; B(j, r) = dy[r * n + j].
    gemm({
      a: col, aOff: direct ? m0 * k : 0, aRow: 1, aCol: k, b: dy, bOff: m0 * n, bRow: 1, bCol: n,
      c: dw, cOff: 0, m: k, n, k: m1 - m0, accumulate: true,
    });
  }
  return dw;
}

/** Gradient of the loss with respect to the input x; returns a fresh dx. */
export function conv2dInputGrad(dy: Float32Array, w: Float32Array, g: ConvGeometry): Float32Array {
  const { rows, cols: k } = colShape(g);
  const n = g.outC;
  const dx = new Float32Array(g.batch * g.inH * g.inW * g.inC);
  const direct = colIsInput(g);
  const chunk = direct ? rows : rowsPerChunk(g);
  const dcol = direct ? dx : scratchBuffer('conv.dcol', Math.min(rows, chunk) * k);
  for (let m0 = 0; m0 < rows; m0 += chunk) {
    const m1 = Math.min(rows, m0 + chunk);
    // dcol[r, p] = sum_j dy[r, j] * W[p, j]: A row-major dy [rows, n]; B(p, j) = W[p * n + j].
    gemm({
      a: dy, aOff: m0 * n, aRow: n, aCol: 1, b: w, bOff: 0, bRow: n, bCol: 1,
      c: dcol, cOff: direct ? m0 * k : 0, m: m1 - m0, n: k, k: n, accumulate: false,
    });
    if (!direct) col2im(dcol, g, m0, m1, dx);
  }
  return dx;
}
