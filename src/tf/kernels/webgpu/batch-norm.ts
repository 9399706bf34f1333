/**
 * Batch normalisation in training mode (src/gen/nn/norm.ts batchNorm) as a few WebGPU programs.
 * The generic ops cost ~17 programs forward and ~25 backward per layer, and a GAN step runs its
 * batch norms eight times: two thirds of its ~650 programs, on a GPU where issuing programs is
 * what limits a step (BENCHMARKS.md, issue 6). src/gen/nn/batch-norm-fused.ts calls these.
 *
 * x is channels-last `[..., C]` float32, `count` = x.size / C rows per channel. Kernels
 * (registered for 'webgpu' by registerFastWebGpuKernels):
 * - `PacLabBnStats` {x} -> `[2, C]`: row 0 the mean, row 1 the biased variance (two passes:
 *   mean, then the mean squared deviation, as norm.ts computes them). One workgroup per channel.
 * - `PacLabBnNormalize` {x, stats, gamma, beta} attrs {epsilon} -> y = (x - mean) / sqrt(var +
 *   epsilon) * gamma + beta.
 * - `PacLabBnGradSum` {dy, x, stats} attrs {epsilon, part} -> `[C]`: part 0 sum(dy) (d beta),
 *   part 1 sum(dy * xhat) (d gamma), over the rows.
 * - `PacLabBnInputGrad` {dy, x, stats, gamma, dBeta, dGamma} attrs {epsilon} -> dx =
 *   gamma * invStd * (dy - dBeta / count - xhat * dGamma / count).
 * - `PacLabBnRunning` {running, stats} attrs {momentum, part} -> running * (1 - momentum) +
 *   stats[part] * momentum (part 0 the mean, 1 the variance).
 */
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { ElementProgram, REDUCE_THREADS as THREADS, UnitReduceProgram } from './programs.js';
import { countCall, type KernelArgs, webGpuBackend } from './webgpu-backend.js';

export const BN_STATS = 'PacLabBnStats';
export const BN_NORMALIZE = 'PacLabBnNormalize';
export const BN_GRAD_SUM = 'PacLabBnGradSum';
export const BN_INPUT_GRAD = 'PacLabBnInputGrad';
export const BN_RUNNING = 'PacLabBnRunning';


/** Channels C and rows per channel of a channels-last tensor. */
function channelsOf(x: TensorInfo | undefined, kernel: string): { channels: number; count: number } {
  if (x === undefined || x.shape.length < 2) throw new Error(`${kernel}: x must be [..., C] with at least 2 axes, got [${x?.shape.join(', ') ?? ''}]`);
  const channels = x.shape[x.shape.length - 1];
  return { channels, count: x.shape.reduce((a, b) => a * b, 1) / channels };
}

