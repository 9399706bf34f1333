/**
 * Pac-Lab's kernels for tfjs' 'webgpu' backend: the two convolution gradients, which take 5 to
 * 11 ms each with the stock kernels on an H100 while the forward convolutions take under 0.7 ms
 * (DESIGN.md). Conv2DBackpropFilter is a split-K tiled product over the im2col of x read in
 * place (backprop-filter.ts); Conv2DBackpropInput a tiled product per stride phase that skips
 * the taps a strided filter never hits (backprop-input.ts). Both take float32 NHWC with
 * dilation 1 and hand everything else to the stock kernel they replace.
 *
 * `registerFastWebGpuKernels()` swaps them into tfjs' global kernel registry, keeping the stock
 * configs; `unregisterFastWebGpuKernels()` puts the stock ones back, so one process can compare
 * both. Both are idempotent. Call them after @tensorflow/tfjs-backend-webgpu has been imported
 * (its import registers the stock kernels; this module never imports it, see webgpu-backend.ts).
 * Only the 'webgpu' backend is touched; the registry is global to the process (or worker).
 *
 * Determinism: fixed summation order (no atomics), so results are identical run to run on one
 * device; they differ from the stock kernels' in the last bits (another order of the sums).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { makeConv2DBackpropFilter } from './backprop-filter.js';
import { makeConv2DBackpropInput } from './backprop-input.js';
import { ADAM_STEP, adamStepKernel, SUM_SQUARES, sumSquaresKernel, WEIGHT_AVERAGE, weightAverageKernel } from './adam-step.js';
import { UNPACK_BYTES, unpackBytesKernel } from './unpack-bytes.js';
import { BN_GRAD_SUM, BN_INPUT_GRAD, BN_NORMALIZE, BN_RUNNING, BN_STATS, bnGradSumKernel, bnInputGradKernel, bnNormalizeKernel, bnRunningKernel, bnStatsKernel } from './batch-norm.js';
import { GN_INPUT_GRAD, GN_NORMALIZE, GN_PARAM_GRAD, GN_STATS, GN_UNIT_GRAD, gnInputGradKernel, gnNormalizeKernel, gnParamGradKernel, gnStatsKernel, gnUnitGradKernel } from './group-norm.js';
import { BCE_LOGITS, BCE_LOGITS_GRAD, bceLogitsGradKernel, bceLogitsKernel } from './bce-loss.js';
import { PICK_ACTIONS, pickActionsKernel, TD_LOSS, TD_LOSS_GRAD, TD_TARGET, tdLossGradKernel, tdLossKernel, tdTargetKernel } from './dqn-loss.js';
import { installDirectUploads, type UploadingBackend } from './direct-upload.js';

export { kernelCallCounts, resetKernelCallCounts, type KernelCallCounts } from './webgpu-backend.js';

const BACKEND = 'webgpu';

const FACTORIES: Readonly<Record<string, (stock: KernelFunc) => KernelFunc>> = {
  [tf.Conv2DBackpropFilter]: makeConv2DBackpropFilter,
  [tf.Conv2DBackpropInput]: makeConv2DBackpropInput,
};

/** Names of the kernels that `registerFastWebGpuKernels` replaces on the 'webgpu' backend. */
export const FAST_WEBGPU_KERNEL_NAMES: readonly string[] = Object.freeze(Object.keys(FACTORIES));

/**
 * Kernels of Pac-Lab's own, with no stock counterpart: the fused optimizer step and sum of
 * squares (adam-step.ts), bytes to floats (unpack-bytes.ts), the DQN's TD target and loss
 * (dqn-loss.ts), training-mode batch norm (batch-norm.ts), group norm (group-norm.ts), the
 * weight average (adam-step.ts) and the VAE's cross-entropy (bce-loss.ts). src/tf/adam.ts,
 * src/rl/qnet.ts, src/rl/td-fused.ts and src/gen/nn's batch-norm-fused.ts, group-norm-fused.ts,
 * bce-fused.ts and ema.ts use them while they are registered for the backend in use, and generic code
 * otherwise, so unregistering them gives the stock path back.
 */
