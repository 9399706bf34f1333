/**
 * Bytes to floats on the GPU: `PacLabUnpackBytes` {packed: int32 [words]} -> float32 [4 * words],
 * out[i] = byte i of `packed` (little-endian, i.e. the bytes' order in memory) / 255.
 *
 * Why: a DQN update feeds two batches of uint8 frame stacks (32 x 84 x 84 x 4 = 0.9 MB each).
 * Converting them in JavaScript allocates 3.6 MB of Float32Array per batch, and the garbage
 * collection that follows was a large share of an update's CPU time on a GPU machine (where the
 * CPU, not the GPU, limits the update rate). Viewed as int32 the bytes upload as they are, a
 * quarter of the float size, and this program spreads them out.
 * The caller views a Uint8Array as an Int32Array (see src/rl/qnet.ts stacksToInput): the upload
 * happens inside the call, so the bytes may change once it returns.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { countCall, type KernelArgs, webGpuBackend, type WebGpuProgram } from './webgpu-backend.js';

export const UNPACK_BYTES = 'PacLabUnpackBytes';

class UnpackBytesProgram implements WebGpuProgram {
  variableNames = ['packed'];
  outputShape: number[];
  shaderKey = 'pacUnpackBytes';
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [64, 1, 1];
  size = true;

  constructor(count: number) {
    this.outputShape = [count];
    this.dispatch = [Math.ceil(count / 64), 1, 1];
  }

  getUserCode(): string {
    return `
  fn main(index : i32) {
    if (index < uniforms.size) {
      let byte = (packed[index / 4] >> u32((index % 4) * 8)) & 255;
      setOutputAtIndex(index, f32(byte) / 255.0);
    }
  }`;
  }
}

export const unpackBytesKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { packed } = args.inputs;
  if (!packed || packed.dtype !== 'int32') throw new Error(`${UNPACK_BYTES}: input 'packed' must be an int32 tensor, got ${packed ? packed.dtype : 'none'}`);
  countCall(UNPACK_BYTES, 'custom');
  const words = packed.shape.reduce((a, b) => a * b, 1);
  return webGpuBackend(args).runWebGPUProgram(new UnpackBytesProgram(4 * words), [packed], 'float32');
};
