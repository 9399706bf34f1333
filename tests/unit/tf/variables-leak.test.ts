/** Building and disposing networks leaves no tensor behind (a variable's initial value used to). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { createGenModel } from '../../../src/gen/model.js';
import { DqnAgent } from '../../../src/rl/dqn-agent.js';
import { resolveDqnConfig } from '../../../src/rl/config.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('building and disposing', () => {
  it('a DQN agent (networks and Adam) and each generative model leave the tensor count where it was', () => {
    const before = tf.memory().numTensors;
    const agent = new DqnAgent(5, resolveDqnConfig({ net: 'small' }), new RandomStream('w'));
    agent.dispose();
    for (const name of ['vae', 'gan', 'diffusion'] as const) createGenModel(name, {}, { size: 32, numClasses: 0 }, 1).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