const OWN_KERNELS: Readonly<Record<string, KernelFunc>> = {
  [ADAM_STEP]: adamStepKernel,
  [SUM_SQUARES]: sumSquaresKernel,
  [UNPACK_BYTES]: unpackBytesKernel,
  [TD_TARGET]: tdTargetKernel,
  [PICK_ACTIONS]: pickActionsKernel,
  [TD_LOSS]: tdLossKernel,
  [TD_LOSS_GRAD]: tdLossGradKernel,
  [BN_STATS]: bnStatsKernel,
  [BN_NORMALIZE]: bnNormalizeKernel,
  [BN_GRAD_SUM]: bnGradSumKernel,
  [BN_INPUT_GRAD]: bnInputGradKernel,
  [BN_RUNNING]: bnRunningKernel,
  [GN_STATS]: gnStatsKernel,
  [GN_NORMALIZE]: gnNormalizeKernel,
  [GN_UNIT_GRAD]: gnUnitGradKernel,
  [GN_INPUT_GRAD]: gnInputGradKernel,
  [GN_PARAM_GRAD]: gnParamGradKernel,
  [WEIGHT_AVERAGE]: weightAverageKernel,
  [BCE_LOGITS]: bceLogitsKernel,
  [BCE_LOGITS_GRAD]: bceLogitsGradKernel,
};
export { ADAM_STEP, SUM_SQUARES, UNPACK_BYTES };

/** Stock configs saved while ours are registered; empty when the stock kernels are in place. */
const stockConfigs = new Map<string, KernelConfig>();

/** Replaces the stock WebGPU kernels named in FAST_WEBGPU_KERNEL_NAMES; a no-op when ours are in place. */
export function registerFastWebGpuKernels(): void {
  if (stockConfigs.size > 0) return;
  const found = new Map<string, KernelConfig>();
  for (const name of FAST_WEBGPU_KERNEL_NAMES) {
    const stock = tf.getKernel(name, BACKEND);
    if (stock === undefined) {
      throw new Error(`registerFastWebGpuKernels: no stock '${name}' kernel for '${BACKEND}' (import @tensorflow/tfjs-backend-webgpu first)`);
    }
    found.set(name, stock);
  }
  for (const [name, stock] of found) {
    stockConfigs.set(name, stock);
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel({ ...stock, kernelFunc: FACTORIES[name](stock.kernelFunc) });
  }
  for (const [kernelName, kernelFunc] of Object.entries(OWN_KERNELS)) tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc });
  patchLiveWebGpuBackend();
}

/** Puts the stock kernels back; a no-op when they are in place. */
export function unregisterFastWebGpuKernels(): void {
  for (const [name, stock] of stockConfigs) {
    if (tf.getKernel(name, BACKEND) !== undefined) tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(stock);
  }
  if (stockConfigs.size > 0) {
    for (const name of Object.keys(OWN_KERNELS)) if (tf.getKernel(name, BACKEND) !== undefined) tf.unregisterKernel(name, BACKEND);
  }
  stockConfigs.clear();
  patchLiveWebGpuBackend();
}

/** The live backend instance carrying direct-upload.ts's patch, and how to take it off. */
let patched: { backend: object; restore: () => void } | null = null;

/**
 * Keeps the live 'webgpu' backend instance in step with the registry: direct uploads
 * (direct-upload.ts) while Pac-Lab's kernels are registered, tfjs' own uploads otherwise.
 * register/unregister call it; call it again once `tf.setBackend('webgpu')` has created the
 * instance (src/tf/backend.ts does). It never creates a backend itself.
 */
export function patchLiveWebGpuBackend(): void {
  const live = (tf.engine().registry[BACKEND] as unknown as UploadingBackend | undefined) ?? null;
  const wanted = live !== null && stockConfigs.size > 0;
  if (patched !== null && (!wanted || patched.backend !== live)) {
    patched.restore();
    patched = null;
  }
  if (wanted && patched === null) patched = { backend: live, restore: installDirectUploads(live) };
}

/** True while Pac-Lab's WebGPU kernels are registered. */
export function fastWebGpuKernelsRegistered(): boolean {
  return stockConfigs.size > 0;
}
