import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { expectMatchesReference } from './qnet-reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('QNetwork.apply equals the plain formula (fused biases, dueling as one product), CPU', () => {
  for (const dueling of [false, true]) {
    it(`small net, dueling ${dueling}: Q-values and every variable's gradient`, async () => {
      await expectMatchesReference('small', dueling, 1e-5);
    });
  }
});
