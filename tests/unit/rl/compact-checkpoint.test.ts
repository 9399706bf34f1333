/**
 * Compact checkpoints (src/rl/checkpoint.ts, `npm run compact`): the online net and the policy
 * average in half precision. They must hold nothing else, come back within half precision, play
 * as the full checkpoint does, resume a run (target = online, Adam from zero, counters kept) and
 * refuse what they cannot hold, by name and value.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compactCheckpoint, decodeDqnCheckpoint } from '../../../src/rl/checkpoint.js';
import { policyFromCheckpoint } from '../../../src/rl/greedy-policy.js';
import { decodeBundle, encodeBundle } from '../../../src/tf/tensor-bundle.js';
import { registerFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';
import { tinyTrainer } from './tiny-trainer.js';

beforeAll(async () => {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
});

function maxRelativeError(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  a.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - b[i]) / Math.max(Math.abs(b[i]), 1e-4)); });
  return worst;
}

describe('compact DQN checkpoints', () => {
  it('keep the online net and the average only, in half precision, and resume a run', async () => {
    const trainer = tinyTrainer({ policyAverageDecay: 0.9 });
    for (let i = 0; i < 40; i++) await trainer.tick();
    const full = await trainer.checkpoint();
    const compact = compactCheckpoint(full, 'full');
    const header = JSON.parse(compact.header) as { version: number; values: string; meta: { part: string } };
    expect(header).toMatchObject({ version: 2, values: 'float16', meta: { part: 'policy' } });

    const fullTensors = decodeDqnCheckpoint(full, 'full').tensors;
    const { meta, tensors } = decodeDqnCheckpoint(compact, 'compact');
    expect([...tensors.keys()].every((name) => /^(online|average)\//.test(name) && !name.includes('adam'))).toBe(true);
    const online = trainer.agent.online.params.length;
    expect(tensors.size).toBe(2 * online);
    const count = [...tensors.values()].reduce((n, t) => n + t.values.length, 0);
    expect(compact.blob.length).toBe(2 * count);
    for (const [name, t] of tensors) expect(maxRelativeError(t.values, fullTensors.get(name)?.values ?? new Float32Array())).toBeLessThanOrEqual(2 ** -11);
    expect(meta.counters).toEqual(decodeDqnCheckpoint(full, 'full').meta.counters);

    // It plays: the app's greedy policy reads it.
    const policy = policyFromCheckpoint(compact, 'compact');
    expect(policy.values.length).toBe(online);

    // It resumes: counters kept, the target is the online net, Adam starts over.
    const resumed = tinyTrainer({ policyAverageDecay: 0.9 });
    for (let i = 0; i < 5; i++) await resumed.tick();
    resumed.restore(compact, 'compact');
    expect([resumed.envSteps, resumed.updates, resumed.episodes]).toEqual([meta.counters.envSteps, meta.counters.updates, meta.counters.episodes]);
    expect(resumed.agent.optimizer.step).toBe(0);
    expect(resumed.agent.optimizer.stateVariables().every((v) => tf.max(tf.abs(v)).dataSync()[0] === 0)).toBe(true);
    resumed.agent.target.params.forEach((v, i) => expect(v.dataSync()).toEqual(resumed.agent.online.params[i].dataSync()));
    const onlineBack = resumed.agent.online.params.map((v) => v.dataSync() as Float32Array);
    trainer.agent.online.params.forEach((v, i) => expect(maxRelativeError(onlineBack[i], v.dataSync() as Float32Array)).toBeLessThanOrEqual(2 ** -11));
    const before = resumed.updates;
    for (let i = 0; i < 30; i++) await resumed.tick();
    expect(resumed.updates).toBeGreaterThan(before);
    expect(resumed.agent.optimizer.step).toBe(resumed.updates - before);
    trainer.dispose();
    resumed.dispose();
  }, 60_000);

  it('refuse what a half cannot hold and name a truncated half blob', () => {
    const tensors = [{ name: 'online/dense/kernel', shape: [3], values: Float32Array.from([0.5, 1e5, 0]) }];
    expect(() => encodeBundle('dqn', {}, tensors, 'float16')).toThrow(/tensor online\/dense\/kernel: value 100000 at 1 does not fit half precision/);
    const ok = encodeBundle('dqn', {}, [{ name: 'w', shape: [3], values: Float32Array.from([0.5, 2, -1]) }], 'float16');
    expect(decodeBundle(ok.header, ok.blob, 'dqn', 'ok.json').tensors[0].values).toEqual(Float32Array.from([0.5, 2, -1]));
    expect(() => decodeBundle(ok.header, ok.blob.slice(0, 4), 'dqn', 'cut.json')).toThrow(/cut\.json: weights hold 4 bytes, the header describes 6 float16 \(truncated\)/);
    const odd = ok.header.replace('"float16"', '"int8"');
    expect(() => decodeBundle(odd, ok.blob, 'dqn', 'odd.json')).toThrow(/odd\.json: values "int8"; expected "float32" or "float16"/);
  });
});
