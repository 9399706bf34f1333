/**
 * dqn.policyAverageDecay: a Polyak average of the online weights that the agent's greedy policy
 * plays. It must not touch training, must be the average it claims, must travel with checkpoints,
 * and must be what evaluation and the dream's pilot play.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { decodeDqnCheckpoint, loadDqnWeights } from '../../../src/rl/checkpoint.js';
import { resolveDqnConfig } from '../../../src/rl/config.js';
import { DqnAgent } from '../../../src/rl/dqn-agent.js';
import { policyFromCheckpoint } from '../../../src/rl/greedy-policy.js';
import type { DqnTrainer } from '../../../src/rl/trainer.js';
import { registerFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';
import { tinyTrainer } from './tiny-trainer.js';

beforeAll(async () => {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
});

const DECAY = 0.9;

function weightsOf(params: readonly tf.Variable[]): Float32Array[] {
  return params.map((p) => p.dataSync().slice() as Float32Array);
}

async function run(trainer: DqnTrainer, ticks: number): Promise<number[]> {
  const scores: number[] = [];
  trainer.listeners = { onEpisode: (row) => scores.push(row.score) };
  for (let i = 0; i < ticks; i++) await trainer.tick();
  return scores;
}

describe('policy average (dqn.policyAverageDecay)', () => {
  it('refuses values outside [0, 1) by name and value', () => {
    expect(() => resolveDqnConfig({ policyAverageDecay: 1 })).toThrow(/dqn\.policyAverageDecay must be a number in \[0, 1\), got 1/);
    expect(() => resolveDqnConfig({ policyAverageDecay: -0.5 })).toThrow(/dqn\.policyAverageDecay must be a number in \[0, 1\), got -0\.5/);
    expect(resolveDqnConfig({}).policyAverageDecay).toBe(0);
  });

  it('leaves training untouched: the same episodes and online weights with and without it', async () => {
    const plain = tinyTrainer();
    const averaged = tinyTrainer({ policyAverageDecay: DECAY });
    const plainScores = await run(plain, 50);
    const averagedScores = await run(averaged, 50);
    expect(averaged.updates).toBeGreaterThan(10);
    expect(averagedScores).toEqual(plainScores);
    expect(weightsOf(averaged.agent.online.params)).toEqual(weightsOf(plain.agent.online.params));
    expect(plain.agent.average).toBeNull();
    expect(plain.agent.policyNetwork).toBe(plain.agent.online);
    expect(averaged.agent.policyNetwork).toBe(averaged.agent.average);
    plain.dispose();
    averaged.dispose();
  }, 60_000);

  it('blends the online weights in after every update: average <- decay * average + (1 - decay) * online', async () => {
    const trainer = tinyTrainer({ policyAverageDecay: DECAY, trainEvery: 2 }); // one update per tick (2 envs)
    const agent = trainer.agent;
    while (trainer.updates === 0) await trainer.tick();
    const before = weightsOf(agent.average?.params ?? []);
    const updates = trainer.updates;
    await trainer.tick();
    expect(trainer.updates).toBe(updates + 1);
    const online = weightsOf(agent.online.params);
    const after = weightsOf(agent.average?.params ?? []);
    let worst = 0;
    after.forEach((a, i) => a.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - (DECAY * before[i][j] + (1 - DECAY) * online[i][j]))))));
    expect(worst).toBeLessThan(1e-6);
    expect(after.some((a, i) => a.some((v, j) => v !== online[i][j]))).toBe(true); // not simply the online weights
    trainer.dispose();
  }, 60_000);

  it('is what greedyActor plays; act (training) keeps the online net', async () => {
    const trainer = tinyTrainer({ policyAverageDecay: DECAY });
    await run(trainer, 30);
    const agent = trainer.agent;
    const obs = new Uint8Array(2 * 84 * 84 * 4).map((_, i) => (i * 37) % 256);
    const expected = (net: typeof agent.online): Float32Array => tf.tidy(() => net.apply(tf.div(tf.tensor4d(obs, [2, 84, 84, 4], 'float32'), 255) as tf.Tensor4D).dataSync() as Float32Array);
    const greedy = await agent.greedyActor().act(obs, 2, 0, new RandomStream('t'));
    const training = await agent.act(obs, 2, 0, new RandomStream('t'));
    const close = (a: Float32Array, b: Float32Array): number => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    expect(close(greedy.qValues, expected(agent.average ?? agent.online))).toBeLessThan(1e-5);
    expect(close(training.qValues, expected(agent.online))).toBeLessThan(1e-5);
    expect(close(greedy.qValues, training.qValues)).toBeGreaterThan(1e-6);
    trainer.dispose();
  }, 60_000);

  it('travels with checkpoints: a resumed agent and policyFromCheckpoint get the average; an old checkpoint starts it from the online net', async () => {
    const trainer = tinyTrainer({ policyAverageDecay: DECAY });
    await run(trainer, 30);
    const cp = await trainer.checkpoint();
    const { meta, tensors } = decodeDqnCheckpoint(cp, 'test');
    const average = weightsOf(trainer.agent.average?.params ?? []);

    const resumed = new DqnAgent(meta.numActions, meta.config, new RandomStream('other'));
    loadDqnWeights(resumed, tensors, 'test', 'policy');
    expect(weightsOf(resumed.average?.params ?? [])).toEqual(average);
    expect(policyFromCheckpoint(cp, 'test').values).toEqual(average);

    // A checkpoint without the average (a run made without it): the average starts as the online net.
    const old = new Map([...tensors].filter(([name]) => !name.startsWith('average/')));
    const fresh = new DqnAgent(meta.numActions, meta.config, new RandomStream('other'));
    loadDqnWeights(fresh, old, 'old', 'all');
    expect(weightsOf(fresh.average?.params ?? [])).toEqual(weightsOf(trainer.agent.online.params));
    expect(() => fresh.setConfig({ ...meta.config, policyAverageDecay: 0 })).toThrow(/dqn\.policyAverageDecay 0: a running agent keeps policy average/);
    resumed.dispose();
    fresh.dispose();
    trainer.dispose();
  }, 60_000);
});
