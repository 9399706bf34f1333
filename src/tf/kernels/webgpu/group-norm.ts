/**
 * Group norm (src/gen/nn/norm.ts groupNorm, the U-Net's) as a few WebGPU programs instead of
 * ~40 generic ones per layer (its per-image statistics go through batched matMuls there, for the
 * CPU's sake). A U-Net training step issued ~1,800 programs; issuing them is what limits a step
 * on a GPU (BENCHMARKS.md, issue 6). src/gen/nn/group-norm-fused.ts calls these.
 *
 * x is `[B, H, W, C]` float32 with C = G groups of S channels; a unit is one image's group, its
 * n = H * W * S elements. As norm.ts: mean and E[x^2] per unit, var = max(E[x^2] - mean^2, 0),
 * y = x * scale + shift with scale = gamma / sqrt(var + eps), shift = beta - mean * scale.
 * Kernels (registered for 'webgpu' by registerFastWebGpuKernels):
 * - `PacLabGnStats` {x} attrs {groups} -> `[B * G * 2]`: per unit, mean then variance.
 * - `PacLabGnNormalize` {x, stats, gamma, beta} attrs {groups, epsilon} -> y.
 * - `PacLabGnUnitGrad` {dy, x, stats, gamma} attrs {groups, epsilon} -> `[B * G * 2]`: per
 *   unit, the means of g = dy * gamma and of g * xhat (xhat = (x - mean) / sqrt(var + eps)).
 * - `PacLabGnInputGrad` {dy, x, stats, gamma, unitGrad} attrs {groups, epsilon} -> dx =
 *   (g - mean(g) - xhat * mean(g * xhat)) / sqrt(var + eps).
 * - `PacLabGnParamGrad` {dy, x, stats} attrs {groups, epsilon, part} -> `[C]`: part 0 sum(dy)
 *   (d beta), part 1 sum(dy * xhat) (d gamma), over B, H and W.
 */
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { ElementProgram, REDUCE_THREADS as THREADS, UnitReduceProgram } from './programs.js';
import { countCall, type KernelArgs, webGpuBackend } from './webgpu-backend.js';

export const GN_STATS = 'PacLabGnStats';
export const GN_NORMALIZE = 'PacLabGnNormalize';
export const GN_UNIT_GRAD = 'PacLabGnUnitGrad';
export const GN_INPUT_GRAD = 'PacLabGnInputGrad';
export const GN_PARAM_GRAD = 'PacLabGnParamGrad';


interface GnShape { b: number; hw: number; c: number; groups: number; size: number }

function gnShape(x: TensorInfo | undefined, attrs: NamedAttrMap | undefined, kernel: string): GnShape {
  const groups = attrs?.groups;
  if (x === undefined || x.shape.length !== 4) throw new Error(`${kernel}: x must be [B, H, W, C], got [${x?.shape.join(', ') ?? ''}]`);
  const [b, h, w, c] = x.shape;
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1 || c % groups !== 0) {
    throw new Error(`${kernel}: attribute 'groups' must be a whole divisor of the ${c} channels, got ${String(groups)}`);
  }
  return { b, hw: h * w, c, groups, size: c / groups };
}

function epsilonOf(attrs: NamedAttrMap | undefined, kernel: string): number {
  const epsilon = attrs?.epsilon;
  if (typeof epsilon !== 'number' || !(epsilon > 0)) throw new Error(`${kernel}: attribute 'epsilon' must be a number > 0, got ${String(epsilon)}`);
  return epsilon;
}

/**
 * WGSL for a unit's loop: `i` runs over the unit's elements of x (c = unit index = b * G + g),
 * and `ch` is the element's channel.
 */
function unitLoop(s: GnShape, body: string): string {
  const n = s.hw * s.size;
  return `
    let image = c / ${s.groups};
    let group = c % ${s.groups};
    for (var k = t; k < ${n}; k += ${THREADS}) {
      let ch = group * ${s.size} + k % ${s.size};
      let i = (image * ${s.hw} + k / ${s.size}) * ${s.c} + ch;
      ${body}
    }`;
}

/** WGSL: the element's unit statistics, `mean` and `invStd`, for flat `index` of x. */
function elementStats(s: GnShape): string {
  return `
      let ch = index % ${s.c};
      let unit = (index / ${s.hw * s.c}) * ${s.groups} + ch / ${s.size};
      let mean = stats[2 * unit];
      let invStd = 1.0 / sqrt(stats[2 * unit + 1] + uniforms.epsilon);`;
}

const EPSILON = 'epsilon : f32,';
const key = (name: string, s: GnShape): string => `${name}_${s.b}_${s.hw}_${s.c}_${s.groups}`;

export const gnStatsKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const s = gnShape(args.inputs.x, args.attrs, GN_STATS);
  const n = s.hw * s.size;
  const code = `
    var acc = 0.0;
    var accSq = 0.0;
    ${unitLoop(s, 'let v = x[i]; acc += v; accSq += v * v;')}
    partial[t] = acc;
    let mean = reduceAll(t) / f32(${n});
    partial[t] = accSq;
    let meanSq = reduceAll(t) / f32(${n});
    if (t == 0 && uniforms.size == ${2 * s.b * s.groups}) { result[2 * c] = mean; result[2 * c + 1] = max(meanSq - mean * mean, 0.0); }`;
  countCall(GN_STATS, 'custom');
  const program = new UnitReduceProgram(['x'], key('pacGnStats', s), [2 * s.b * s.groups], s.b * s.groups, code);
  return webGpuBackend(args).runWebGPUProgram(program, [args.inputs.x as TensorInfo], 'float32');
};

