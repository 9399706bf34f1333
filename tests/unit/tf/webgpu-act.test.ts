/**
 * The Q-network's own WebGPU forward pass for acting (src/rl/webgpu-forward.ts) against tfjs'
 * (QNetwork.apply), on the real 'webgpu' backend (Dawn in Node; SwiftShader without a GPU).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticBatch } from '../../../src/cli/bench/dqn-suite.js';
import { RandomStreams } from '../../../src/core/random.js';
import { NUM_ACTIONS } from '../../../src/env/grid.js';
import { STACK_BYTES } from '../../../src/obs/frame-stack.js';
import { resolveDqnConfig } from '../../../src/rl/config.js';
import { DqnAgent } from '../../../src/rl/dqn-agent.js';
import { exportPolicy, GreedyPolicy } from '../../../src/rl/greedy-policy.js';
import { stacksToInput } from '../../../src/rl/qnet.js';
import { kernelCallCounts, registerFastWebGpuKernels, resetKernelCallCounts, unregisterFastWebGpuKernels } from '../../../src/tf/kernels/webgpu/index.js';
import { relError, startWebGpu, TOLERANCE } from './webgpu-compare.js';

beforeAll(async () => {
  await startWebGpu();
  registerFastWebGpuKernels();
}, 120_000);

afterAll(() => {
  registerFastWebGpuKernels();
});

function stacks(n: number, seed: number): Uint8Array {
  const rng = new RandomStreams(seed).get('stacks');
  return Uint8Array.from({ length: n * STACK_BYTES }, () => rng.int(256));
}

async function tfjsQ(agent: DqnAgent, obs: Uint8Array, n: number): Promise<Float32Array> {
  const q = tf.tidy(() => agent.online.apply(stacksToInput(obs, n)));
  const values = Float32Array.from(await q.data());
  q.dispose();
  return values;
}

const forwardCalls = (): number => kernelCallCounts().PacLabQForward?.custom ?? 0;

describe('the WebGPU forward pass for acting equals tfjs\'', () => {
  // The nature net's plain head is the small net's code path at other sizes: left out for CI's time.
  for (const [net, dueling] of [['small', false], ['small', true], ['nature', true]] as const) {
    {
      it(`${net} net, dueling ${dueling}: 1, 3 and 16 stacks, and after an update changed the weights`, async () => {
        const agent = new DqnAgent(NUM_ACTIONS, resolveDqnConfig({ net, dueling, batchSize: 8 }), new RandomStreams(11).get('weights'));
        for (const round of ['fresh', 'updated']) {
          for (const n of [1, 3, 16]) {
            const obs = stacks(n, 5 + n);
            resetKernelCallCounts();
            const fast = await agent.qValues(obs, n);
            expect(forwardCalls(), 'the fast path ran').toBe(1);
            const want = await tfjsQ(agent, obs, n);
            expect(fast.length).toBe(n * NUM_ACTIONS);
            expect(relError(want, fast), `${round}, ${n} stacks`).toBeLessThan(TOLERANCE);
          }
          const r = agent.update(syntheticBatch(8, 3));
          await r.loss.data();
          tf.dispose([r.loss, r.meanQ, r.gradNorm, ...(r.tdAbs ? [r.tdAbs] : [])]);
        }
        agent.dispose();
      }, 120_000);
    }
  }

  it('a trained policy\'s copy (the Dream\'s pilot, GreedyPolicy) takes the same path, with the same Q-values', async () => {
    const agent = new DqnAgent(NUM_ACTIONS, resolveDqnConfig({ net: 'small', dueling: true }), new RandomStreams(13).get('weights'));
    const policy = new GreedyPolicy(await exportPolicy(agent.online, { legalActionsOnly: true }));
    const obs = stacks(1, 77);
    resetKernelCallCounts();
    const { q } = await policy.act(obs);
    expect(forwardCalls()).toBe(1);
    expect(relError(await tfjsQ(agent, obs, 1), q)).toBeLessThan(TOLERANCE);
    policy.dispose();
    agent.dispose();
  }, 60_000);

  it('serves calls made at once (each its own answer), and makes way for tfjs when the kernels are stock', async () => {
    const agent = new DqnAgent(NUM_ACTIONS, resolveDqnConfig({ net: 'small', dueling: true }), new RandomStreams(12).get('weights'));
    const batches = [2, 16, 5].map((n, i) => ({ n, obs: stacks(n, 40 + i) }));
    resetKernelCallCounts();
    const answers = await Promise.all(batches.map(({ obs, n }) => agent.qValues(obs, n)));
    expect(forwardCalls()).toBe(3);
    for (const [i, { obs, n }] of batches.entries()) expect(relError(await tfjsQ(agent, obs, n), answers[i]), `batch ${i}`).toBeLessThan(TOLERANCE);
    unregisterFastWebGpuKernels();
    resetKernelCallCounts();
    const stock = await agent.qValues(batches[0].obs, 2);
    expect(forwardCalls(), 'no fast path with the stock kernels').toBe(0);
    expect(relError(answers[0], stock)).toBeLessThan(TOLERANCE);
    registerFastWebGpuKernels();
    agent.dispose();
  }, 120_000);
});
