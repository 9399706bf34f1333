/**
 * Uploads through `queue.writeBuffer` instead of a fresh mapped staging buffer per tensor.
 *
 * tfjs' WebGPU backend (4.22, `uploadToGPU`) creates a new GPUBuffer mapped at creation for
 * every tensor it uploads and never reuses it. A DQN update uploads 16 tensors (the batch's
 * stacks, actions, returns, discounts, weights, masks and a few scalar constants), so 16 buffer
 * creations per update: 20% of its CPU time on Dawn's null backend, more through a real
 * driver, and the update rate on a GPU is limited by that CPU time.
 *
 * `writeBuffer` copies the data at call time into the queue's own staging memory and is ordered
 * before every command submitted later, which is all an upload needs: the destination comes
 * from the backend's pool, which only takes back buffers whose commands were already submitted
 * (tfjs holds a buffer used by the command encoder until submitQueue). tfjs itself uploads its
 * uniforms this way.
 *
 * The patch is per backend instance: `installDirectUploads` replaces the method on the object,
 * and the returned function puts the original back.
 */
import type { DataId, DataType } from '@tensorflow/tfjs';

/** The parts of tfjs' WebGPUBackend the patch touches (see webgpu-backend.ts for why structural). */
export interface UploadingBackend {
  uploadToGPU(dataId: DataId): void;
  tensorMap: { get(dataId: DataId): UploadTensorData | undefined };
  bufferManager: { acquireBuffer(size: number, usage: number): GPUBufferLike };
  queue: { writeBuffer(buffer: GPUBufferLike, offset: number, data: ArrayBufferView, dataOffset?: number, size?: number): void };
}

interface UploadTensorData {
  dtype: DataType;
  shape: number[];
  values: ArrayLike<number> | null | unknown;
  resource: unknown;
}

type GPUBufferLike = object;

/** GPUBufferUsage.STORAGE | COPY_SRC | COPY_DST, as the stock upload asks for. */
const STORAGE_COPY_SRC_DST = 0x0080 | 0x0004 | 0x0008;

export function installDirectUploads(backend: UploadingBackend): () => void {
  const stock = backend.uploadToGPU;
  backend.uploadToGPU = function directUpload(this: UploadingBackend, dataId: DataId): void {
    const data = backend.tensorMap.get(dataId);
    const values = data?.values;
    if (data === undefined || data.resource != null || !ArrayBuffer.isView(values) || !(data.dtype === 'float32' || data.dtype === 'int32' || data.dtype === 'bool')) {
      stock.call(backend, dataId);
      return;
    }
    const count = data.shape.reduce((a, b) => a * b, 1);
    if (count === 0) {
      stock.call(backend, dataId);
      return;
    }
    // The stock upload writes float32 as float32 and int32 or bool as int32, converting as needed.
    const typed = data.dtype === 'float32'
      ? (values instanceof Float32Array ? values : Float32Array.from(values as unknown as ArrayLike<number>))
      : (values instanceof Int32Array ? values : Int32Array.from(values as unknown as ArrayLike<number>));
    const buffer = backend.bufferManager.acquireBuffer(4 * count, STORAGE_COPY_SRC_DST);
    backend.queue.writeBuffer(buffer, 0, typed, 0, count);
    data.values = null;
    data.resource = buffer;
  };
  return () => {
    backend.uploadToGPU = stock;
  };
}
