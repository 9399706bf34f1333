/**
 * Two program shapes most of Pac-Lab's fused WebGPU kernels share (the contract of a program:
 * webgpu-backend.ts).
 * - UnitReduceProgram: one workgroup of REDUCE_THREADS per reduced unit (a channel, an image's
 *   channel group, or the whole tensor with one unit); the code sees `c` (the unit) and `t`
 *   (the thread), and `reduceAll(t)` sums `partial` over the workgroup in a fixed order.
 * - ElementProgram: one invocation per output element; the body sees `index`.
 */
import type { WebGpuProgram } from './webgpu-backend.js';

export const REDUCE_THREADS = 256;

/**
 * Its output must be rank 1: the backend writes coordinate helpers when the layout's rank (2
 * here) equals the output's, and they collide.
 */
export class UnitReduceProgram implements WebGpuProgram {
  outputShape: number[];
  // y non-empty: the backend calls main() (a barrier needs it), not the flat main(index).
  dispatchLayout = { x: [0], y: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [REDUCE_THREADS, 1, 1];
  size = true;
  uniforms?: string;
  /** Per input: 4 binds it as array<vec4<f32>>. */
  variableComponents?: number[];

  constructor(readonly variableNames: string[], readonly shaderKey: string, outShape: number[], units: number, private readonly code: string, uniforms?: string, variableComponents?: number[]) {
    this.outputShape = outShape;
    this.dispatch = [units, 1, 1];
    this.uniforms = uniforms;
    this.variableComponents = variableComponents;
  }

  getUserCode(): string {
    return `
  var<workgroup> partial : array<f32, ${REDUCE_THREADS}>;
  fn reduceAll(t : i32) -> f32 {
    workgroupBarrier();
    for (var s = ${REDUCE_THREADS / 2}; s > 0; s = s / 2) {
      if (t < s) { partial[t] += partial[t + s]; }
      workgroupBarrier();
    }
    let total = partial[0];
    workgroupBarrier();
    return total;
  }
  fn main() {
    let t = i32(localIndex);
    let c = i32(workgroupId.x);
    ${this.code}
  }`;
  }
}

/** A flat program over an output's elements; `body` sets the output for `index`. */
export class ElementProgram implements WebGpuProgram {
  outputShape: number[];
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [64, 1, 1];
  size = true;
  uniforms?: string;

  constructor(readonly variableNames: string[], readonly shaderKey: string, outShape: number[], private readonly body: string, uniforms?: string) {
    this.outputShape = outShape;
    this.dispatchLayout = { x: outShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(outShape.reduce((a, b) => a * b, 1) / 64), 1, 1];
    this.uniforms = uniforms;
  }

  getUserCode(): string {
    return `
  fn main(index : i32) {
    if (index < uniforms.size) {
      ${this.body}
    }
  }`;
  }
}
