/**
 * Bias and activation for the fused kernels (FusedConv2D, _FusedMatMul), with the stock
 * kernels' semantics: out = activation(y + bias).
 *
 * Fast path, one pass in place on the fresh product `y` before it becomes a tensor: a bias that
 * broadcasts along the last axis only (shape [n], [1, n], ... with n the last dim of y, or a
 * single value) and activation 'linear' or 'relu'. Anything else runs the CPU backend's
 * registered Add / activation kernels on the tensor, as the stock fused kernels do.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { type CpuBackendLike, f32Values, runCpuKernel } from './cpu-backend.js';

export interface FusedExtras {
  bias: TensorInfo | undefined;
  preluActivationWeights: TensorInfo | undefined;
  /** tfjs' fused activation name; undefined means linear. */
  activation: string | undefined;
  leakyreluAlpha: number | undefined;
}

/** Turns `y` (row-major, `shape`) into the fused kernel's output tensor; `y` may be modified. */
export function finishFused(backend: CpuBackendLike, y: Float32Array, shape: number[], extras: FusedExtras): TensorInfo {
  const n = shape.length === 0 ? 1 : shape[shape.length - 1];
  const activation = extras.activation ?? 'linear';
  const bias = extras.bias === undefined ? null : inlineBias(backend, extras.bias, n);
  const biasDone = extras.bias === undefined || bias !== null;
  if (biasDone && (activation === 'linear' || activation === 'relu') && y.length % n === 0) {
    if (bias !== null || activation === 'relu') biasRelu(y, bias ?? ZERO_BIAS, bias === null ? 0 : n, activation === 'relu');
    return backend.makeTensorInfo(shape, 'float32', y);
  }
  let out = backend.makeTensorInfo(shape, 'float32', y);
  if (extras.bias !== undefined) {
    const sum = runCpuKernel(tf.Add, { inputs: { a: out, b: extras.bias }, backend });
    backend.disposeIntermediateTensorInfo(out);
    out = sum;
  }
  if (activation === 'linear') return out;
  const activated = runActivation(backend, out, activation, extras);
  backend.disposeIntermediateTensorInfo(out);
  return activated;
}

const ZERO_BIAS = new Float32Array(1);

/**
 * The bias as one value per output column (length n), or null when it needs general
 * broadcasting: accepted shapes are [n], [1, ..., n] and any single value (expanded to n).
 */
function inlineBias(backend: CpuBackendLike, bias: TensorInfo, n: number): Float32Array | null {
  const values = f32Values(backend, bias);
  if (values === null) return null;
  if (values.length === 1) return new Float32Array(n).fill(values[0]);
  const lastAxisOnly = values.length === n && bias.shape.slice(0, -1).every((d) => d === 1);
  return lastAxisOnly ? values : null;
}

/**
 * y[r, j] = relu?(y[r, j] + bias[j]) in one pass, in place (n = 0: no bias). Math.max keeps
 * the stock relu's NaN handling and compiles without a data-dependent branch.
 */
function biasRelu(y: Float32Array, bias: Float32Array, n: number, relu: boolean): void {
  if (n === 0) {
    for (let i = 0; i < y.length; i++) y[i] = Math.max(0, y[i]);
    return;
  }
  for (let o = 0; o < y.length; o += n) {
    if (relu) for (let j = 0; j < n; j++) y[o + j] = Math.max(0, y[o + j] + bias[j]);
    else for (let j = 0; j < n; j++) y[o + j] += bias[j];
  }
}

function runActivation(backend: CpuBackendLike, x: TensorInfo, activation: string, extras: FusedExtras): TensorInfo {
  switch (activation) {
    case 'relu': return runCpuKernel(tf.Relu, { inputs: { x }, backend });
    case 'relu6': return runCpuKernel(tf.Relu6, { inputs: { x }, backend });
    case 'elu': return runCpuKernel(tf.Elu, { inputs: { x }, backend });
    case 'sigmoid': return runCpuKernel(tf.Sigmoid, { inputs: { x }, backend });
    case 'leakyrelu':
      return runCpuKernel(tf.LeakyRelu, { inputs: { x }, backend, attrs: { alpha: extras.leakyreluAlpha ?? 0.2 } });
    case 'prelu':
      return runCpuKernel(tf.Prelu, { inputs: { x, alpha: extras.preluActivationWeights }, backend });
    default:
      throw new Error(`fast CPU kernels: unknown fused activation '${activation}' (tfjs knows linear, relu, relu6, elu, sigmoid, leakyrelu, prelu)`);
  }
}