export const gnNormalizeKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { x, stats, gamma, beta } = args.inputs;
  const s = gnShape(x, args.attrs, GN_NORMALIZE);
  if (!stats || !gamma || !beta) throw new Error(`${GN_NORMALIZE}: inputs stats, gamma and beta are required`);
  const epsilon = epsilonOf(args.attrs, GN_NORMALIZE);
  const body = `${elementStats(s)}
      let scale = invStd * gamma[ch];
      setOutputAtIndex(index, x[index] * scale + (beta[ch] - mean * scale));`;
  countCall(GN_NORMALIZE, 'custom');
  const program = new ElementProgram(['x', 'stats', 'gamma', 'beta'], key('pacGnNormalize', s), [...(x as TensorInfo).shape], body, EPSILON);
  return webGpuBackend(args).runWebGPUProgram(program, [x, stats, gamma, beta] as TensorInfo[], 'float32', [{ type: 'float32', data: [epsilon] }]);
};

export const gnUnitGradKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { dy, x, stats, gamma } = args.inputs;
  const s = gnShape(x, args.attrs, GN_UNIT_GRAD);
  if (!dy || !stats || !gamma) throw new Error(`${GN_UNIT_GRAD}: inputs dy, stats and gamma are required`);
  const epsilon = epsilonOf(args.attrs, GN_UNIT_GRAD);
  const n = s.hw * s.size;
  const code = `
    let mean = stats[2 * c];
    let invStd = 1.0 / sqrt(stats[2 * c + 1] + uniforms.epsilon);
    var acc = 0.0;
    var accXhat = 0.0;
    ${unitLoop(s, 'let g = dy[i] * gamma[ch]; acc += g; accXhat += g * ((x[i] - mean) * invStd);')}
    partial[t] = acc;
    let meanG = reduceAll(t) / f32(${n});
    partial[t] = accXhat;
    let meanGXhat = reduceAll(t) / f32(${n});
    if (t == 0 && uniforms.size == ${2 * s.b * s.groups}) { result[2 * c] = meanG; result[2 * c + 1] = meanGXhat; }`;
  countCall(GN_UNIT_GRAD, 'custom');
  const program = new UnitReduceProgram(['dy', 'x', 'stats', 'gamma'], key('pacGnUnitGrad', s), [2 * s.b * s.groups], s.b * s.groups, code, EPSILON);
  return webGpuBackend(args).runWebGPUProgram(program, [dy, x, stats, gamma] as TensorInfo[], 'float32', [{ type: 'float32', data: [epsilon] }]);
};

export const gnInputGradKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { dy, x, stats, gamma, unitGrad } = args.inputs;
  const s = gnShape(x, args.attrs, GN_INPUT_GRAD);
  if (!dy || !stats || !gamma || !unitGrad) throw new Error(`${GN_INPUT_GRAD}: inputs dy, stats, gamma and unitGrad are required`);
  const epsilon = epsilonOf(args.attrs, GN_INPUT_GRAD);
  const body = `${elementStats(s)}
      let xhat = (x[index] - mean) * invStd;
      let g = dy[index] * gamma[ch];
      setOutputAtIndex(index, (g - unitGrad[2 * unit] - xhat * unitGrad[2 * unit + 1]) * invStd);`;
  countCall(GN_INPUT_GRAD, 'custom');
  const program = new ElementProgram(['dy', 'x', 'stats', 'gamma', 'unitGrad'], key('pacGnInputGrad', s), [...(x as TensorInfo).shape], body, EPSILON);
  return webGpuBackend(args).runWebGPUProgram(program, [dy, x, stats, gamma, unitGrad] as TensorInfo[], 'float32', [{ type: 'float32', data: [epsilon] }]);
};

export const gnParamGradKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { dy, x, stats } = args.inputs;
  const s = gnShape(x, args.attrs, GN_PARAM_GRAD);
  if (!dy || !stats) throw new Error(`${GN_PARAM_GRAD}: inputs dy and stats are required`);
  const part = args.attrs?.part;
  if (part !== 0 && part !== 1) throw new Error(`${GN_PARAM_GRAD}: attribute 'part' must be 0 or 1, got ${String(part)}`);
  const epsilon = epsilonOf(args.attrs, GN_PARAM_GRAD);
  // One workgroup per channel c, over B * H * W rows. part 0 reads dy alone: with 'auto'
  // layouts a bound input the shader never names is an error.
  const term = part === 0 ? 'dy[i]' : `dy[i] * ((x[i] - stats[2 * unit]) / sqrt(stats[2 * unit + 1] + uniforms.epsilon))`;
  const code = `
    var acc = 0.0;
    for (var r = t; r < ${s.b * s.hw}; r += ${THREADS}) {
      let i = r * ${s.c} + c;
      let unit = (r / ${s.hw}) * ${s.groups} + c / ${s.size};
      acc += ${term};
    }
    partial[t] = acc;
    let total = reduceAll(t);
    if (t == 0 && uniforms.size == ${s.c}) { result[c] = total; }`;
  countCall(GN_PARAM_GRAD, 'custom');
  const names = part === 0 ? ['dy'] : ['dy', 'x', 'stats'];
  const inputs = (part === 0 ? [dy] : [dy, x, stats]) as TensorInfo[];
  const program = new UnitReduceProgram(names, `${key('pacGnParamGrad', s)}_${part}`, [s.c], s.c, code, part === 0 ? undefined : EPSILON);
  return webGpuBackend(args).runWebGPUProgram(program, inputs, 'float32', part === 0 ? undefined : [{ type: 'float32', data: [epsilon] }]);
};
