/** Shared set-up for the world-model tests: layouts from assets, a CPU backend with the fast kernels. */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { parseLayout, type Layout } from '../../../../src/env/layout.js';
import { registerFastCpuKernels } from '../../../../src/tf/kernels/cpu/index.js';

export function layout(name: string): Layout {
  return parseLayout(readFileSync(new URL(`../../../../assets/layouts/${name}.lay`, import.meta.url)), name);
}

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  registerFastCpuKernels();
}
