/**
 * The Q-network's forward pass for acting, on WebGPU, outside tfjs' program runner: one upload,
 * one dispatch per layer (the first convolution reads the frame bytes as they are), one copy and
 * one read-back, recorded into tfjs' own command encoder.
 *
 * Why: on a GPU, selecting 16 envs' actions through tfjs cost 0.86 ms (small net) to 1.27 ms
 * (nature) on an H200, of which the GPU's work is a small part; the rest is issuing ~7 programs
 * (each a uniform buffer, a bind group and tfjs' bookkeeping) and waiting on the read-back
 * (BENCHMARKS.md, "WebGPU on an NVIDIA H200", run C). Here the pipelines are built once per
 * network shape with every size baked in, so a call issues only the bind groups and dispatches.
 *
 * Contract:
 * - Same Q-values as QNetwork.apply within float rounding (tests/unit/tf/webgpu-act.test.ts);
 *   the dueling mean is taken directly, not as apply's centring product.
 * - The weights are read where tfjs keeps them at call time (each optimizer step gives a
 *   variable a new buffer). tfjs' pending commands are in the same encoder, before ours, so
 *   the weights an update just wrote are the ones read; the encoder is submitted with our
 *   read-back's copy, as tfjs' own read-backs do.
 * - Calls are serialised (one set of intermediate buffers per network).
 * - `WebGpuForward.create` returns null where it cannot run (another backend, tfjs' internals
 *   not as expected, Pac-Lab's WebGPU kernels unregistered, as the bench's stock rows do);
 *   `qValues` returns null for a batch too large for one dispatch. Callers then use tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import type { DataId } from '@tensorflow/tfjs';
import { convSource, denseSource, FORWARD_WORKGROUP, headSource } from '../tf/kernels/webgpu/qnet-forward-wgsl.js';
import { countCall } from '../tf/kernels/webgpu/webgpu-backend.js';
import { UNPACK_BYTES } from '../tf/kernels/webgpu/unpack-bytes.js';
import { INPUT_CHANNELS, INPUT_SIZE, type QNetLayers, type QNetwork } from './qnet.js';

/** The parts of tfjs' WebGPUBackend used here (structural; see src/tf/kernels/webgpu/webgpu-backend.ts). */
interface EncodingBackend {
  device: GPUDevice;
  queue: GPUQueue;
  tensorMap: { get(dataId: DataId): { resource: unknown } | undefined };
  uploadToGPU(dataId: DataId): void;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  commandEncoder: GPUCommandEncoder | null;
}

function looksLikeTfjsWebGpu(b: Partial<EncodingBackend>): b is EncodingBackend {
  return b.device !== undefined && b.queue !== undefined && typeof b.tensorMap?.get === 'function' && typeof b.uploadToGPU === 'function'
    && typeof b.ensureCommandEncoderReady === 'function' && typeof b.endComputePassEncoder === 'function' && typeof b.submitQueue === 'function';
}

/** GPUBufferUsage flags, as numbers (Node has no GPUBufferUsage global before Dawn is loaded). */
const STORAGE = 0x0080;
const COPY_SRC = 0x0004;
const COPY_DST = 0x0008;
const UNIFORM = 0x0040;
const MAP_READ = 0x0001;

const STACK_WORDS = INPUT_SIZE * INPUT_SIZE; // one u32 (4 channel bytes) per pixel

interface Stage {
  pipeline: GPUComputePipeline;
  /** The pipeline's bind group layout, asked for once (each call is a trip into the driver's API). */
  layout: GPUBindGroupLayout;
  /** Threads per stack (the output values the stage writes for one stack, or 1 for the head). */
  threadsPerItem: number;
  /** Floats per stack in the stage's output. */
  outPerItem: number;
  /** The variables the stage reads after its input: weight, bias (and for a dueling head, value weight and bias). */
  variables(layers: QNetLayers): tf.Variable[];
}

/** True where the forward pass can be tried: the WebGPU backend with Pac-Lab's kernels registered (the bench's stock rows unregister them). */
export function webGpuForwardUsable(): boolean {
  return tf.getBackend() === 'webgpu' && tf.getKernel(UNPACK_BYTES, 'webgpu') !== undefined;
}

export class WebGpuForward {
  private readonly stages: Stage[];
  private readonly batchUniform: GPUBuffer;
  private capacity = 0;
  private input: GPUBuffer | null = null;
  private outputs: GPUBuffer[] = [];
  private staging: GPUBuffer | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  /** A forward pass for `net` on the current backend, or null where it cannot run (see the file's note). */
  static create(net: QNetwork): WebGpuForward | null {
    if (!webGpuForwardUsable()) return null;
    const backend = tf.backend() as Partial<EncodingBackend>;
    if (!looksLikeTfjsWebGpu(backend)) return null;
    if (backend.device.limits.maxStorageBuffersPerShaderStage < 6) return null;
    const layers = net.layers();
    if (layers.convs.length === 0 || layers.convs[0].shape.inChannels !== INPUT_CHANNELS) return null;
    return new WebGpuForward(backend, net, layers);
  }

