/**
 * Conv2DBackpropFilter on WebGPU (inputs {x, dy}, attrs {strides, pad, dataFormat,
 * dimRoundingMode, filterShape}), float32 NHWC:
 *   dW[kh, kw, ci, co] = sum over pixels p = (b, oy, ox) of
 *                        x[b, oy*sh - padTop + kh, ox*sw - padLeft + kw, ci] * dy[b, oy, ox, co]
 * i.e. C = A . B with C = dW viewed as [M = fh*fw*inC, N = outC] (its own row-major layout),
 * A[m, p] the im2col of x read in place (zero where the window hangs over the padding), and
 * B = dy viewed as [K = batch*outH*outW, N].
 *
 * K is large and M, N small (Nature DQN conv1 at batch 32: K = 12800, M = 256, N = 32), so one
 * tile per workgroup would leave a GPU nearly idle: K is split into `splits` ranges, each
 * workgroup writes its partial tile to partial[split, M, N], and a second program sums the
 * splits in a fixed order (deterministic, unlike the stock split-K matmul's float atomics).
 * With a single split the tiled program writes dW directly.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { type ConvShape, convKey, convShapeConstants, nhwcConvShape } from './conv-info.js';
import { chooseTile, type TileConfig, tileCoreSource, tileLoopSource, unrolled } from './gemm-tile.js';
import { SplitSumProgram } from './split-sum.js';
import { countCall, dispatchFits, type KernelArgs, webGpuBackend, type WebGpuBackendLike, type WebGpuProgram } from './webgpu-backend.js';

/** Enough workgroups to fill a large GPU (an H100 has 132 SMs) several times over. */
const TARGET_WORKGROUPS = 512;
/** Fewer K-slices than this per split would spend more on the reduction than they save. */
const MIN_SLICES_PER_SPLIT = 4;

export interface FilterGradPlan {
  tile: TileConfig;
  m: number;
  n: number;
  k: number;
  splits: number;
  slicesPerSplit: number;
  dispatch: [number, number, number];
}

export function planFilterGrad(s: ConvShape, maxBufferBytes: number): FilterGradPlan {
  const m = s.fh * s.fw * s.inC;
  const n = s.outC;
  const k = s.batch * s.outH * s.outW;
  // The tile's height depends on how many workgroups there will be: count the most splits.
  const tile = chooseTile(m, n, Math.max(1, Math.floor(Math.ceil(k / 16) / MIN_SLICES_PER_SPLIT)), 'outer');
  const kSlices = Math.ceil(k / tile.tk);
  const tiles = Math.ceil(m / tile.tm) * Math.ceil(n / tile.tn);
  let splits = Math.min(Math.ceil(TARGET_WORKGROUPS / tiles), Math.max(1, Math.floor(kSlices / MIN_SLICES_PER_SPLIT)));
  splits = Math.max(1, Math.min(splits, Math.floor(maxBufferBytes / (4 * m * n))));
  const slicesPerSplit = Math.ceil(kSlices / splits);
  splits = Math.ceil(kSlices / slicesPerSplit);
  return { tile, m, n, k, splits, slicesPerSplit, dispatch: [Math.ceil(n / tile.tn), Math.ceil(m / tile.tm), splits] };
}

/**
 * WGSL reading A[m..m+3, p] (`loadA4`) and B[p, n..n+3] (`loadB4`), m and n multiples of 4.
 * With inC % 4 == 0 the four filter rows share (kh, kw) and are four consecutive channels of
 * one x pixel: one index computation, one vec4 read (x bound as vec4). Likewise dy's row when
 * outC % 4 == 0. Otherwise element by element, each with its own bounds.
 */
function loaders(xVec4: boolean, dyVec4: boolean): string {
  const a = xVec4
    ? `
  fn loadA4(m : i32, p : i32) -> vec4<f32> {
    let i = xIndex(m, p);
    if (i < 0) { return vec4<f32>(0.0); }
    return x[i / 4];
  }`
    : `
  fn loadA(m : i32, p : i32) -> f32 {
    let i = xIndex(m, p);
    if (i < 0) { return 0.0; }
    return x[i];
  }
  fn loadA4(m : i32, p : i32) -> vec4<f32> {
    return vec4<f32>(loadA(m, p), loadA(m + 1, p), loadA(m + 2, p), loadA(m + 3, p));
  }`;
  const b = dyVec4
    ? `
  fn loadB4(p : i32, n : i32) -> vec4<f32> {
    if (p >= K || n >= N) { return vec4<f32>(0.0); }
    return dy[(p * N + n) / 4];
  }`
    : `
  fn loadB(p : i32, n : i32) -> f32 {
    if (p >= K || n >= N) { return 0.0; }
    return dy[p * N + n];
  }
  fn loadB4(p : i32, n : i32) -> vec4<f32> {
    return vec4<f32>(loadB(p, n), loadB(p, n + 1), loadB(p, n + 2), loadB(p, n + 3));
  }`;
  return `
  // Index into x of A[m, p] (m = (kh, kw, ci) a filter row, p = (b, oy, ox) an output pixel),
  // or -1 where the window hangs over the padding or past the matrix.
  fn xIndex(m : i32, p : i32) -> i32 {
    if (m >= M || p >= K) { return -1; }
    let b = p / (OH * OW);
    let iy = ((p / OW) % OH) * SH - PT + m / (FW * CI);
    let ix = (p % OW) * SW - PL + (m / CI) % FW;
    if (iy < 0 || iy >= IH || ix < 0 || ix >= IW) { return -1; }
    return ((b * IH + iy) * IW + ix) * CI + m % CI;
  }
${a}
${b}`;
}

