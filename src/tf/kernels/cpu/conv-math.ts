/**
 * The three convolution products on plain arrays, NHWC, dilation 1 (layouts in im2col.ts):
 *   forward          y  [batch, outH, outW, outC] = im2col(x) . W
 *   filter gradient  dW [fh, fw, inC, outC]      = im2col(x)^T . dy
 *   input gradient   dx [batch, inH, inW, inC]   = col2im(dy . W^T)
 * The im2col matrix is never built whole: work proceeds in chunks of rows sized to stay in L2
 * between im2col and the product (gemm.ts reads transposed operands through strides; only the
 * small W is transposed, once per input-gradient call).
 * A 1x1, stride-1, unpadded convolution reads x directly as its im2col matrix. With the
 * WebAssembly engine, im2col is built in WebAssembly memory (simd-im2col.ts), where the GEMM
 * reads it without a copy.
 */
import { scratchBuffer } from './cpu-backend.js';
import { activeGemmEngine, gemm } from './gemm.js';
import { col2im, colIsInput, colShape, type ConvGeometry, im2col, rowsPerChunk } from './im2col.js';
import { heapIm2col } from './simd-im2col.js';

interface ColSource { col: Float32Array; fill(m0: number, m1: number): void }

/** Chunks of im2col rows of `x`: in WebAssembly memory (with room for `extra` floats more) or a JS scratch. */
function colSource(x: Float32Array, g: ConvGeometry, chunk: number, extra: number): ColSource {
  const { rows, cols: k } = colShape(g);
  const chunkRows = Math.min(rows, chunk);
  const inHeap = activeGemmEngine() === 'wasm-simd' ? heapIm2col(x, g, chunkRows, extra) : null;
  if (inHeap !== null) return inHeap;
  const col = scratchBuffer('conv.col', chunkRows * k);
  return { col, fill: (m0, m1) => im2col(x, g, m0, m1, col) };
}

/** Forward convolution; returns a fresh y. */
export function conv2dForward(x: Float32Array, w: Float32Array, g: ConvGeometry): Float32Array {
  const { rows, cols: k } = colShape(g);
  const n = g.outC;
  const y = new Float32Array(rows * n);
  const direct = colIsInput(g);
  const chunk = direct ? rows : rowsPerChunk(g);
  const source = direct ? null : colSource(x, g, chunk, k * n + chunk * n + 64);
  const col = source === null ? x : source.col;
  for (let m0 = 0; m0 < rows; m0 += chunk) {
    const m1 = Math.min(rows, m0 + chunk);
    source?.fill(m0, m1);
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
  const source = direct ? null : colSource(x, g, chunk, chunk * n + k * n + 64);
  const col = source === null ? x : source.col;
  for (let m0 = 0; m0 < rows; m0 += chunk) {
    const m1 = Math.min(rows, m0 + chunk);
    source?.fill(m0, m1);
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
  const wt = transpose(w, k, n); // [n, K]: the GEMM then reads W^T with unit stride (no repacking per chunk)
  for (let m0 = 0; m0 < rows; m0 += chunk) {
    const m1 = Math.min(rows, m0 + chunk);
    // dcol[r, p] = sum_j dy[r, j] * W[p, j]: A row-major dy [rows, n]; B(p, j) = wt[j * K + p].
    gemm({
      a: dy, aOff: m0 * n, aRow: n, aCol: 1, b: wt, bOff: 0, bRow: 1, bCol: k,
      c: dcol, cOff: direct ? m0 * k : 0, m: m1 - m0, n: k, k: n, accumulate: false,
    });
    if (!direct) col2im(dcol, g, m0, m1, dx);
  }
  return dx;
}

/** The transpose of row-major [rows, cols] (a fresh [cols, rows]). */
function transpose(src: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0, s = r * cols; c < cols; c++, s++) out[c * rows + r] = src[s];
  }
  return out;
}
