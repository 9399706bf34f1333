/** The RL worker's snapshot as the page reads it: the learning rate Adam uses now, as plain data. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIVE_PARAMS, type LiveParams } from '../../../src/rl/config.js';
import { buildSnapshot, RateMeter, type RlSnapshot } from '../../../src/rl/snapshot.js';
import type { DqnTrainer } from '../../../src/rl/trainer.js';
import { registerFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';
import { tinyTrainer } from './tiny-trainer.js';

beforeAll(async () => {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
});

/** What RlSession publishes for `t` in agent mode. */
function snapshotOf(t: DqnTrainer): RlSnapshot {
  const params = Object.fromEntries(LIVE_PARAMS.map((k) => [k, t.config[k]])) as Required<LiveParams>;
  return buildSnapshot(t, {
    running: true, params, human: null, recentEpisodes: [], backend: { name: 'cpu', reason: '', adapter: '' }, rate: new RateMeter(0), alert: null,
  });
}

describe('buildSnapshot', () => {
  it("carries the learning rate in use: the decay's value at the current env step, not the configured start", async () => {
    const trainer = tinyTrainer({ learningRate: 1e-3, learningRateEnd: 1e-4, learningRateDecaySteps: 100 });
    for (let i = 0; i < 15; i++) await trainer.tick(); // 30 env steps
    const s = snapshotOf(trainer);
    expect(s.envSteps).toBe(30);
    expect(s.learningRateNow).toBe(trainer.learningRate);
    expect(s.learningRateNow).toBeCloseTo(7.3e-4, 12);
    expect(s.learningRateNow).not.toBe(trainer.config.learningRate);
    expect(s.params.learningRate).toBe(1e-3); // the slider's value stays the configured start
    expect(structuredClone(s).learningRateNow).toBe(s.learningRateNow); // plain data, as postMessage sends it
    trainer.dispose();
  });

  it('carries the configured learning rate when the run has no decay', async () => {
    const trainer = tinyTrainer({ learningRate: 2e-4 });
    for (let i = 0; i < 15; i++) await trainer.tick();
    expect(snapshotOf(trainer).learningRateNow).toBe(2e-4);
    trainer.dispose();
  });
});
