/**
 * The slice of tfjs' CPU backend (`MathBackendCPU`) that the fast kernels use, typed
 * structurally so nothing imports `@tensorflow/tfjs-backend-cpu` (a transitive dependency)
 * directly, plus small helpers shared by the kernels.
 *
 * Contract of a CPU kernel, as the stock ones follow it: inputs are `TensorInfo`s whose values
 * live in `backend.data.get(dataId).values` (a row-major typed array, shared between tensors
 * that are reshapes of each other, so never written); the result is a fresh array handed to
 * `backend.makeTensorInfo`, which takes ownership of it.
 */
import * as tf from '@tensorflow/tfjs';
import type { DataId, DataType, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

export interface CpuBackendLike {
  data: { get(dataId: DataId): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values?: Float32Array): TensorInfo;
  disposeIntermediateTensorInfo(t: TensorInfo): void;
}

/** The argument every kernel function receives. */
export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: {};
  attrs?: NamedAttrMap;
}

export function cpuBackend(args: KernelArgs): CpuBackendLike {
  return args.backend as CpuBackendLike;
}

/** The float32 values of `t`, or null when `t` is absent, not float32 or not held as Float32Array. */
export function f32Values(backend: CpuBackendLike, t: TensorInfo | undefined): Float32Array | null {
  if (t === undefined || t.dtype !== 'float32') return null;
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array ? values : null;
}

/**
 * Runs the kernel registered for `kernelName` on the CPU backend right now (the stock one, or
 * ours). Used for the rare cases the fast path does not cover (an `Add` with an odd bias shape,
 * activations other than relu), exactly as the stock fused kernels call their helpers.
 */
export function runCpuKernel(kernelName: string, args: KernelArgs): TensorInfo {
  const config = tf.getKernel(kernelName, 'cpu');
  if (config === undefined) throw new Error(`fast CPU kernels: no '${kernelName}' kernel registered for 'cpu'`);
  const out = config.kernelFunc(args);
  if (Array.isArray(out)) throw new Error(`fast CPU kernels: '${kernelName}' returned several tensors`);
  return out;
}

/**
 * Grow-only scratch buffers for intermediates (im2col matrices, column gradients). One per
 * `slot` so two live intermediates of one kernel never alias. Kernels run synchronously on one
 * thread, so reuse across calls is safe; `releaseScratch` drops them (tens of MB for the nature
 * net at batch 32). Contents are NOT zeroed between uses.
 */
const scratch = new Map<string, Float32Array>();

export function scratchBuffer(slot: string, length: number): Float32Array {
  const held = scratch.get(slot);
  if (held !== undefined && held.length >= length) return held;
  const fresh = new Float32Array(length);
  scratch.set(slot, fresh);
  return fresh;
}

export function releaseScratch(): void {
  scratch.clear();
}

/** The type the stock kernels are kept under, so fast kernels can delegate to them. */
export type StockKernel = KernelFunc;
