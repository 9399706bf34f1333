/**
 * dqn.stopAction false: the agent chooses among moves only while it has one, when acting
 * (random and greedy picks), in the TD target's max over a' and in what it reports it chose among;
 * Stop stays its only choice where it is walled in, and the game's rules are untouched.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/core/random.js';
import { Action } from '../../../src/env/grid.js';
import { ALL_ACTIONS_MASK } from '../../../src/env/legal.js';
import { parseLayout } from '../../../src/env/layout.js';
import { FRAME_SIZE } from '../../../src/obs/raster.js';
import { choiceMask } from '../../../src/rl/action-pick.js';
import { resolveDqnConfig } from '../../../src/rl/config.js';
import { DqnAgent } from '../../../src/rl/dqn-agent.js';
import { disposeTdDetail } from '../../../src/rl/explain/td-detail.js';
import { DqnTrainer } from '../../../src/rl/trainer.js';
import { registerFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';

beforeAll(async () => {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
});

const bit = (a: Action): number => 1 << a;
const STOP = bit(Action.Stop);
const MOVES = ALL_ACTIONS_MASK & ~STOP;
const STARTER = parseLayout(['%%%%%%%', '%.   G%', '% % % %', '%     %', '% % % %', '%P   .%', '%%%%%%%'].join('\n'), 'starter7');

describe('choiceMask', () => {
  it('keeps Stop unless stopAction is false, and keeps it then only where no move is left', () => {
    const northEastStop = bit(Action.North) | bit(Action.East) | STOP;
    expect(choiceMask(northEastStop, { legalActionsOnly: true })).toBe(northEastStop); // a checkpoint from before the setting
    expect(choiceMask(northEastStop, { legalActionsOnly: true, stopAction: true })).toBe(northEastStop);
    expect(choiceMask(northEastStop, { legalActionsOnly: true, stopAction: false })).toBe(bit(Action.North) | bit(Action.East));
    expect(choiceMask(STOP, { legalActionsOnly: true, stopAction: false })).toBe(STOP); // walled in
    expect(choiceMask(northEastStop, { legalActionsOnly: false, stopAction: true })).toBe(ALL_ACTIONS_MASK);
    expect(choiceMask(northEastStop, { legalActionsOnly: false, stopAction: false })).toBe(MOVES);
  });

  it('is checked as a boolean by name', () => {
    expect(resolveDqnConfig({}).stopAction).toBe(true);
    expect(() => resolveDqnConfig({ stopAction: 'no' })).toThrow(/dqn\.stopAction.*"no"/);
  });
});

describe('an agent without Stop', () => {
  it('never picks Stop while it has a move, at random or greedily, and says what it chose among', async () => {
    const agent = new DqnAgent(5, resolveDqnConfig({ legalActionsOnly: true, stopAction: false }), new RandomStreams(3).get('weights'));
    const n = 32;
    const obs = new Uint8Array(n * FRAME_SIZE * 4);
    for (let i = 0; i < obs.length; i++) obs[i] = (i * 7919) % 251;
    const legal = new Uint8Array(n).map((_, i) => (i % 4 === 3 ? STOP : bit(Action.North) | bit(Action.West) | STOP));
    for (const epsilon of [1, 0]) {
      const { actions, choices } = await agent.act(obs, n, epsilon, new RandomStreams(4).get('x'), legal);
      for (let i = 0; i < n; i++) {
        expect(actions[i], `env ${i}, epsilon ${epsilon}`).toBe(i % 4 === 3 ? Action.Stop : actions[i] === Action.West ? Action.West : Action.North);
        expect(choices[i]).toBe(i % 4 === 3 ? STOP : bit(Action.North) | bit(Action.West));
      }
    }
    // Without a game to ask (a dreamed frame): the four moves.
    const dreamed = await agent.act(obs, n, 1, new RandomStreams(5).get('x'));
    expect(new Set(dreamed.actions)).toEqual(new Set([Action.North, Action.South, Action.East, Action.West]));
    expect(dreamed.choices.every((m) => m === MOVES)).toBe(true);
    agent.dispose();
  });

  it('a trainer without Stop moves every step and its TD target never bootstraps from Stop', async () => {
    const trainer = new DqnTrainer({
      layout: STARTER, env: { ghosts: 'random' }, seed: 2,
      dqn: { numEnvs: 4, replayCapacity: 256, learningStarts: 32, batchSize: 16, trainEvery: 8, legalActionsOnly: true, stopAction: false },
    });
    for (let t = 0; t < 24; t++) {
      await trainer.tick();
      const act = trainer.lastAct;
      if (!act) throw new Error('no action taken');
      for (let i = 0; i < 4; i++) expect(act.actions[i], `env ${i} step ${t}`).not.toBe(Action.Stop);
    }
    expect(trainer.updates).toBeGreaterThan(0);
    const batch = trainer.replay.sample(16, 1, 0.9);
    // The replay keeps the game's legal masks (Stop's bit set); the target drops Stop itself.
    expect(Array.from(batch.nextLegal).every((m) => (m & STOP) !== 0)).toBe(true);
    const detail = trainer.agent.tdDetail(batch);
    const actions = await detail.bootstrapAction.data();
    for (let i = 0; i < 16; i++) {
      expect(actions[i], `row ${i}`).not.toBe(Action.Stop);
      expect((batch.nextLegal[i] >> actions[i]) & 1, `row ${i}`).toBe(1);
    }
    disposeTdDetail(detail);
    trainer.dispose();
  });
});
