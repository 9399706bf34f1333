/**
 * Geometry of a convolution whose gradients Pac-Lab's WebGPU kernels compute: float32, NHWC,
 * dilation 1, any strides, 'valid' / 'same' / numeric / explicit padding. Derived with tfjs' own
 * `computeConv2DInfo`, exactly as the stock kernels derive it, so output sizes and the split of
 * 'same' padding between top and bottom agree to the pixel.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

export interface ConvShape {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  /** Filter height and width. */
  fh: number;
  fw: number;
  strideH: number;
  strideW: number;
  /** Rows / columns of zero padding before the first input row / column. */
  padTop: number;
  padLeft: number;
}

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

function isDilationOne(d: unknown): boolean {
  if (d === undefined || d === null || d === 1) return true;
  return Array.isArray(d) && d.every((v) => v === 1);
}

function isFourInts(s: unknown): s is [number, number, number, number] {
  return Array.isArray(s) && s.length === 4 && s.every((v) => Number.isInteger(v) && v > 0);
}

/**
 * The geometry, or null when the call is not one these kernels take (another data format, a
 * dilation attribute > 1, a non-float32 tensor, a `dy` of the wrong shape, an invalid pad).
 */
export function nhwcConvShape(inShape: unknown, filterShape: unknown, dy: TensorInfo, others: TensorInfo[], attrs: NamedAttrMap): ConvShape | null {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') return null;
  if (!isDilationOne(attrs.dilations)) return null;
  if (![dy, ...others].every((t) => t.dtype === 'float32')) return null;
  if (!isFourInts(inShape) || !isFourInts(filterShape) || inShape[3] !== filterShape[2]) return null;
  let info: tf.backend_util.Conv2DInfo;
  try {
    info = tf.backend_util.computeConv2DInfo(
      inShape, filterShape, attrs.strides as number | [number, number], 1, attrs.pad as Pad,
      attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, false, 'channelsLast',
    );
  } catch {
    return null;
  }
  const shape: ConvShape = {
    batch: info.batchSize, inH: info.inHeight, inW: info.inWidth, inC: info.inChannels,
    outH: info.outHeight, outW: info.outWidth, outC: info.outChannels,
    fh: info.filterHeight, fw: info.filterWidth, strideH: info.strideHeight, strideW: info.strideWidth,
    padTop: info.padInfo.top, padLeft: info.padInfo.left,
  };
  const dyShape = [shape.batch, shape.outH, shape.outW, shape.outC];
  if (dy.shape.length !== 4 || dy.shape.some((d, i) => d !== dyShape[i])) return null;
  if (shape.outH < 1 || shape.outW < 1) return null;
  return shape;
}

/** The numbers of a geometry, for shader keys (every number baked into WGSL must be in the key). */
export function convKey(s: ConvShape): string {
  return [s.batch, s.inH, s.inW, s.inC, s.outH, s.outW, s.outC, s.fh, s.fw, s.strideH, s.strideW, s.padTop, s.padLeft].join('_');
}

/**
 * The convolution's geometry as WGSL module constants (FH, FW, CI, CO, SH, SW, PT, PL, IH, IW,
 * OH, OW), baked into a shader so its index arithmetic divides by constants. A shader that
 * does not use some of them is still valid WGSL.
 */
export function convShapeConstants(s: ConvShape): string {
  const values: [string, number][] = [
    ['FH', s.fh], ['FW', s.fw], ['CI', s.inC], ['CO', s.outC], ['SH', s.strideH], ['SW', s.strideW],
    ['PT', s.padTop], ['PL', s.padLeft], ['IH', s.inH], ['IW', s.inW], ['OH', s.outH], ['OW', s.outW],
  ];
  return values.map(([name, v]) => `  const ${name} = ${v};`).join('\n');
}
