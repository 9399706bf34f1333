/**
 * The explained TD target is the one the update used: "Step and explain" against an independent
 * computation (td.ts's functions on copies of the networks taken before the update, over the
 * same batch), and explainLatest against tdTarget for the transition just stored.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random.js';
import { parseLayout } from '../../../../src/env/layout.js';
import { FRAME_SIZE } from '../../../../src/obs/raster.js';
import { explainLatest, explainStep } from '../../../../src/rl/explain/explain-td.js';
import { batchOfLeaves } from '../../../../src/rl/explain/replay-reader.js';
import { QNetwork, stacksToInput } from '../../../../src/rl/qnet.js';
import type { ReplayBatch } from '../../../../src/rl/replay/replay-memory.js';
import { unstackFrames } from '../../../../src/rl/snapshot.js';
import { huber, pickActions, tdTarget } from '../../../../src/rl/td.js';
import { DqnTrainer } from '../../../../src/rl/trainer.js';
import { registerFastCpuKernels } from '../../../../src/tf/kernels/cpu/index.js';

const LAYOUT = parseLayout(['%%%%%%%', '%.   G%', '% % % %', '%P   .%', '%%%%%%%'].join('\n'), 'wide.lay');

beforeAll(async () => {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
});

/** learningStarts far away: ticks never update, so only explainStep does. */
function tinyTrainer(extra: Record<string, unknown> = {}): DqnTrainer {
  return new DqnTrainer({
    layout: LAYOUT, env: { maxSteps: 200 }, seed: 7,
    dqn: { net: 'small', batchSize: 4, replayCapacity: 300, learningStarts: 10_000, targetSyncEvery: 1000, reportEvery: 1, gamma: 0.9, ...extra },
  });
}

/** A network holding a copy of `net`'s weights now. */
function copyOf(net: QNetwork, name: string): QNetwork {
  const copy = new QNetwork(net.shape, new RandomStreams(1).get('copy'), name);
  copy.copyFrom(net);
  return copy;
}

/** td.ts on `batch` with the given networks, as plain numbers per row. */
async function independent(batch: ReplayBatch, online: QNetwork, target: QNetwork, double: boolean, delta: number) {
  const b = batch.batchSize;
  const [y, q, loss] = tf.tidy(() => {
    const next = stacksToInput(batch.nextStates, b);
    const qNextOnline = online.apply(next);
    const yT = tdTarget(tf.tensor1d(batch.returns), tf.tensor1d(batch.discounts), target.apply(next), double ? qNextOnline : null);
    const qT = pickActions(online.apply(stacksToInput(batch.states, b)), tf.tensor1d(batch.actions, 'int32'));
    const lossT = tf.mean(tf.mul(tf.tensor1d(batch.weights), huber(tf.sub(qT, yT), delta)));
    return [yT, qT, lossT];
  });
  const out = { y: Array.from(await y.data()), q: Array.from(await q.data()), loss: (await loss.data())[0] };
  tf.dispose([y, q, loss]);
  return out;
}

