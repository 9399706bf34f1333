/**
 * Conv2DBackpropInput on WebGPU (inputs {dy, filter}, attrs {inputShape, strides, pad,
 * dataFormat, dimRoundingMode}), float32 NHWC; also the forward pass of conv2dTranspose:
 *   dx[b, iy, ix, ci] = sum over (kh, kw, co) with iy + padTop - kh = sh*oy, ix + padLeft - kw = sw*ox
 *                       (0 <= oy < outH, 0 <= ox < outW) of dy[b, oy, ox, co] * W[kh, kw, ci, co]
 *
 * Strides make most (kh, kw) taps miss for a given pixel (a 4x4 stride-2 filter: 3 of 4), which
 * the stock implicit GEMM multiplies as zeros. Here the pixels are split into sh*sw phases
 * (py, px) = ((iy + padTop) mod sh, (ix + padLeft) mod sw); in one phase the taps that hit are
 * exactly kh = py + sh*jy, kw = px + sw*jx, and with iy = iy0 + sh*ty:
 *   oy = ty - jy + cy,  cy = (iy0 + padTop - py) / sh   (exact),
 * so each phase is a dense product C = A . B: rows m = (b, ty, tx), columns n = ci,
 * K = (jy, jx, co), A[m, k] = dy[b, oy, ox, co] (zero outside dy), B[k, n] = W[kh, kw, n, co].
 * One dispatch covers all phases (workgroupId.z = phase); every dx pixel lies in exactly one
 * phase and is written once (zero when no tap hits it). Row and K decompositions use the largest
 * phase's sizes (ceil(inH / sh), ceil(fh / sh), ...), so divisions are by constants; the rows
 * and taps a smaller phase lacks are skipped or read as zero.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { type ConvShape, convKey, convShapeConstants, nhwcConvShape } from './conv-info.js';
import { chooseTile, type TileConfig, tileCoreSource, tileLoopSource, unrolled } from './gemm-tile.js';
import { countCall, dispatchFits, type KernelArgs, webGpuBackend, type WebGpuProgram } from './webgpu-backend.js';

export interface InputGradPlan {
  tile: TileConfig;
  /** Largest phase's rows per image (ty, tx), taps (jy, jx), and its K = jy * jx * outC. */
  ty: number;
  tx: number;
  jy: number;
  jx: number;
  k: number;
  dispatch: [number, number, number];
}

export function planInputGrad(s: ConvShape): InputGradPlan {
  const ty = Math.ceil(s.inH / s.strideH);
  const tx = Math.ceil(s.inW / s.strideW);
  const jy = Math.ceil(s.fh / s.strideH);
  const jx = Math.ceil(s.fw / s.strideW);
  const rows = s.batch * ty * tx;
  const phases = s.strideH * s.strideW;
  const tile = chooseTile(rows, s.inC, phases, 'dot');
  const dispatch: [number, number, number] = [Math.ceil(s.inC / tile.tn), Math.ceil(rows / tile.tm), phases];
  return { tile, ty, tx, jy, jx, k: jy * jx * s.outC, dispatch };
}

/**
 * WGSL reading A[m, k..k+3] (`loadA4`) and B[k..k+3, n] (`loadB4`), k a multiple of 4, for
 * the phase in (py, px, cy, cx). With outC % 4 == 0 the four taps are four consecutive output
 * channels co of one (jy, jx): one index computation, one vec4 read of dy or W. Otherwise
 * element by element. Index functions return -1 outside dy / past the filter's edge.
 */
function loaders(vec4: boolean): string {
  const read = (name: string, index: string): string => vec4
    ? `
  fn load${name}4(r : i32, k : i32) -> vec4<f32> {
    let i = ${index}(r, k);
    if (i < 0) { return vec4<f32>(0.0); }
    return ${name === 'A' ? 'dy' : 'W'}[i / 4];
  }`
    : `
  fn load${name}(r : i32, k : i32) -> f32 {
    let i = ${index}(r, k);
    if (i < 0) { return 0.0; }
    return ${name === 'A' ? 'dy' : 'W'}[i];
  }
  fn load${name}4(r : i32, k : i32) -> vec4<f32> {
    return vec4<f32>(load${name}(r, k), load${name}(r, k + 1), load${name}(r, k + 2), load${name}(r, k + 3));
  }`;
  return `
  // A[m, k]: m = (b, ty, tx) a pixel of the phase, k = (jy, jx, co) a tap.
  fn dyIndex(m : i32, k : i32) -> i32 {
    if (m >= ROWS || k >= K) { return -1; }
    let oy = (m / TX) % TY - k / (JX * CO) + cy;
    let ox = m % TX - (k / CO) % JX + cx;
    if (oy < 0 || oy >= OH || ox < 0 || ox >= OW) { return -1; }
    return ((m / (TY * TX) * OH + oy) * OW + ox) * CO + k % CO;
  }
  // B[k, n] = W[kh, kw, n, co].
  fn wIndex(n : i32, k : i32) -> i32 {
    let kh = py + SH * (k / (JX * CO));
    let kw = px + SW * ((k / CO) % JX);
    if (k >= K || n >= CI || kh >= FH || kw >= FW) { return -1; }
    return ((kh * FW + kw) * CI + n) * CO + k % CO;
  }
${read('A', 'dyIndex')}
${read('B', 'wIndex')}`;
}