function numberAttr(attrs: NamedAttrMap | undefined, name: string, kernel: string): number {
  const value = attrs?.[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${kernel}: attribute '${name}' must be a finite number, got ${String(value)}`);
  return value;
}

function partAttr(attrs: NamedAttrMap | undefined, kernel: string): 0 | 1 {
  const part = attrs?.part;
  if (part !== 0 && part !== 1) throw new Error(`${kernel}: attribute 'part' must be 0 or 1, got ${String(part)}`);
  return part;
}

const EPSILON_UNIFORM = 'epsilon : f32,';

export const bnStatsKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { channels, count } = channelsOf(args.inputs.x, BN_STATS);
  const C = channels;
  const code = `
    var acc = 0.0;
    for (var r = t; r < ${count}; r += ${THREADS}) { acc += x[r * ${C} + c]; }
    partial[t] = acc;
    let mean = reduceAll(t) / f32(${count});
    acc = 0.0;
    for (var r = t; r < ${count}; r += ${THREADS}) { let d = x[r * ${C} + c] - mean; acc += d * d; }
    partial[t] = acc;
    let variance = reduceAll(t) / f32(${count});
    if (t == 0 && uniforms.size == ${2 * C}) { result[c] = mean; result[${C} + c] = variance; }`;
  countCall(BN_STATS, 'custom');
  // A flat [2C] output (a rank-2 one would collide with the reduce layout's coordinate helpers),
  // handed back as a [2, C] view of the same data.
  const program = new UnitReduceProgram(['x'], `pacBnStats_${count}_${C}`, [2 * C], C, code);
  const out = webGpuBackend(args).runWebGPUProgram(program, [args.inputs.x as TensorInfo], 'float32');
  return { dataId: out.dataId, shape: [2, C], dtype: out.dtype };
};

export const bnNormalizeKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { x, stats, gamma, beta } = args.inputs;
  const { channels: C } = channelsOf(x, BN_NORMALIZE);
  if (!stats || !gamma || !beta) throw new Error(`${BN_NORMALIZE}: inputs stats, gamma and beta are required`);
  const epsilon = numberAttr(args.attrs, 'epsilon', BN_NORMALIZE);
  const body = `
      let c = index % ${C};
      setOutputAtIndex(index, ((x[index] - stats[c]) / sqrt(stats[${C} + c] + uniforms.epsilon)) * gamma[c] + beta[c]);`;
  countCall(BN_NORMALIZE, 'custom');
  const program = new ElementProgram(['x', 'stats', 'gamma', 'beta'], `pacBnNormalize_${C}`, [...(x as TensorInfo).shape], body, EPSILON_UNIFORM);
  return webGpuBackend(args).runWebGPUProgram(program, [x, stats, gamma, beta] as TensorInfo[], 'float32', [{ type: 'float32', data: [epsilon] }]);
};

export const bnGradSumKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { dy, x, stats } = args.inputs;
  const { channels: C, count } = channelsOf(x, BN_GRAD_SUM);
  if (!dy || !stats) throw new Error(`${BN_GRAD_SUM}: inputs dy and stats are required`);
  const epsilon = numberAttr(args.attrs, 'epsilon', BN_GRAD_SUM);
  const part = partAttr(args.attrs, BN_GRAD_SUM);
  // part 0 reads dy alone: with 'auto' layouts a bound input the shader never names is an error.
  const code = `
    ${part === 0 ? '' : `let invStd = 1.0 / sqrt(stats[${C} + c] + uniforms.epsilon);`}
    var acc = 0.0;
    for (var r = t; r < ${count}; r += ${THREADS}) { let i = r * ${C} + c; acc += ${part === 0 ? 'dy[i]' : 'dy[i] * ((x[i] - stats[c]) * invStd)'}; }
    partial[t] = acc;
    let total = reduceAll(t);
    if (t == 0 && uniforms.size == ${C}) { result[c] = total; }`;
  countCall(BN_GRAD_SUM, 'custom');
  const names = part === 0 ? ['dy'] : ['dy', 'x', 'stats'];
  const inputs = (part === 0 ? [dy] : [dy, x, stats]) as TensorInfo[];
  // part 0 names no uniform of its own, but every program must read `uniforms` (size does).
  const program = new UnitReduceProgram(names, `pacBnGradSum_${count}_${C}_${part}`, [C], C, code, part === 0 ? undefined : EPSILON_UNIFORM);
  return webGpuBackend(args).runWebGPUProgram(program, inputs, 'float32', part === 0 ? undefined : [{ type: 'float32', data: [epsilon] }]);
};

export const bnInputGradKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { dy, x, stats, gamma, dBeta, dGamma } = args.inputs;
  const { channels: C, count } = channelsOf(x, BN_INPUT_GRAD);
  if (!dy || !stats || !gamma || !dBeta || !dGamma) throw new Error(`${BN_INPUT_GRAD}: inputs dy, stats, gamma, dBeta and dGamma are required`);
  const epsilon = numberAttr(args.attrs, 'epsilon', BN_INPUT_GRAD);
  const body = `
      let c = index % ${C};
      let invStd = 1.0 / sqrt(stats[${C} + c] + uniforms.epsilon);
      let xhat = (x[index] - stats[c]) * invStd;
      setOutputAtIndex(index, gamma[c] * invStd * (dy[index] - dBeta[c] / f32(${count}) - xhat * dGamma[c] / f32(${count})));`;
  countCall(BN_INPUT_GRAD, 'custom');
  const program = new ElementProgram(['dy', 'x', 'stats', 'gamma', 'dBeta', 'dGamma'], `pacBnInputGrad_${count}_${C}`, [...(x as TensorInfo).shape], body, EPSILON_UNIFORM);
  return webGpuBackend(args).runWebGPUProgram(program, [dy, x, stats, gamma, dBeta, dGamma] as TensorInfo[], 'float32', [{ type: 'float32', data: [epsilon] }]);
};

export const bnRunningKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { running, stats } = args.inputs;
  if (!running || !stats || stats.shape.length !== 2 || stats.shape[0] !== 2) throw new Error(`${BN_RUNNING}: inputs running [C] and stats [2, C] are required`);
  const C = stats.shape[1];
  const momentum = numberAttr(args.attrs, 'momentum', BN_RUNNING);
  const part = partAttr(args.attrs, BN_RUNNING);
  const body = `setOutputAtIndex(index, running[index] * (1.0 - uniforms.momentum) + stats[${part * C} + index] * uniforms.momentum);`;
  countCall(BN_RUNNING, 'custom');
  const program = new ElementProgram(['running', 'stats'], `pacBnRunning_${C}_${part}`, [...running.shape], body, 'momentum : f32,');
  return webGpuBackend(args).runWebGPUProgram(program, [running, stats], 'float32', [{ type: 'float32', data: [momentum] }]);
};
