/**
 * The slice of tfjs' WebGPU backend (`WebGPUBackend` in @tensorflow/tfjs-backend-webgpu) that
 * Pac-Lab's kernels use, typed structurally: nothing here imports the backend package at run
 * time, because importing it before `navigator.gpu` exists (Node: provideNodeWebGpu) registers
 * no 'webgpu' backend at all.
 *
 * Contract of a program run through `runWebGPUProgram` (webgpu_program.js in the package):
 * - the backend prepends WGSL declaring `result` (the output buffer, array<f32> here), one
 *   read-only storage array per name in `variableNames` (same names), a `uniforms` struct with
 *   each input's and the output's shape and strides (`xShape`, `outShape`, ...), `size` when
 *   `size` is set, then the fields of `uniforms`; plus the builtins as private variables
 *   (`localId`, `localIndex`, `workgroupId`, `globalId`, `numWorkgroups`).
 * - `getUserCode()` supplies `fn main()` (or `fn main(index : i32)` for a flat dispatch layout,
 *   which passes the global flat index).
 * Traps:
 * - The pipeline cache key is `shaderKey` plus the inputs' RANKS and dtypes, never their
 *   shapes: every number baked into the WGSL must be in `shaderKey`.
 * - A dispatch above `maxComputeWorkgroupsPerDimension` is reshaped for a flat layout (which
 *   `getGlobalIndex()` undoes) and throws for any other; tiled programs check the limit and
 *   hand the call to the stock kernel instead.
 * - `layout: 'auto'` drops bindings the shader never names, yet the backend always binds its
 *   uniforms: every shader must read `uniforms` somewhere (else the bind group is invalid).
 * - Module-scope builtins are private variables, so WGSL's uniformity analysis treats them as
 *   non-uniform: loops that contain `workgroupBarrier()` must have constant (or uniform) bounds.
 */
import type { DataId, DataType, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

export interface WebGpuProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  /**
   * Output axes per dispatch axis. Only x: a flat dispatch (`main(index)`, reshaped past the
   * limit); with y or z: `main()`, and the program maps workgroupId to work itself.
   */
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** True: the backend adds `uniforms.size` (the output's element count). */
  size?: boolean;
  /** Per input: 4 binds it as array<vec4<f32>> (its size must be a multiple of 4); default 1. */
  variableComponents?: number[];
  /** Extra uniform fields, e.g. 'splits : i32,'. */
  uniforms?: string;
  getUserCode(): string;
}

export interface ProgramUniform { type: 'int32' | 'uint32' | 'float32'; data: number[] }

export interface WebGpuBackendLike {
  runWebGPUProgram(program: WebGpuProgram, inputs: TensorInfo[], outputDtype: DataType, uniforms?: ProgramUniform[]): TensorInfo;
  disposeData(dataId: DataId): boolean;
  device: { limits: { maxComputeWorkgroupsPerDimension: number; maxStorageBufferBindingSize: number } };
}

/** The argument every kernel function receives. */
export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: {};
  attrs?: NamedAttrMap;
}

export function webGpuBackend(args: KernelArgs): WebGpuBackendLike {
  return args.backend as WebGpuBackendLike;
}

/** True when every dispatch dimension is within the device's limit (see the trap above). */
export function dispatchFits(backend: WebGpuBackendLike, dispatch: readonly number[]): boolean {
  const limit = backend.device.limits.maxComputeWorkgroupsPerDimension;
  return dispatch.every((d) => d >= 1 && d <= limit);
}

/** Per-kernel call counts: which calls took Pac-Lab's path and which went to the stock kernel. */
export interface KernelCallCounts { custom: number; stock: number }

const counts = new Map<string, KernelCallCounts>();

export function countCall(kernelName: string, path: keyof KernelCallCounts): void {
  let c = counts.get(kernelName);
  if (c === undefined) counts.set(kernelName, (c = { custom: 0, stock: 0 }));
  c[path]++;
}

/** A copy of the call counts since the last reset, keyed by kernel name. */
export function kernelCallCounts(): Record<string, KernelCallCounts> {
  return Object.fromEntries([...counts].map(([name, c]) => [name, { ...c }]));
}

export function resetKernelCallCounts(): void {
  counts.clear();
}
