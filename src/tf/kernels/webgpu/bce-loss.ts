/**
 * The VAE's reconstruction loss (src/gen/vae/vae.ts, 'bce') as one program forward and one
 * backward instead of ~25: binary cross-entropy from logits, summed per image and averaged over
 * the batch. Issuing programs is what limits a training step on a GPU (BENCHMARKS.md, issue 6).
 *
 * Kernels (float32, logits and target of one shape `[B, ...]`; registered for 'webgpu' by
 * registerFastWebGpuKernels; src/gen/nn/bce-fused.ts calls them):
 * - `PacLabBceLogits` {logits, target} -> scalar: sum of max(l, 0) - l * y + log(1 + exp(-|l|))
 *   over every element, divided by B. One workgroup, a fixed summation order.
 * - `PacLabBceLogitsGrad` {dy, logits, target} -> like logits: dy / B * (sigmoid(l) - y).
 * WGSL has no log1p: log(1 + exp(-|l|)) loses relative precision only where the term is
 * below ~1e-7, far under the loss's own rounding.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { ElementProgram, REDUCE_THREADS, UnitReduceProgram } from './programs.js';
import { countCall, type KernelArgs, webGpuBackend } from './webgpu-backend.js';

export const BCE_LOGITS = 'PacLabBceLogits';
export const BCE_LOGITS_GRAD = 'PacLabBceLogitsGrad';

function checked(args: KernelArgs, kernel: string): { logits: TensorInfo; target: TensorInfo; count: number; batch: number } {
  const { logits, target } = args.inputs;
  const count = logits?.shape.reduce((a, b) => a * b, 1) ?? 0;
  if (!logits || !target || logits.shape.length < 1 || target.shape.join() !== logits.shape.join()) {
    throw new Error(`${kernel}: logits and target of one shape [B, ...] are required, got [${logits?.shape.join(', ') ?? ''}] and [${target?.shape.join(', ') ?? ''}]`);
  }
  return { logits, target, count, batch: logits.shape[0] };
}

export const bceLogitsKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { logits, target, count, batch } = checked(args, BCE_LOGITS);
  countCall(BCE_LOGITS, 'custom');
  const code = `
    var acc = 0.0;
    for (var i = t; i < ${count}; i += ${REDUCE_THREADS}) {
      let l = logits[i];
      acc += max(l, 0.0) - l * targets[i] + log(1.0 + exp(-abs(l)));
    }
    partial[t] = acc;
    let total = reduceAll(t);
    if (t == 0 && uniforms.size == 1) { result[0] = total / f32(${batch}); }`;
  const program = new UnitReduceProgram(['logits', 'targets'], `pacBceLogits_${count}_${batch}`, [1], 1, code);
  const out = webGpuBackend(args).runWebGPUProgram(program, [logits, target], 'float32');
  return { dataId: out.dataId, shape: [], dtype: out.dtype };
};

export const bceLogitsGradKernel: KernelFunc = (args: KernelArgs): TensorInfo => {
  const { logits, target, batch } = checked(args, BCE_LOGITS_GRAD);
  const { dy } = args.inputs;
  if (!dy) throw new Error(`${BCE_LOGITS_GRAD}: input dy is required`);
  countCall(BCE_LOGITS_GRAD, 'custom');
  const body = `setOutputAtIndex(index, dy[0] / f32(${batch}) * (1.0 / (1.0 + exp(-logits[index])) - targets[index]));`;
  const program = new ElementProgram(['dy', 'logits', 'targets'], `pacBceLogitsGrad_${batch}`, [...logits.shape], body);
  return webGpuBackend(args).runWebGPUProgram(program, [dy, logits, target], 'float32');
};
