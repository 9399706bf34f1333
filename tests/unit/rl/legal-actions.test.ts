/**
 * Legal-action masking (dqn.legalActionsOnly): the masks the env reports, what the replay keeps
 * of them, the TD target's max over legal actions only, and acting among legal actions.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/core/random.js';
import { Action } from '../../../src/env/grid.js';
import { ALL_ACTIONS_MASK, legalActionMask } from '../../../src/env/legal.js';
import { parseLayout } from '../../../src/env/layout.js';
import { makePixelVectorEnv } from '../../../src/obs/pixel-vector-env.js';
import { FRAME_SIZE } from '../../../src/obs/raster.js';
import { resolveDqnConfig } from '../../../src/rl/config.js';
import { DqnAgent } from '../../../src/rl/dqn-agent.js';
import { ReplayMemory, resolveReplayConfig } from '../../../src/rl/replay/replay-memory.js';
import { bootstrapValue, legalMaskTensor } from '../../../src/rl/td.js';
import { DqnTrainer } from '../../../src/rl/trainer.js';
import { disposeTdDetail } from '../../../src/rl/explain/td-detail.js';
import { registerFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';

beforeAll(async () => {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
});

// Pac-Man in the bottom-left corner: North and East are open, South and West are walls.
const STARTER = parseLayout(['%%%%%%%', '%.   G%', '% % % %', '%     %', '% % % %', '%P   .%', '%%%%%%%'].join('\n'), 'starter7');
const bit = (a: Action): number => 1 << a;

describe('legal actions', () => {
  it('the env reports moves that do not run into a wall, and Stop', () => {
    const vec = makePixelVectorEnv(STARTER, 2, { ghosts: 'random' }, 1);
    vec.reset();
    const corner = bit(Action.North) | bit(Action.East) | bit(Action.Stop);
    expect(legalActionMask(vec.envs[0].game)).toBe(corner);
    expect(Array.from(vec.legal)).toEqual([corner, corner]);
    // One step East: (2, 5) has walls above and below, so only East, West and Stop remain.
    const step = vec.step([Action.East, Action.South]);
    expect(step.legal[0]).toBe(bit(Action.East) | bit(Action.West) | bit(Action.Stop));
    expect(step.legal[1]).toBe(corner); // South ran into the wall: nothing moved
  });

  it('the replay memory hands out the legal mask of each next state', () => {
    const m = new ReplayMemory(resolveReplayConfig({ capacity: 16, numStreams: 1, stackSize: 1 }), new RandomStreams(1).get('replay'));
    const f = (v: number): Uint8Array => new Uint8Array(FRAME_SIZE).fill(v);
    m.startEpisode(0, f(0), 0b10001);
    m.add(0, 0, 0, f(1), false, false, 0b10011);
    m.add(0, 1, 0, f(2), true, false, 0b11111);
    const batch = m.sample(2, 1, 0.9);
    for (let i = 0; i < 2; i++) {
      const from = batch.states[i * FRAME_SIZE];
      expect(batch.nextLegal[i]).toBe(from === 0 ? 0b10011 : 0b11111);
    }
    expect(() => m.startEpisode(0, f(3), 32)).toThrow(/legal-action mask must be an integer in \[1, 31\].*got 32/);
    m.startEpisode(0, f(3));
    expect(() => m.add(0, 0, 0, f(4), false, false, 0)).toThrow(/legal-action mask must be an integer in \[1, 31\].*got 0/);
  });

  it('the TD target bootstraps from the best legal action only (plain and Double DQN)', async () => {
    const qNext = tf.tensor2d([[9, 1, 2, 3, 0]]);
    const legal = legalMaskTensor(Uint8Array.of(bit(Action.South) | bit(Action.East) | bit(Action.Stop)), 1, 5);
    expect(Array.from(await legal.data())).toEqual([0, 1, 1, 0, 1]);
    expect(Array.from(await bootstrapValue(qNext, null).data())).toEqual([9]);
    expect(Array.from(await bootstrapValue(qNext, null, legal).data())).toEqual([2]);
    // Double: the online net's best legal action (South, 5) is rated by the target net (1).
    const qOnline = tf.tensor2d([[7, 5, 4, 8, 0]]);
    expect(Array.from(await bootstrapValue(qNext, qOnline, legal).data())).toEqual([1]);
  });

  it('acting picks legal actions only, randomly and greedily, with the option on; all actions without it', async () => {
    const config = resolveDqnConfig({ legalActionsOnly: true });
    const agent = new DqnAgent(5, config, new RandomStreams(3).get('weights'));
    const n = 32;
    const obs = new Uint8Array(n * FRAME_SIZE * 4);
    for (let i = 0; i < obs.length; i++) obs[i] = (i * 7919) % 251;
    const legal = new Uint8Array(n).fill(bit(Action.North) | bit(Action.Stop));
    for (const epsilon of [1, 0]) {
      const { actions } = await agent.act(obs, n, epsilon, new RandomStreams(4).get('x'), legal);
      expect(new Set(actions).size).toBeGreaterThan(0);
      for (const a of actions) expect([Action.North, Action.Stop]).toContain(a);
    }
    const random = await agent.act(obs, n, 1, new RandomStreams(4).get('x'), legal);
    expect(new Set(random.actions)).toEqual(new Set([Action.North, Action.Stop]));
    agent.setConfig(resolveDqnConfig({ legalActionsOnly: false }));
    const free = await agent.act(obs, n, 1, new RandomStreams(4).get('x'), legal);
    expect(new Set(free.actions).size).toBe(5);
    expect(free.choices.every((m) => m === ALL_ACTIONS_MASK)).toBe(true);
    agent.dispose();
  });

  it('a trainer with the option never takes an illegal action and stores the masks', async () => {
    const trainer = new DqnTrainer({
      layout: STARTER, env: { ghosts: 'random' }, seed: 2,
      dqn: { numEnvs: 4, replayCapacity: 256, learningStarts: 32, batchSize: 4, trainEvery: 8, legalActionsOnly: true },
    });
    for (let t = 0; t < 16; t++) {
      const before = Uint8Array.from(trainer.vec.legal);
      await trainer.tick();
      const act = trainer.lastAct;
      if (!act) throw new Error('no action taken');
      for (let i = 0; i < 4; i++) expect((before[i] >> act.actions[i]) & 1, `env ${i} step ${t}`).toBe(1);
      // What the Q-value bars are told the choice was among: the state's legal moves.
      expect(Array.from(act.choices)).toEqual(Array.from(before));
    }
    expect(trainer.updates).toBeGreaterThan(0);
    const batch = trainer.replay.sample(16, 1, 0.9);
    const masks = Array.from(batch.nextLegal);
    expect(masks.every((m) => m >= 1 && m <= ALL_ACTIONS_MASK && (m & bit(Action.Stop)) !== 0)).toBe(true);
    expect(masks.some((m) => m !== ALL_ACTIONS_MASK)).toBe(true);
    // The explanation's numbers come from the same masked target: a* is legal, y = R + d Q_target(s', a*).
    const detail = trainer.agent.tdDetail(batch);
    const [actions, target, bootstrap] = await Promise.all([detail.bootstrapAction.data(), detail.target.data(), detail.bootstrap.data()]);
    for (let i = 0; i < 16; i++) {
      expect((masks[i] >> actions[i]) & 1, `row ${i}`).toBe(1);
      expect(target[i]).toBeCloseTo(batch.returns[i] + batch.discounts[i] * bootstrap[i], 5);
    }
    disposeTdDetail(detail);
    trainer.dispose();
  });
});
