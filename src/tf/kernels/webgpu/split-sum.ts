/**
 * The second step of a split-K product: out[i] = sum over s of partial[s * count + i], summed in
 * split order (deterministic). `partial` is [splits, M, N] row-major, `out` any shape of
 * count = M * N elements. A flat dispatch, so the backend may reshape it past the device limit.
 */
import type { WebGpuProgram } from './webgpu-backend.js';

export class SplitSumProgram implements WebGpuProgram {
  variableNames = ['partial'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [64, 1, 1];
  size = true;

  constructor(private readonly splits: number, private readonly count: number, outShape: number[]) {
    this.outputShape = outShape;
    this.dispatchLayout = { x: outShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(count / 64), 1, 1];
    this.shaderKey = `pacSplitSum_${splits}_${count}`;
  }

  getUserCode(): string {
    return `
  fn main(index : i32) {
    if (index < uniforms.size) {
      var sum = 0.0;
      for (var s = 0; s < ${this.splits}; s++) { sum += partial[s * ${this.count} + index]; }
      setOutputAtIndex(index, sum);
    }
  }`;
  }
}
