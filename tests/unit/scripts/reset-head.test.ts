/** scripts/reset-head.ts: the head layers of a checkpoint go back to initial weights; the convolutions stay. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetHeadLayers } from '../../../scripts/reset-head.js';
import { RandomStreams } from '../../../src/core/random.js';
import { decodeDqnCheckpoint } from '../../../src/rl/checkpoint.js';
import { DqnAgent } from '../../../src/rl/dqn-agent.js';
import { logicalName } from '../../../src/rl/qnet.js';
import { registerFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';
import { tinyTrainer } from '../rl/tiny-trainer.js';

beforeAll(async () => {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
});

describe('reset-head', () => {
  it('resets dense, advantage and value in the online, target and average nets, zeroes their Adam moments, keeps the rest', async () => {
    const trainer = tinyTrainer({ dueling: true, policyAverageDecay: 0.9 });
    for (let i = 0; i < 40; i++) await trainer.tick();
    const { meta, tensors } = decodeDqnCheckpoint(await trainer.checkpoint(), 'test');
    const before = new Map([...tensors].map(([name, t]) => [name, t.values.slice()]));
    const reset = resetHeadLayers(tensors, meta, ['dense', 'advantage', 'value'], 7);

    const fresh = new DqnAgent(meta.numActions, meta.config, new RandomStreams(7).get('reset-head'));
    const initial = new Map(fresh.online.params.map((v) => [logicalName(v).replace(/^online\//, ''), v.dataSync().slice()]));
    fresh.dispose();
    for (const net of ['online', 'target', 'average']) {
      for (const layer of ['dense', 'advantage', 'value']) {
        for (const part of ['kernel', 'bias']) {
          const name = `${net}/${layer}/${part}`;
          expect(reset, name).toContain(name);
          expect(Array.from(tensors.get(name)!.values), name).toEqual(Array.from(initial.get(`${layer}/${part}`)!));
        }
      }
    }
    // Trained weights did move away from their start, so the comparison above is not vacuous.
    expect(Array.from(before.get('online/advantage/kernel')!)).not.toEqual(Array.from(initial.get('advantage/kernel')!));
    for (const [name, t] of tensors) {
      const layer = name.split('/')[1];
      if (!['dense', 'advantage', 'value'].includes(layer)) expect(t.values, name).toEqual(before.get(name));
      else if (/adam_[mv]$/.test(name)) expect(t.values.every((v) => v === 0), name).toBe(true);
    }
    expect(before.get('online/dense/kernel/adam_v')!.some((v) => v !== 0)).toBe(true);
    trainer.dispose();
  }, 60_000);

  it('refuses layers the checkpoint does not have, naming the ones it has', async () => {
    const trainer = tinyTrainer();
    const { meta, tensors } = decodeDqnCheckpoint(await trainer.checkpoint(), 'test');
    expect(() => resetHeadLayers(tensors, meta, ['hidden'], 1)).toThrow(/no tensor of the layers hidden \(the checkpoint has conv0, conv1, dense, advantage\)/);
    trainer.dispose();
  });
});