  private constructor(private readonly backend: EncodingBackend, private readonly net: QNetwork, layers: QNetLayers) {
    const device = backend.device;
    const compiled = (code: string): Pick<Stage, 'pipeline' | 'layout'> => {
      const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
      return { pipeline, layout: pipeline.getBindGroupLayout(0) };
    };
    this.stages = layers.convs.map((conv, i) => {
      const perItem = conv.shape.outSize * conv.shape.outSize * conv.shape.outChannels;
      return { ...compiled(convSource(conv.shape, i === 0)), threadsPerItem: perItem, outPerItem: perItem, variables: (l: QNetLayers) => [l.convs[i].w, l.convs[i].b] };
    });
    const { inputs, outputs } = layers.hidden;
    this.stages.push({ ...compiled(denseSource(inputs, outputs)), threadsPerItem: outputs, outPerItem: outputs, variables: (l) => [l.hidden.w, l.hidden.b] });
    const dueling = layers.value !== null;
    this.stages.push({
      ...compiled(headSource(outputs, layers.numActions, dueling)), threadsPerItem: 1, outPerItem: layers.numActions,
      variables: (l) => [l.head.w, l.head.b, ...(l.value ? [l.value.w, l.value.b] : [])],
    });
    this.batchUniform = device.createBuffer({ size: 16, usage: UNIFORM | COPY_DST });
  }

  /**
   * Q-values `[n, numActions]` (row-major) for `n` frame stacks (`[n, 84, 84, 4]` bytes), or null
   * when `n` stacks need more workgroups than one dispatch may have (use tfjs then).
   */
  qValues(stacks: Uint8Array, n: number): Promise<Float32Array | null> {
    const run = this.queue.then(() => this.run(stacks, n));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(stacks: Uint8Array, n: number): Promise<Float32Array | null> {
    if (this.disposed) throw new Error('this WebGPU forward pass was disposed');
    const bytes = n * STACK_WORDS * 4;
    if (!Number.isInteger(n) || n < 1 || stacks.length < bytes) throw new RangeError(`frame stacks: ${stacks.length} bytes for ${n} stacks of ${INPUT_SIZE}x${INPUT_SIZE}x${INPUT_CHANNELS}`);
    const limit = this.backend.device.limits.maxComputeWorkgroupsPerDimension;
    if (this.stages.some((s) => Math.ceil((n * s.threadsPerItem) / FORWARD_WORKGROUP) > limit)) return null;
    this.ensureCapacity(n);
    const { backend } = this;
    const device = backend.device;
    const input = this.input as GPUBuffer;
    const staging = this.staging as GPUBuffer;
    const view = stacks.byteOffset % 4 === 0 ? stacks : stacks.slice(0, bytes);
    backend.queue.writeBuffer(input, 0, view, 0, bytes);
    backend.queue.writeBuffer(this.batchUniform, 0, new Uint32Array([n, 0, 0, 0]));
    const layers = this.net.layers();
    // Bind groups first: uploading a variable that still lives on the CPU records a copy into
    // tfjs' encoder, which must come before our pass.
    const groups = this.stages.map((stage, i) => {
      const buffers = stage.variables(layers).map((v) => this.gpuBuffer(v.dataId));
      const entries: GPUBindGroupEntry[] = [i === 0 ? input : this.outputs[i - 1], ...buffers.slice(0, 2), this.outputs[i]]
        .map((buffer, binding) => ({ binding, resource: { buffer } }));
      entries.push({ binding: 4, resource: { buffer: this.batchUniform } });
      buffers.slice(2).forEach((buffer, k) => entries.push({ binding: 5 + k, resource: { buffer } }));
      return device.createBindGroup({ layout: stage.layout, entries });
    });
    backend.ensureCommandEncoderReady();
    backend.endComputePassEncoder();
    const encoder = backend.commandEncoder as GPUCommandEncoder;
    const pass = encoder.beginComputePass();
    this.stages.forEach((stage, i) => {
      pass.setPipeline(stage.pipeline);
      pass.setBindGroup(0, groups[i]);
      pass.dispatchWorkgroups(Math.ceil((n * stage.threadsPerItem) / FORWARD_WORKGROUP));
    });
    pass.end();
    const qBytes = n * this.stages[this.stages.length - 1].outPerItem * 4;
    encoder.copyBufferToBuffer(this.outputs[this.outputs.length - 1], 0, staging, 0, qBytes);
    backend.submitQueue();
    countCall('PacLabQForward', 'custom');
    await staging.mapAsync(MAP_READ, 0, qBytes);
    const q = new Float32Array(staging.getMappedRange(0, qBytes).slice(0));
    staging.unmap();
    return q;
  }

  /** The GPUBuffer holding a variable's current data (uploaded first if it is still on the CPU). */
  private gpuBuffer(dataId: DataId): GPUBuffer {
    this.backend.uploadToGPU(dataId);
    const resource = this.backend.tensorMap.get(dataId)?.resource;
    if (!resource || typeof (resource as GPUBuffer).mapAsync !== 'function') throw new Error('a Q-network variable has no GPU buffer (is it on another backend?)');
    return resource as GPUBuffer;
  }

  /** Buffers for `n` stacks; grown (never shrunk) to the largest batch asked for. */
  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    this.releaseBuffers();
    const device = this.backend.device;
    this.input = device.createBuffer({ size: n * STACK_WORDS * 4, usage: STORAGE | COPY_DST });
    this.outputs = this.stages.map((s) => device.createBuffer({ size: n * s.outPerItem * 4, usage: STORAGE | COPY_SRC }));
    this.staging = device.createBuffer({ size: n * this.stages[this.stages.length - 1].outPerItem * 4, usage: MAP_READ | COPY_DST });
    this.capacity = n;
  }

  private releaseBuffers(): void {
    // destroy() waits for submitted work that uses the buffer (WebGPU's rule), so this is safe mid-run.
    for (const b of [this.input, ...this.outputs, this.staging]) b?.destroy();
    this.input = null;
    this.outputs = [];
    this.staging = null;
    this.capacity = 0;
  }

  /** Frees the buffers once the call in flight (if any) has finished; later calls throw. */
  dispose(): void {
    this.disposed = true;
    void this.queue.then(() => {
      this.releaseBuffers();
      this.batchUniform.destroy();
    });
  }
}
