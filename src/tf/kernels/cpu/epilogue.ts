/**
 * Bias and activation for the fused kernels (FusedConv2D, _FusedMatMul), with the stock
 * kernels' semantics: out = activation(y + bias).
 *
 * Fast path, done in place on the fresh product `y` before it becomes a tensor: a bias that
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
  const biasDone = extras.bias === undefined || addBiasInPlace(backend, y, n, extras.bias);
  const activation = extras.activation ?? 'linear';
  if (biasDone && (activation === 'linear' || activation === 'relu')) {
    if (activation === 'relu') {
      for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] = 0;
    }
    return backend.makeTensorInfo(shape, 'float32', y);
  }
  let out = backend.makeTensorInfo(shape, 'float32', y);
  if (!biasDone && extras.bias !== undefined) {
    const sum = runCpuKernel(tf.Add, { inputs: { a: out, b: extras.bias }, backend });
    backend.disposeIntermediateTensorInfo(out);
    out = sum;
  }
  if (activation === 'linear') return out;
  const activated = runActivation(backend, out, activation, extras);
  backend.disposeIntermediateTensorInfo(out);
  return activated;
}

/** Adds a last-axis or scalar bias in place; false when the bias needs general broadcasting. */
function addBiasInPlace(backend: CpuBackendLike, y: Float32Array, n: number, bias: TensorInfo): boolean {
  const values = f32Values(backend, bias);
  if (values === null) return false;
  if (values.length === 1) {
    const v = values[0];
    for (let i = 0; i < y.length; i++) y[i] += v;
    return true;
  }
  const lastAxisOnly = values.length === n && bias.shape.slice(0, -1).every((d) => d === 1);
  if (!lastAxisOnly || y.length % n !== 0) return false;
  for (let o = 0; o < y.length; o += n) {
    for (let j = 0; j < n; j++) y[o + j] += values[j];
  }
  return true;
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
      throw new Error(`fast CPU kernels: fused activation '${activation}' is not implemented for the CPU backend`);
  }
}