describe('Step and explain', () => {
  for (const double of [true, false]) {
    it(`explains the target the update used (double ${double}), before learningStarts`, async () => {
      const trainer = tinyTrainer({ double });
      for (let i = 0; i < 12; i++) await trainer.tick();
      expect(trainer.updates).toBe(0);
      const online = copyOf(trainer.agent.online, 'before-online');
      const target = copyOf(trainer.agent.target, 'before-target');

      const e = await explainStep(trainer);

      expect(trainer.updates).toBe(1);
      expect(e.updates).toBe(1);
      expect(e.sample.updates).toBe(0); // the numbers were taken with the networks before the update
      expect(e.envSteps).toBe(13);
      expect(e.batchIndices).toHaveLength(4);
      expect(e.sample.replayIndex).toBe(e.batchIndices[0]);
      // The same batch, rebuilt from the reported slots, through td.ts with the networks as they were.
      const batch = batchOfLeaves(trainer.replay, e.batchIndices, 1, 0.9);
      const want = await independent(batch, online, target, double, 1);
      expect(e.sample.target).toBe(want.y[0]);
      expect(e.sample.q).toBe(want.q[0]);
      expect(e.loss).toBe(want.loss);
      expect(e.sample.tdError).toBeCloseTo(want.y[0] - want.q[0], 6);
      expect(e.sample.action).toBe(batch.actions[0]);
      expect(e.sample.ret).toBe(batch.returns[0]);
      expect(e.sample.discount).toBe(batch.discounts[0]);
      expect(e.sample.rewards).toEqual([batch.returns[0]]);
      expect(e.sample.discount).toBe(e.sample.terminated ? 0 : Math.fround(0.9));
      // The pieces add up: y = R + d Q_target(s', a*), and plain DQN's target from the max.
      expect(e.sample.target).toBeCloseTo(e.sample.ret + e.sample.discount * e.sample.bootstrap, 5);
      expect(e.sample.bootstrap).toBe(e.sample.qNextTarget[e.sample.bootstrapAction]);
      const picker = double ? e.sample.qNextOnline : e.sample.qNextTarget;
      expect(picker[e.sample.bootstrapAction]).toBe(Math.max(...picker));
      expect(e.sample.plainTarget).toBeCloseTo(e.sample.ret + e.sample.discount * Math.max(...e.sample.qNextTarget), 5);
      if (!double) expect(e.sample.plainTarget).toBe(e.sample.target);
      expect(e.sample.loss).toBeCloseTo(Math.abs(e.sample.tdError) <= 1 ? 0.5 * e.sample.tdError ** 2 : Math.abs(e.sample.tdError) - 0.5, 5);
      expect(e.sample.weight).toBe(1);
      // The sample's frames are the batch's stacks.
      expect(Array.from(e.frames)).toEqual(Array.from(unstackFrames(batch.states.subarray(0, 4 * FRAME_SIZE))));
      expect(Array.from(e.nextFrames)).toEqual(Array.from(unstackFrames(batch.nextStates.subarray(0, 4 * FRAME_SIZE))));
      // The update changed the online network; the explanation used the weights before it.
      const probe = trainer.vec.obs.slice(0, 4 * FRAME_SIZE);
      const now = await trainer.agent.qValues(probe, 1);
      const before = tf.tidy(() => online.apply(stacksToInput(probe, 1)));
      expect(Array.from(now)).not.toEqual(Array.from(await before.data()));
      before.dispose();
      online.dispose();
      target.dispose();
      // The detail tensors are freed: a second explained step leaves the tensor count as it was.
      const tensors = tf.memory().numTensors;
      await explainStep(trainer);
      expect(tf.memory().numTensors).toBe(tensors);
      trainer.dispose();
    });
  }

  it('reports the step taken by the shown game', async () => {
    const trainer = tinyTrainer({ epsilonMode: 'manual', epsilon: 1 });
    for (let i = 0; i < 6; i++) await trainer.tick();
    const e = await explainStep(trainer, 2);
    const act = trainer.lastAct;
    expect(e.step.action).toBe(act?.actions[0]);
    expect(e.step.random).toBe(true);
    expect(e.epsilon).toBe(1);
    expect(e.step.storedReward).toBeCloseTo(e.step.reward * 0.01, 6); // the default 'scale' transform
    expect(e.sampleAt).toBe(2);
    expect(e.sample.replayIndex).toBe(e.batchIndices[2]);
    trainer.dispose();
  });

  it('explains n-step targets (R sums the window, d = gamma^n) and prioritized weights', async () => {
    const trainer = tinyTrainer({ nStep: 3, prioritized: true });
    for (let i = 0; i < 12; i++) await trainer.tick();
    const e = await explainStep(trainer);
    const s = e.sample;
    expect(s.nStep).toBe(3);
    expect(s.ret).toBeCloseTo(s.rewards.reduce((sum, r, k) => sum + r * 0.9 ** k, 0), 5);
    if (!s.terminated && !s.truncated) {
      expect(s.rewards).toHaveLength(3);
      expect(s.discount).toBeCloseTo(0.9 ** 3, 6);
    }
    expect(s.weight).toBeGreaterThan(0);
    expect(s.weight).toBeLessThanOrEqual(1);
    expect(s.loss).toBeGreaterThanOrEqual(0);
    trainer.dispose();
  });

  it('says why there is no update while the replay holds less than a batch', async () => {
    const trainer = tinyTrainer();
    await expect(explainStep(trainer)).rejects.toThrow(/the step was taken, but no update: a batch needs 4 transitions with a complete 1-step window and the replay holds 1/);
    expect(trainer.envSteps).toBe(1);
    await expect(explainStep(trainer, 4)).rejects.toThrow(/sampleAt must be an integer in \[0, 3\] \(a batch position\), got 4/);
    trainer.dispose();
  });
});

describe('explainLatest', () => {
  it('is null while the replay is empty', async () => {
    const trainer = tinyTrainer();
    expect(await explainLatest(trainer)).toBeNull();
    trainer.dispose();
  });

  it('explains the transition just taken with tdTarget and the current networks', async () => {
    const trainer = tinyTrainer({ double: true });
    for (let i = 0; i < 9; i++) await trainer.tick();
    await explainStep(trainer); // networks moved once: online and target now differ
    const tensors = tf.memory().numTensors;
    const e = await explainLatest(trainer);
    expect(tf.memory().numTensors).toBe(tensors);
    if (!e) throw new Error('no explanation');
    const replay = trainer.replay;
    const newest = replay.size - 1; // one stream, nothing overwritten: the last in viewer order
    expect(e.replayIndex).toBe(replay.leafAt(newest));
    const stored = replay.getTransition(newest);
    expect(e.action).toBe(trainer.lastAct?.actions[0]);
    expect(e.action).toBe(stored.action);
    expect(e.rewards).toEqual([stored.reward]);
    expect(e.terminated).toBe(stored.terminated);
    expect(e.updates).toBe(1);
    const batch = batchOfLeaves(replay, [e.replayIndex], 1, 0.9);
    const want = await independent(batch, trainer.agent.online, trainer.agent.target, true, 1);
    expect(e.target).toBe(want.y[0]);
    expect(e.q).toBe(want.q[0]);
    expect(e.loss).toBeCloseTo(want.loss, 6);
    trainer.dispose();
  });

  it('with n-step returns, explains the newest transition whose window is complete', async () => {
    const trainer = tinyTrainer({ nStep: 3 });
    // Step until the running episode has 5 steps: its last 5 transitions are the last 5 in viewer order.
    for (let inEpisode = 0, episodes = 0; inEpisode < 5;) {
      await trainer.tick();
      inEpisode = trainer.episodes === episodes ? inEpisode + 1 : 0;
      episodes = trainer.episodes;
    }
    const e = await explainLatest(trainer);
    if (!e) throw new Error('no explanation');
    const replay = trainer.replay;
    expect(e.replayIndex).toBe(replay.leafAt(replay.size - 3));
    expect(e.rewards).toEqual([3, 2, 1].map((k) => replay.getTransition(replay.size - k).reward));
    expect(e.terminated || e.truncated).toBe(false);
    expect(e.discount).toBeCloseTo(0.9 ** 3, 6);
    trainer.dispose();
  });
});
