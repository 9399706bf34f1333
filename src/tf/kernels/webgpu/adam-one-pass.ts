/**
 * The Adam step (adam-step.ts's `PacLabAdamStep`) as ONE dispatch writing three outputs, where
 * tfjs' program runner allows only one output per program (so three programs). Issuing programs
 * is what limits a training step on a GPU (BENCHMARKS.md, issue 6) and Adam was a quarter to a
 * third of them.
 *
 * The dispatch is recorded the way the backend records its own programs (backend_webgpu.js
 * recordAndSubmit in tfjs 4.22): outputs are fresh tensors from the backend's buffer pool
 * (makeTensorInfo + uploadToGPU, as runWebGPUProgram makes its output), every tensor the pass
 * reads or writes is marked as owned by the pending command encoder (so none is recycled before
 * the submit), the uniform buffer goes to the backend's per-submit disposal list, and the
 * backend's submit batching is honoured. Nothing is written in place, so a variable sharing its
 * data (a target net's sync) or a read in flight is never affected.
 *
 * `adamOnePass` returns null where it cannot run (backend internals not as expected, a binding
 * limit below 8 storage buffers, more elements than one dispatch covers): the caller then runs
 * the three programs.
 */
import type { DataId, TensorInfo } from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs' WebGPUBackend this recording touches (structural, see webgpu-backend.ts). */
interface RecordingBackend {
  device: GPUDevice;
  queue: GPUQueue;
  tensorMap: { get(dataId: DataId): { resource: unknown } | undefined };
  bufferManager: { acquireBuffer(size: number, usage: number): GPUBuffer };
  makeTensorInfo(shape: number[], dtype: 'float32'): TensorInfo;
  uploadToGPU(dataId: DataId): void;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  dispatchCountInPass: number;
  commandQueueOwnedIds: WeakSet<DataId>;
  uniformPendingDisposal: GPUBuffer[];
}

const WORKGROUP = 64;

const SOURCE = `
struct Hyper { beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32, stepSize : f32, correction2 : f32, epsilon : f32, count : u32 }
@group(0) @binding(0) var<storage, read_write> firstOut : array<f32>;
@group(0) @binding(1) var<storage, read_write> secondOut : array<f32>;
@group(0) @binding(2) var<storage, read_write> paramOut : array<f32>;
@group(0) @binding(3) var<storage, read> param : array<f32>;
@group(0) @binding(4) var<storage, read> firstMoment : array<f32>;
@group(0) @binding(5) var<storage, read> secondMoment : array<f32>;
@group(0) @binding(6) var<storage, read> grad : array<f32>;
@group(0) @binding(7) var<storage, read> clipScale : array<f32>;
@group(0) @binding(8) var<uniform> hyper : Hyper;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) id : vec3<u32>) {
  let i = id.x;
  if (i >= hyper.count) { return; }
  // The same operations, in the same order, as adam-step.ts's three programs and src/tf/adam.ts.
  let g = grad[i] * clipScale[0];
  let m = firstMoment[i] * hyper.beta1 + g * hyper.oneMinusBeta1;
  let v = secondMoment[i] * hyper.beta2 + (g * g) * hyper.oneMinusBeta2;
  firstOut[i] = m;
  secondOut[i] = v;
  paramOut[i] = param[i] - (m * hyper.stepSize) / (sqrt(v / hyper.correction2) + hyper.epsilon);
}`;

const pipelines = new WeakMap<GPUDevice, GPUComputePipeline>();

/** GPUBufferUsage.UNIFORM | COPY_DST. */
const UNIFORM_COPY_DST = 0x0040 | 0x0008;

function looksLikeTfjsWebGpu(b: Partial<RecordingBackend>): b is RecordingBackend {
  return typeof b.ensureCommandEncoderReady === 'function' && typeof b.endComputePassEncoder === 'function' && typeof b.submitQueue === 'function'
    && typeof b.uploadToGPU === 'function' && typeof b.makeTensorInfo === 'function' && b.commandQueueOwnedIds instanceof WeakSet
    && Array.isArray(b.uniformPendingDisposal) && typeof b.dispatchCountInPass === 'number' && b.device !== undefined && b.queue !== undefined;
}

export interface AdamOnePassInputs { param: TensorInfo; firstMoment: TensorInfo; secondMoment: TensorInfo; grad: TensorInfo; clipScale: TensorInfo }

/** [m', v', param'] from one dispatch, or null where it cannot run (see the file's note). `hyper` holds the 7 float uniforms in Hyper's order. */
export function adamOnePass(backendObject: object, inputs: AdamOnePassInputs, hyper: readonly number[], count: number): TensorInfo[] | null {
  const backend = backendObject as Partial<RecordingBackend>;
  if (!looksLikeTfjsWebGpu(backend)) return null;
  const limits = backend.device.limits;
  const workgroups = Math.ceil(count / WORKGROUP);
  if (limits.maxStorageBuffersPerShaderStage < 8 || workgroups > limits.maxComputeWorkgroupsPerDimension) return null;
  let pipeline = pipelines.get(backend.device);
  if (pipeline === undefined) {
    pipeline = backend.device.createComputePipeline({ layout: 'auto', compute: { module: backend.device.createShaderModule({ code: SOURCE }), entryPoint: 'main' } });
    pipelines.set(backend.device, pipeline);
  }
  const reads = [inputs.param, inputs.firstMoment, inputs.secondMoment, inputs.grad, inputs.clipScale];
  const outputs = [0, 1, 2].map(() => backend.makeTensorInfo([...inputs.param.shape], 'float32'));
  const tensors = [...outputs, ...reads];
  for (const t of tensors) backend.uploadToGPU(t.dataId);
  const uniformData = new ArrayBuffer(32);
  new Float32Array(uniformData, 0, 7).set(hyper);
  new Uint32Array(uniformData, 28, 1)[0] = count;
  const uniforms = backend.bufferManager.acquireBuffer(32, UNIFORM_COPY_DST);
  backend.queue.writeBuffer(uniforms, 0, uniformData);
  backend.uniformPendingDisposal.push(uniforms);
  for (const t of tensors) backend.commandQueueOwnedIds.add(t.dataId);
  const entries: GPUBindGroupEntry[] = tensors.map((t, binding) => ({ binding, resource: { buffer: backend.tensorMap.get(t.dataId)?.resource as GPUBuffer } }));
  entries.push({ binding: 8, resource: { buffer: uniforms } });
  const bindGroup = backend.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  backend.ensureCommandEncoderReady();
  if (!backend.computePassEncoder) backend.computePassEncoder = (backend.commandEncoder as GPUCommandEncoder).beginComputePass({});
  backend.computePassEncoder.setPipeline(pipeline);
  backend.computePassEncoder.setBindGroup(0, bindGroup);
  backend.computePassEncoder.dispatchWorkgroups(workgroups);
  backend.dispatchCountInPass++;
  if (tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE') <= backend.dispatchCountInPass) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
  return outputs;
}
