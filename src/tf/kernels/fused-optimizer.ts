/**
 * Pac-Lab's fused optimizer kernels: their names and the checks on their arguments, shared by
 * the backends that register them (kernels/webgpu/adam-step.ts, kernels/cpu/optimizer-kernels.ts)
 * and read by the code that calls them where registered (src/tf/adam.ts, src/gen/nn/ema.ts).
 * Kept apart so that the CPU kernels and their callers do not import the WebGPU backend.
 *
 * - `PacLabAdamStep` {param, firstMoment, secondMoment, grad, clipScale (1 element)} with attrs
 *   {beta1, beta2, stepSize = lr / (1 - beta1^t), correction2 = 1 - beta2^t, epsilon}
 *   -> [m', v', param'], in float32, each step rounded as tfjs' element-wise ops round it:
 *     g = grad * clipScale; m' = m*beta1 + g*(1-beta1); v' = v*beta2 + (g*g)*(1-beta2);
 *     param' = param - (m'*stepSize) / (sqrt(v'/correction2) + epsilon)
 *   the same operations in the same order as the generic path in src/tf/adam.ts.
 * - `PacLabSumSquares` {x0, ..., x6} (1 to 7 tensors) -> scalar: the sum of every element's square.
 * - `PacLabWeightAverage` {average, source} attrs {decay} -> average * decay + source * (1 - decay).
 * None has a gradient: they run after tf.variableGrads, outside any tape.
 */
import type { NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

export const ADAM_STEP = 'PacLabAdamStep';
export const SUM_SQUARES = 'PacLabSumSquares';
export const WEIGHT_AVERAGE = 'PacLabWeightAverage';

/** Tensors one sum-of-squares call reads: 7 inputs and the output fill the 8 storage buffers a WebGPU stage may bind by default. */
export const SUM_SQUARES_MAX_INPUTS = 7;

export interface AdamStepInputs {
  param: TensorInfo;
  firstMoment: TensorInfo;
  secondMoment: TensorInfo;
  grad: TensorInfo;
  clipScale: TensorInfo;
}

/** The attributes as numbers, in the order [beta1, 1 - beta1, beta2, 1 - beta2, stepSize, correction2, epsilon]. */
export type AdamConstants = [number, number, number, number, number, number, number];

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function numberAttr(attrs: NamedAttrMap | undefined, name: string): number {
  const value = attrs?.[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${ADAM_STEP}: attribute '${name}' must be a finite number, got ${String(value)}`);
  return value;
}

/** Checks an Adam step's inputs (present, one size, a one-element clip scale) and reads its attributes. */
export function adamStepArgs(inputs: NamedTensorInfoMap, attrs: NamedAttrMap | undefined): { tensors: AdamStepInputs; count: number; constants: AdamConstants } {
  const { param, firstMoment, secondMoment, grad, clipScale } = inputs;
  if (!param || !firstMoment || !secondMoment || !grad || !clipScale) throw new Error(`${ADAM_STEP}: inputs param, firstMoment, secondMoment, grad and clipScale are required`);
  const count = sizeOf(param.shape);
  for (const [name, t] of [['firstMoment', firstMoment], ['secondMoment', secondMoment], ['grad', grad]] as const) {
    if (sizeOf(t.shape) !== count) throw new Error(`${ADAM_STEP}: ${name} has shape [${t.shape.join(', ')}], param has [${param.shape.join(', ')}]`);
  }
  if (sizeOf(clipScale.shape) !== 1) throw new Error(`${ADAM_STEP}: clipScale must hold one number, got shape [${clipScale.shape.join(', ')}]`);
  const beta1 = numberAttr(attrs, 'beta1');
  const beta2 = numberAttr(attrs, 'beta2');
  const constants: AdamConstants = [beta1, 1 - beta1, beta2, 1 - beta2, numberAttr(attrs, 'stepSize'), numberAttr(attrs, 'correction2'), numberAttr(attrs, 'epsilon')];
  return { tensors: { param, firstMoment, secondMoment, grad, clipScale }, count, constants };
}

/** A sum of squares' inputs in name order (x0, x1, ...), 1 to SUM_SQUARES_MAX_INPUTS of them. */
export function sumSquaresInputs(inputs: NamedTensorInfoMap): TensorInfo[] {
  const list = Object.keys(inputs).sort().map((name) => inputs[name]);
  if (list.length < 1 || list.length > SUM_SQUARES_MAX_INPUTS || list.some((t) => t === undefined)) {
    throw new Error(`${SUM_SQUARES}: takes 1 to ${SUM_SQUARES_MAX_INPUTS} inputs (x0, x1, ...), got ${list.length}`);
  }
  return list as TensorInfo[];
}

/** Checks a weight average's inputs (present, one size) and returns its decay (a number in [0, 1]). */
export function weightAverageArgs(inputs: NamedTensorInfoMap, attrs: NamedAttrMap | undefined): { average: TensorInfo; source: TensorInfo; decay: number } {
  const { average, source } = inputs;
  if (!average || !source || sizeOf(average.shape) !== sizeOf(source.shape)) {
    throw new Error(`${WEIGHT_AVERAGE}: inputs average and source of one size are required, got [${average?.shape.join(', ') ?? ''}] and [${source?.shape.join(', ') ?? ''}]`);
  }
  const decay = attrs?.decay;
  if (typeof decay !== 'number' || !(decay >= 0 && decay <= 1)) throw new Error(`${WEIGHT_AVERAGE}: attribute 'decay' must be a number in [0, 1], got ${String(decay)}`);
  return { average, source, decay };
}
