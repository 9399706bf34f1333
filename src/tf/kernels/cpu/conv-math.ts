/**
 * The three convolution products on plain arrays, NHWC, dilation 1 (layouts in im2col.ts):
 *   forward          y  [batch, outH, outW, outC] = im2col(x) . W
 *   filter gradient  dW [fh, fw, inC, outC]      = im2col(x)^T . dy
 *   input gradient   dx [batch, inH, inW, inC]   = col2im(dy . W^T)
 * Work proceeds in chunks of whole images so the im2col scratch stays bounded; the matrix
 * products run in gemm.ts (strided, so no operand is ever transposed in memory).
 */
import { scratchBuffer } from './cpu-backend.js';
import { gemm } from './gemm.js';
import { col2im, colIsInput, colShape, type ConvGeometry, im2col, imagesPerChunk } from './im2col.js';

/** Forward convolution; returns a fresh y. */
export function conv2dForward(x: Float32Array, w: Float32Array, g: ConvGeometry): Float32Array {
  const { rows, cols: k } = colShape(g);
  const n = g.outC;
  const y = new Float32Array(rows * n);
  const rowsPerImage = g.outH * g.outW;
  const chunk = imagesPerChunk(g);
  const direct = colIsInput(g);
  for (let b0 = 0; b0 < g.batch; b0 += chunk) {
    const b1 = Math.min(g.batch, b0 + chunk);
    const m = (b1 - b0) * rowsPerImage;
    let a = x;
    let aOff = b0 * rowsPerImage * k;
    if (!direct) {
      a = scratchBuffer('conv.col', m * k);
      aOff = 0;
      im2col(x, g, b0, b1, a);
    }
    // y[m, j] = sum_p col[m, p] * W[p, j]: A row-major [m, K]; B(j, p) = W[p * n + j].
    gemm({ a, aOff, aRow: k, aCol: 1, b: w, bOff: 0, bRow: 1, bCol: n, c: y, cOff: b0 * rowsPerImage * n, m, n, k, accumulate: false });
  }
  return y;
}

/** Gradient of the loss with respect to the filter; `dy` is [batch, outH, outW, outC]. */
export function conv2dFilterGrad(x: Float32Array, dy: Float32Array, g: ConvGeometry): Float32Array {
  const { cols: k } = colShape(g);
  const n = g.outC;
  const dw = new Float32Array(k * n);
  const rowsPerImage = g.outH * g.outW;
  const chunk = imagesPerChunk(g);
  const direct = colIsInput(g);
  for (let b0 = 0; b0 < g.batch; b0 += chunk) {
    const b1 = Math.min(g.batch, b0 + chunk);
    const rows = (b1 - b0) * rowsPerImage;
    let a = x;
    let aOff = b0 * rowsPerImage * k;
    if (!direct) {
      a = scratchBuffer('conv.col', rows * k);
      aOff = 0;
      im2col(x, g, b0, b1, a);
    }
    // dW[i, j] += sum_r col[r, i] * dy[r, j]: A(i, r) = col[r * K + i]; B(j, r) = dy[r * n + j].
    gemm({
      a, aOff, aRow: 1, aCol: k, b: dy, bOff: b0 * rowsPerImage * n, bRow: 1, bCol: n,
      c: dw, cOff: 0, m: k, n, k: rows, accumulate: b0 > 0,
    });
  }
  return dw;
}

/** Gradient of the loss with respect to the input x; returns a fresh dx. */
export function conv2dInputGrad(dy: Float32Array, w: Float32Array, g: ConvGeometry): Float32Array {
  const { cols: k } = colShape(g);
  const n = g.outC;
  const dx = new Float32Array(g.batch * g.inH * g.inW * g.inC);
  const rowsPerImage = g.outH * g.outW;
  const chunk = imagesPerChunk(g);
  const direct = colIsInput(g);
  for (let b0 = 0; b0 < g.batch; b0 += chunk) {
    const b1 = Math.min(g.batch, b0 + chunk);
    const m = (b1 - b0) * rowsPerImage;
    // dcol[r, p] = sum_j dy[r, j] * W[p, j]: A row-major dy [m, n]; B(p, j) = W[p * n + j].
    const c = direct ? dx : scratchBuffer('conv.dcol', m * k);
    const cOff = direct ? b0 * rowsPerImage * k : 0;
    gemm({ a: dy, aOff: b0 * rowsPerImage * n, aRow: n, aCol: 1, b: w, bOff: 0, bRow: n, bCol: 1, c, cOff, m, n: k, k: n, accumulate: false });
    if (!direct) col2im(c, g, b0, b1, dx);
  }
  return dx;
}