/** The tiled product; output [splits, M, N] (or dW itself when splits = 1). */
class FilterGradTileProgram implements WebGpuProgram {
  variableNames = ['x', 'dy'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = { x: [0], y: [1], z: [2] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** 4: that input is bound as array<vec4<f32>> (inC resp. outC a multiple of 4). */
  variableComponents: number[];

  constructor(private readonly s: ConvShape, private readonly plan: FilterGradPlan, filterShape: number[]) {
    this.outputShape = plan.splits > 1 ? [plan.splits, plan.m, plan.n] : filterShape;
    this.dispatch = plan.dispatch;
    this.workgroupSize = [plan.tile.tn / 4, plan.tile.tm / 4, 1];
    this.variableComponents = [s.inC % 4 === 0 ? 4 : 1, s.outC % 4 === 0 ? 4 : 1];
    const t = plan.tile;
    this.shaderKey = `pacConvFilterGrad_${convKey(s)}_${t.tm}_${t.tn}_${t.tk}_${plan.splits}_${plan.slicesPerSplit}_${this.variableComponents.join('')}`;
  }

  getUserCode(): string {
    const { s, plan } = this;
    return `
  ${tileCoreSource(plan.tile)}
${convShapeConstants(s)}
  const M = ${plan.m};
  const N = ${plan.n};
  const K = ${plan.k};

  ${loaders(this.variableComponents[0] === 4, this.variableComponents[1] === 4)}

  // Neighbouring invocations take neighbouring m (As) and n (Bs): contiguous reads of x and dy.
  fn loadSlice(k0 : i32, m0 : i32, n0 : i32) {
    for (var e = i32(localIndex); e < TK * TM / 4; e += THREADS) {
      let p = k0 + e / (TM / 4);
      let m = m0 + 4 * (e % (TM / 4));
      As[e] = loadA4(m, p);
    }
    for (var e = i32(localIndex); e < TK * TN / 4; e += THREADS) {
      let p = k0 + e / (TN / 4);
      let n = n0 + 4 * (e % (TN / 4));
      Bs[e] = loadB4(p, n);
    }
  }

  fn main() {
    let n0 = i32(workgroupId.x) * TN;
    let m0 = i32(workgroupId.y) * TM;
    let split = i32(workgroupId.z);
    ${tileLoopSource(plan.slicesPerSplit, `split * ${plan.slicesPerSplit} * TK`)}
    ${unrolled((i) => `
    for (var j = 0; j < 4; j++) {
      let m = m0 + 4 * i32(localId.y) + ${i};
      let n = n0 + 4 * i32(localId.x) + j;
      if (m < M && n < N) { result[(split * M + m) * N + n] = acc[${i}][j]; }
    }`)}
  }`;
  }
}

function run(backend: WebGpuBackendLike, x: TensorInfo, dy: TensorInfo, s: ConvShape, plan: FilterGradPlan, filterShape: number[]): TensorInfo {
  const tiled = backend.runWebGPUProgram(new FilterGradTileProgram(s, plan, filterShape), [x, dy], 'float32');
  if (plan.splits === 1) return tiled;
  const out = backend.runWebGPUProgram(new SplitSumProgram(plan.splits, plan.m * plan.n, filterShape), [tiled], 'float32');
  backend.disposeData(tiled.dataId);
  return out;
}

export function makeConv2DBackpropFilter(stock: KernelFunc): KernelFunc {
  return (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const attrs = args.attrs ?? {};
    const { x, dy } = args.inputs;
    const backend = webGpuBackend(args);
    const s = x === undefined || dy === undefined ? null : nhwcConvShape(x.shape, attrs.filterShape, dy, [x], attrs);
    const plan = s === null ? null : planFilterGrad(s, backend.device.limits.maxStorageBufferBindingSize);
    if (x === undefined || dy === undefined || s === null || plan === null || !dispatchFits(backend, plan.dispatch)) {
      countCall('Conv2DBackpropFilter', 'stock');
      return stock(args);
    }
    countCall('Conv2DBackpropFilter', 'custom');
    return run(backend, x, dy, s, plan, [s.fh, s.fw, s.inC, s.outC]);
  };
}
