/**
 * Convolution geometry and the im2col / col2im rearrangements for NHWC (channelsLast) tensors.
 *
 * Layouts (all row-major float32):
 *   x       [batch, inH, inW, inC]
 *   filter  [fh, fw, inC, outC]         read as a matrix W [K, outC], K = fh * fw * inC
 *   y, dy   [batch, outH, outW, outC]   read as a matrix   [M, outC], M = batch * outH * outW
 *   col     [M, K]: col[m, (fy * fw + fx) * inC + c] = x[b, oy*sh + fy - padTop, ox*sw + fx - padLeft, c]
 *           with m = (b * outH + oy) * outW + ox, and 0 where the input index falls in padding.
 * Then y = col . W, dW = col^T . dy, and dx = col2im(dy . W^T).
 */
import { backend_util } from '@tensorflow/tfjs';

/** Everything the fast kernels need about one 2-D convolution (dilation 1, NHWC). */
export interface ConvGeometry {
  batch: number; inH: number; inW: number; inC: number;
  outH: number; outW: number; outC: number;
  fh: number; fw: number;
  strideH: number; strideW: number;
  /** Rows/columns of implicit zero padding before the first input row/column. */
  padTop: number; padLeft: number;
}

/**
 * Geometry from tfjs' own `computeConv2DInfo` (so 'valid', 'same', explicit pads and
 * dimRoundingMode mean exactly what they mean to the stock kernels), or a string naming why the
 * fast path cannot take this convolution (the caller then delegates to the stock kernel).
 */
export function convGeometry(
  xShape: readonly number[], filterShape: readonly number[], strides: unknown, dilations: unknown,
  pad: unknown, dimRoundingMode: unknown, dataFormat: unknown,
): ConvGeometry | string {
  const format = backend_util.convertConv2DDataFormat(dataFormat === undefined ? 'NHWC' : (dataFormat as 'NHWC' | 'NCHW'));
  if (format !== 'channelsLast') return `dataFormat ${String(dataFormat)} (only NHWC is supported)`;
  if (xShape.length !== 4 || filterShape.length !== 4) return `rank ${xShape.length} input (only rank-4 NHWC is supported)`;
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    strides as number | [number, number], (dilations ?? 1) as number | [number, number],
    pad as backend_util.ExplicitPadding | 'valid' | 'same' | number, dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false, format,
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    return `dilations ${info.dilationHeight}x${info.dilationWidth} (only 1 is supported)`;
  }
  return {
    batch: info.batchSize, inH: info.inHeight, inW: info.inWidth, inC: info.inChannels,
    outH: info.outHeight, outW: info.outWidth, outC: info.outChannels,
    fh: info.filterHeight, fw: info.filterWidth,
    strideH: info.strideHeight, strideW: info.strideWidth,
    padTop: info.padInfo.top, padLeft: info.padInfo.left,
  };
}

/** Rows (M) and columns (K) of the im2col matrix. */
export function colShape(g: ConvGeometry): { rows: number; cols: number } {
  return { rows: g.batch * g.outH * g.outW, cols: g.fh * g.fw * g.inC };
}

/**
 * im2col rows per chunk: about CHUNK_FLOATS floats (256 KB), so a chunk written by im2col is
 * still in L2 when the matrix product reads it; a multiple of 12, so only the last chunk can
 * leave rows outside the GEMM tiles (3 rows in JS, 4 in WebAssembly).
 */
const CHUNK_FLOATS = 64 * 1024;

export function rowsPerChunk(g: ConvGeometry): number {
  const k = g.fh * g.fw * g.inC;
  return Math.max(12, Math.floor(CHUNK_FLOATS / Math.max(1, k) / 12) * 12);
}

/** True when im2col would copy `x` unchanged (1x1 filter, stride 1, no padding). */
export function colIsInput(g: ConvGeometry): boolean {
  return g.fh === 1 && g.fw === 1 && g.strideH === 1 && g.strideW === 1 && g.padTop === 0 && g.padLeft === 0
    && g.outH === g.inH && g.outW === g.inW;
}

/**
 * Fills `col` with im2col rows [m0, m1) (row 0 of `col` is row m0), so callers can work in
 * cache-sized chunks of rows.
 */
export function im2col(x: Float32Array, g: ConvGeometry, m0: number, m1: number, col: Float32Array): void {
  const { inH, inW, inC, outH, outW, fh, fw, strideH, strideW, padTop, padLeft } = g;
  const run = fw * inC; // one filter row: fw pixels x inC channels, contiguous in x when inside
  const rowStride = inW * inC;
  let ox = m0 % outW;
  let oy = Math.floor(m0 / outW) % outH;
  let xb = Math.floor(m0 / (outW * outH)) * inH * rowStride;
  let o = 0;
  for (let m = m0; m < m1; m++) {
    const iy0 = oy * strideH - padTop;
    const ix0 = ox * strideW - padLeft;
    const inside = ix0 >= 0 && ix0 + fw <= inW;
    for (let fy = 0; fy < fh; fy++) {
      const iy = iy0 + fy;
      if (iy < 0 || iy >= inH) {
        col.fill(0, o, o + run);
        o += run;
        continue;
      }
      const rowBase = xb + iy * rowStride;
      if (inside) {
        let s = rowBase + ix0 * inC;
        for (let t = 0; t < run; t++) col[o++] = x[s++];
        continue;
      }
      for (let fx = 0; fx < fw; fx++) {
        const ix = ix0 + fx;
        if (ix < 0 || ix >= inW) {
          col.fill(0, o, o + inC);
          o += inC;
        } else {
          let s = rowBase + ix * inC;
          for (let c = 0; c < inC; c++) col[o++] = x[s++];
        }
      }
    }
    if (++ox === outW) {
      ox = 0;
      if (++oy === outH) {
        oy = 0;
        xb += inH * rowStride;
      }
    }
  }
}

/**
 * Adds every entry of `col`, the column gradients of im2col rows [m0, m1) (row 0 of `col` is
 * row m0), into `dx` [batch, inH, inW, inC]; entries that fall in padding are dropped.
 */
export function col2im(col: Float32Array, g: ConvGeometry, m0: number, m1: number, dx: Float32Array): void {
  const { inH, inW, inC, outH, outW, fh, fw, strideH, strideW, padTop, padLeft } = g;
  const run = fw * inC;
  const rowStride = inW * inC;
  let ox = m0 % outW;
  let oy = Math.floor(m0 / outW) % outH;
  let xb = Math.floor(m0 / (outW * outH)) * inH * rowStride;
  let o = 0;
  for (let m = m0; m < m1; m++) {
    const iy0 = oy * strideH - padTop;
    const ix0 = ox * strideW - padLeft;
    const inside = ix0 >= 0 && ix0 + fw <= inW;
    for (let fy = 0; fy < fh; fy++) {
      const iy = iy0 + fy;
      if (iy < 0 || iy >= inH) {
        o += run;
        continue;
      }
      const rowBase = xb + iy * rowStride;
      if (inside) {
        let s = rowBase + ix0 * inC;
        for (let t = 0; t < run; t++) dx[s++] += col[o++];
        continue;
      }
      for (let fx = 0; fx < fw; fx++) {
        const ix = ix0 + fx;
        if (ix < 0 || ix >= inW) {
          o += inC;
        } else {
          let s = rowBase + ix * inC;
          for (let c = 0; c < inC; c++) dx[s++] += col[o++];
        }
      }
    }
    if (++ox === outW) {
      ox = 0;
      if (++oy === outH) {
        oy = 0;
        xb += inH * rowStride;
      }
    }
  }
}