class InputGradTileProgram implements WebGpuProgram {
  variableNames = ['dy', 'W'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0], y: [1], z: [2] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** With outC % 4 == 0, dy and W are bound as array<vec4<f32>> (4 taps of k in one read). */
  variableComponents: number[];

  constructor(private readonly s: ConvShape, private readonly plan: InputGradPlan) {
    this.outputShape = [s.batch, s.inH, s.inW, s.inC];
    this.dispatch = plan.dispatch;
    this.workgroupSize = [plan.tile.tn / 4, plan.tile.tm / 4, 1];
    const c = s.outC % 4 === 0 ? 4 : 1;
    this.variableComponents = [c, c];
    const t = plan.tile;
    this.shaderKey = `pacConvInputGrad_${convKey(s)}_${t.tm}_${t.tn}_${t.tk}_${t.layout}_${c}`;
  }

  getUserCode(): string {
    const { s, plan } = this;
    return `
  ${tileCoreSource(plan.tile)}
${convShapeConstants(s)}
  const TY = ${plan.ty};
  const TX = ${plan.tx};
  const JX = ${plan.jx};
  const ROWS = ${s.batch * plan.ty * plan.tx};
  const K = ${plan.k};

  // This workgroup's phase, set in main: tap offsets (py, px) and oy / ox offsets (cy, cx).
  var<private> py : i32;
  var<private> px : i32;
  var<private> cy : i32;
  var<private> cx : i32;

  ${loaders(this.variableComponents[0] === 4)}

  // Neighbouring invocations take neighbouring k (co): contiguous reads of dy and W.
  fn loadSlice(k0 : i32, m0 : i32, n0 : i32) {
    for (var e = i32(localIndex); e < TM * (TK / 4); e += THREADS) {
      let mm = e / (TK / 4);
      let kq = e % (TK / 4);
      As[mm * KQ + kq] = loadA4(m0 + mm, k0 + 4 * kq);
    }
    for (var e = i32(localIndex); e < TN * (TK / 4); e += THREADS) {
      let nn = e / (TK / 4);
      let kq = e % (TK / 4);
      Bs[nn * KQ + kq] = loadB4(n0 + nn, k0 + 4 * kq);
    }
  }

  fn main() {
    let phase = i32(workgroupId.z);
    py = phase / SW;
    px = phase % SW;
    let iy0 = ((py - PT) % SH + SH) % SH;
    let ix0 = ((px - PL) % SW + SW) % SW;
    cy = (iy0 + PT - py) / SH;
    cx = (ix0 + PL - px) / SW;
    let nty = (IH - iy0 + SH - 1) / SH;
    let ntx = (IW - ix0 + SW - 1) / SW;
    let n0 = i32(workgroupId.x) * TN;
    let m0 = i32(workgroupId.y) * TM;
    ${tileLoopSource(Math.ceil(plan.k / plan.tile.tk), '0')}
    ${unrolled((i) => `
    {
      let m = m0 + 4 * i32(localId.y) + ${i};
      let ty = (m / TX) % TY;
      let tx = m % TX;
      if (m < ROWS && ty < nty && tx < ntx) {
        let base = ((m / (TY * TX) * IH + iy0 + SH * ty) * IW + ix0 + SW * tx) * CI;
        for (var j = 0; j < 4; j++) {
          let n = n0 + 4 * i32(localId.x) + j;
          if (n < CI) { result[base + n] = acc[${i}][j]; }
        }
      }
    }`)}
  }`;
  }
}

export function makeConv2DBackpropInput(stock: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const attrs = args.attrs ?? {};
    const { dy, filter } = args.inputs;
    const backend = webGpuBackend(args);
    const s = dy === undefined || filter === undefined ? null : nhwcConvShape(attrs.inputShape, filter.shape, dy, [filter], attrs);
    const plan = s === null ? null : planInputGrad(s);
    if (s === null || plan === null || dy === undefined || filter === undefined || !dispatchFits(backend, plan.dispatch)) {
      countCall('Conv2DBackpropInput', 'stock');
      return stock(args);
    }
    countCall('Conv2DBackpropInput', 'custom');
    return backend.runWebGPUProgram(new InputGradTileProgram(s, plan), [dy, filter], 'float32');
  };
}
