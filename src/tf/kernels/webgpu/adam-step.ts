/**
 * The optimizer's element-wise work as a few WebGPU programs instead of dozens of tiny ones.
 *
 * Why: on a GPU, a DQN update is bound by the CPU cost of issuing programs, not by the GPU. On
 * an H200 through Dawn the Nature update ran 21 times a second whatever the kernels, while its
 * programs took ~13 ms of GPU time; tfjs spends ~100-200 us of JavaScript per program (uniform
 * buffer, bind group, engine bookkeeping), and the stock Adam plus gradient norm issue ~18
 * programs per parameter tensor (190 of the small net's 223 per update).
 *
 * Kernels (float32, any shape; registered for 'webgpu' by registerFastWebGpuKernels; contracts
 * in ../fused-optimizer.ts, which the CPU backend's versions in ../cpu/optimizer-kernels.ts share):
 * - `PacLabAdamStep`: one dispatch with three outputs (adam-one-pass.ts) or, where that cannot
 *   run, three programs.
 * - `PacLabSumSquares`: one workgroup, a fixed summation order.
 * - `PacLabWeightAverage`: src/gen/nn/ema.ts's Polyak average, one program instead of three.
 * None has a gradient: they run after tf.variableGrads, outside any tape.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { ADAM_STEP, adamStepArgs, SUM_SQUARES, SUM_SQUARES_MAX_INPUTS, sumSquaresInputs, WEIGHT_AVERAGE, weightAverageArgs } from '../fused-optimizer.js';
import { adamOnePass } from './adam-one-pass.js';
import { ElementProgram, REDUCE_THREADS, UnitReduceProgram } from './programs.js';
import { countCall, type KernelArgs, webGpuBackend } from './webgpu-backend.js';

export { ADAM_STEP, SUM_SQUARES, SUM_SQUARES_MAX_INPUTS, WEIGHT_AVERAGE };
/** Not a kernel: the name under which kernelCallCounts counts Adam steps that ran as one dispatch. */
export const ADAM_ONE_PASS = 'PacLabAdamStep (one dispatch)';

type AdamPart = 'firstMoment' | 'secondMoment' | 'param';

const ADAM_SOURCES: Readonly<Record<AdamPart, { inputs: string[]; body: string }>> = {
  firstMoment: {
    inputs: ['firstMoment', 'grad', 'clipScale'],
    body: `let g = grad[index] * clipScale[0];
      setOutputAtIndex(index, firstMoment[index] * uniforms.beta1 + g * uniforms.oneMinusBeta1);`,
  },
  secondMoment: {
    inputs: ['secondMoment', 'grad', 'clipScale'],
    body: `let g = grad[index] * clipScale[0];
      setOutputAtIndex(index, secondMoment[index] * uniforms.beta2 + (g * g) * uniforms.oneMinusBeta2);`,
  },
  param: {
    inputs: ['param', 'firstMoment', 'secondMoment'],
    body: `let update = (firstMoment[index] * uniforms.stepSize) / (sqrt(secondMoment[index] / uniforms.correction2) + uniforms.epsilon);
      setOutputAtIndex(index, param[index] - update);`,
  },
};

const ADAM_UNIFORMS = 'beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32, stepSize : f32, correction2 : f32, epsilon : f32,';

/**
 * Sum of squares of up to 7 tensors in one workgroup: each thread sums a strided share of every
 * input, then the tree. An input whose size is a multiple of 4 is read as vec4 (a Nature dense
 * layer: 1.6M floats, ~4x faster than one float at a time).
 */
function sumSquaresProgram(counts: readonly number[]): UnitReduceProgram {
  const components = counts.map((c) => (c % 4 === 0 ? 4 : 1));
  const loops = counts.map((count, k) => {
    const vec4 = components[k] === 4;
    return `for (var i = t; i < ${vec4 ? count / 4 : count}; i += ${REDUCE_THREADS}) { let v = x${k}[i]; acc += ${vec4 ? 'dot(v, v)' : 'v * v'}; }`;
  });
  const code = `
    var acc = 0.0;
    ${loops.join('\n    ')}
    partial[t] = acc;
    let total = reduceAll(t);
    if (t == 0 && uniforms.size == 1) { result[0] = total; }`;
  const key = `pacSumSquares_${counts.map((c, i) => `${c}v${components[i]}`).join('_')}`;
  return new UnitReduceProgram(counts.map((_, i) => `x${i}`), key, [1], 1, code, undefined, components);
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export const adamStepKernel: KernelFunc = (args: KernelArgs): TensorInfo[] => {
  const { tensors, count, constants } = adamStepArgs(args.inputs, args.attrs);
  const { param, firstMoment, secondMoment, grad, clipScale } = tensors;
  const uniforms = constants.map((v) => ({ type: 'float32' as const, data: [v] }));
  const backend = webGpuBackend(args);
  countCall(ADAM_STEP, 'custom');
  const onePass = adamOnePass(backend, { param, firstMoment, secondMoment, grad, clipScale }, uniforms.map((u) => u.data[0]), count);
  if (onePass !== null) {
    countCall(ADAM_ONE_PASS, 'custom');
    return onePass;
  }
  const shape = [...param.shape];
  const part = (name: AdamPart): ElementProgram => new ElementProgram(ADAM_SOURCES[name].inputs, `pacAdam_${name}`, shape, ADAM_SOURCES[name].body, ADAM_UNIFORMS);
  const m = backend.runWebGPUProgram(part('firstMoment'), [firstMoment, grad, clipScale], 'float32', uniforms);
  const v = backend.runWebGPUProgram(part('secondMoment'), [secondMoment, grad, clipScale], 'float32', uniforms);
  const p = backend.runWebGPUProgram(part('param'), [param, m, v], 'float32', uniforms);
  return [m, v, p];
};

export const sumSquaresKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const tensors = sumSquaresInputs(args.inputs);
  countCall(SUM_SQUARES, 'custom');
  const backend = webGpuBackend(args);
  const out = backend.runWebGPUProgram(sumSquaresProgram(tensors.map((t) => sizeOf(t.shape))), tensors, 'float32');
  // A scalar view of the one-element result (the backend's reshape shares the data).
  return { dataId: out.dataId, shape: [], dtype: out.dtype };
};

export const weightAverageKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { average, source, decay } = weightAverageArgs(args.inputs, args.attrs);
  countCall(WEIGHT_AVERAGE, 'custom');
  const body = 'setOutputAtIndex(index, average[index] * uniforms.keep + source[index] * uniforms.mix);';
  const program = new ElementProgram(['average', 'source'], 'pacWeightAverage', [...average.shape], body, 'keep : f32, mix : f32,');
  return webGpuBackend(args).runWebGPUProgram(program, [average, source], 'float32', [{ type: 'float32', data: [decay] }, { type: 'float32', data: [1 - decay] }]);
};
