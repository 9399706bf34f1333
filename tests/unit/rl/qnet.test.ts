import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { registerFastCpuKernels, unregisterFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';
import { expectMatchesReference } from './qnet-reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterAll(() => {
  registerFastCpuKernels();
});

describe('QNetwork.apply equals the plain formula (fused biases, dueling as one product), CPU', () => {
  for (const kernels of ['stock', 'Pac-Lab'] as const) {
    for (const dueling of [false, true]) {
      it(`${kernels} kernels, small net, dueling ${dueling}: Q-values and every variable's gradient`, async () => {
        if (kernels === 'stock') unregisterFastCpuKernels();
        else registerFastCpuKernels();
        await expectMatchesReference('small', dueling, 1e-5);
      });
    }
  }
});
