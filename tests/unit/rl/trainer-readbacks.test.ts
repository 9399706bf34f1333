/**
 * Read-backs per tick: each costs a GPU sync (~1.5 ms on an H100 through Dawn, DESIGN.md), so the
 * trainer makes one per tick for the batched action choice, one per update only where prioritized
 * replay needs the TD errors, and reads the loss, mean Q and gradient norm only every
 * `reportEvery` updates. Counted on the CPU backend: the trainer reads the same way on every backend.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseLayout } from '../../../src/env/layout.js';
import { DqnTrainer } from '../../../src/rl/trainer.js';
import { registerFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';

const STARTER = parseLayout(['%%%%%%%', '%.   G%', '% % % %', '%     %', '% % % %', '%P   .%', '%%%%%%%'].join('\n'), 'starter.lay');

beforeAll(async () => {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** 4 envs, one update every 4 env steps: one update a tick once learning starts. */
function trainer(extra: Record<string, unknown> = {}): DqnTrainer {
  return new DqnTrainer({
    layout: STARTER, env: { maxSteps: 50 }, seed: 3,
    dqn: { net: 'small', batchSize: 4, replayCapacity: 500, learningStarts: 20, trainEvery: 4, targetSyncEvery: 10, reportEvery: 5, numEnvs: 4, ...extra },
  });
}

/** Ticks `n` times after learning has started; returns the read-backs, updates and reports in those ticks. */
async function countReads(t: DqnTrainer, n: number): Promise<{ reads: number; updates: number; reports: number }> {
  while (t.updates === 0) await t.tick();
  let reports = 0;
  t.listeners = { onReport: () => reports++ };
  const updates0 = t.updates;
  const data = vi.spyOn(tf.Tensor.prototype, 'data');
  const dataSync = vi.spyOn(tf.Tensor.prototype, 'dataSync');
  for (let i = 0; i < n; i++) await t.tick();
  expect(dataSync).not.toHaveBeenCalled();
  return { reads: data.mock.calls.length, updates: t.updates - updates0, reports };
}

describe('DqnTrainer read-backs', () => {
  it('reads Q-values once a tick for all envs, and the loss, mean Q and gradient norm only when it reports', async () => {
    const t = trainer();
    const { reads, updates, reports } = await countReads(t, 20);
    expect(updates).toBe(20);
    expect(reports).toBe(4);
    expect(reads).toBe(20 + 3 * reports);
    t.dispose();
  });

  it('with prioritized replay, also reads the TD errors once an update (the priorities of the next sample need them)', async () => {
    const t = trainer({ prioritized: true });
    const { reads, updates, reports } = await countReads(t, 20);
    expect(reads).toBe(20 + updates + 3 * reports);
    t.dispose();
  });
});
