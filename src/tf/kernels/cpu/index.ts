/**
 * Fast float32 kernels for tfjs' 'cpu' backend: im2col + a tiled GEMM (WebAssembly SIMD, or
 * plain JS where that is unavailable) for the convolutions and matMul (the stock filter
 * gradient alone takes ~20 s per conv layer of the Nature DQN at batch 32), plus
 * broadcast-aware Add/Sub/Multiply/RealDiv, a leading-axes Sum and plain-loop Sqrt/Relu/Step
 * (Adam's update, bias gradients and relus: ~0.5 s of a nature update with the stock kernels),
 * Sigmoid (the U-Net's SiLUs), and run-copying Slice/SplitV/Tile (a cGAN's label planes and
 * their concat gradient: 60% of its step with the stock kernels). It also adds the fused
 * optimizer kernels that tfjs has no stock version of (optimizer-kernels.ts: Adam's update, the
 * gradients' sums of squares, the weight average), which src/tf/adam.ts and ema.ts use where
 * registered.
 *
 * `registerFastCpuKernels()` swaps them into tfjs' global kernel registry (keeping the stock
 * kernel functions, which the fast ones delegate to for NCHW, dilations > 1 and non-float32
 * inputs); `unregisterFastCpuKernels()` puts the stock ones back, so one process can compare
 * both. Both are idempotent. Only the 'cpu' backend is touched; the registry is global, so this
 * affects every tfjs user in the process (or worker).
 *
 * Determinism: results are bit-identical run to run on one engine (no threads, fixed order of
 * operations), but the WebAssembly engine sums in float32 and the JS one in float64, so a
 * runtime without WebAssembly SIMD gives slightly different numbers for the same seed.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { makeAdd, makeMultiply, makeRealDiv, makeSub } from './binary-kernels.js';
import { makeConv2D, makeConv2DBackpropFilter, makeConv2DBackpropInput, makeFusedConv2D } from './conv-kernels.js';
import { releaseScratch } from './cpu-backend.js';
import { activeGemmEngine, type GemmEngine, setGemmEngine } from './gemm.js';
import { makeBatchMatMul, makeFusedMatMul } from './matmul-kernels.js';
import { releaseSimdEngine } from './simd-module.js';
import { makeSum } from './sum-kernel.js';
import { adamStepCpu, sumSquaresCpu, weightAverageCpu } from './optimizer-kernels.js';
import { ADAM_STEP, SUM_SQUARES, WEIGHT_AVERAGE } from '../fused-optimizer.js';
import { makeSlice, makeSplitV, makeTile } from './layout-kernels.js';
import { makeRelu, makeSigmoid, makeSqrt, makeStep } from './unary-kernels.js';

const BACKEND = 'cpu';

const FACTORIES: Readonly<Record<string, (stock: KernelFunc) => KernelFunc>> = {
  [tf.Conv2D]: makeConv2D,
  [tf.FusedConv2D]: makeFusedConv2D,
  [tf.Conv2DBackpropFilter]: makeConv2DBackpropFilter,
  [tf.Conv2DBackpropInput]: makeConv2DBackpropInput,
  [tf.BatchMatMul]: makeBatchMatMul,
  [tf._FusedMatMul]: makeFusedMatMul,
  [tf.Add]: makeAdd,
  [tf.Sub]: makeSub,
  [tf.Multiply]: makeMultiply,
  [tf.RealDiv]: makeRealDiv,
  [tf.Sum]: makeSum,
  [tf.Sqrt]: makeSqrt,
  [tf.Relu]: makeRelu,
  [tf.Step]: makeStep,
  [tf.Sigmoid]: makeSigmoid,
  [tf.Slice]: makeSlice,
  [tf.SplitV]: makeSplitV,
  [tf.Tile]: makeTile,
};

/** Kernels with no stock version, which registration adds and unregistration removes. */
const ADDED: Readonly<Record<string, KernelFunc>> = {
  [ADAM_STEP]: adamStepCpu,
  [SUM_SQUARES]: sumSquaresCpu,
  [WEIGHT_AVERAGE]: weightAverageCpu,
};

/** Names of the kernels that `registerFastCpuKernels` replaces on the 'cpu' backend. */
export const FAST_CPU_KERNEL_NAMES: readonly string[] = Object.freeze(Object.keys(FACTORIES));
/** Names of the kernels that `registerFastCpuKernels` adds to the 'cpu' backend (Pac-Lab's own, no stock version). */
export const ADDED_CPU_KERNEL_NAMES: readonly string[] = Object.freeze(Object.keys(ADDED));

/** Stock configs saved while ours are registered; empty when the stock kernels are in place. */
const stockConfigs = new Map<string, KernelConfig>();

export interface FastCpuKernelOptions {
  /**
   * Matrix-product engine: 'auto' (default) uses WebAssembly SIMD where the runtime has it and
   * plain JS elsewhere; 'js' forces plain JS (~10x slower; for comparisons and tests).
   */
  gemm?: GemmEngine;
}

/**
 * Replaces the stock CPU kernels named in FAST_CPU_KERNEL_NAMES; when they are already in
 * place it only applies `options`.
 */
export function registerFastCpuKernels(options: FastCpuKernelOptions = {}): void {
  setGemmEngine(options.gemm ?? 'auto');
  if (stockConfigs.size > 0) return;
  for (const name of FAST_CPU_KERNEL_NAMES) {
    const stock = tf.getKernel(name, BACKEND);
    if (stock === undefined) {
      throw new Error(`registerFastCpuKernels: no stock '${name}' kernel for '${BACKEND}' (is @tensorflow/tfjs loaded?)`);
    }
    stockConfigs.set(name, stock);
  }
  for (const [name, stock] of stockConfigs) {
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel({ ...stock, kernelFunc: FACTORIES[name](stock.kernelFunc) });
  }
  for (const [kernelName, kernelFunc] of Object.entries(ADDED)) {
    if (tf.getKernel(kernelName, BACKEND) === undefined) tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc });
  }
}

/**
 * Puts the stock kernels back and frees the fast kernels' scratch and WebAssembly memory (tens
 * of MB for the nature net at batch 32); a no-op when the stock kernels are in place.
 */
export function unregisterFastCpuKernels(): void {
  if (stockConfigs.size === 0) return;
  for (const [name, stock] of stockConfigs) {
    if (tf.getKernel(name, BACKEND) !== undefined) tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(stock);
  }
  stockConfigs.clear();
  for (const name of ADDED_CPU_KERNEL_NAMES) {
    if (tf.getKernel(name, BACKEND) !== undefined) tf.unregisterKernel(name, BACKEND);
  }
  releaseScratch();
  releaseSimdEngine();
}

/** True while the fast kernels are registered. */
export function fastCpuKernelsRegistered(): boolean {
  return stockConfigs.size > 0;
}

/** Which engine the fast kernels' matrix products use now: 'wasm-simd' or 'js'. */
export function fastCpuGemmEngine(): 'wasm-simd' | 'js' {
  return activeGemmEngine();
}
