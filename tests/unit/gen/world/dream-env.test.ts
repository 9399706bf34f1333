/**
 * The dream as training envs (DreamVectorEnv): real starts, the model's frames pushed onto each
 * stack, its rewards and endings (by the rules' rewards, or by the termination head), the step limit,
 * VectorEnv's auto-reset contract; and a seeded DQN run that learns only from a world model's
 * dream, through the trainer's `envs` option.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Action } from '../../../../src/env/grid.js';
import { DreamVectorEnv, endingOfReward, sampleEnding } from '../../../../src/gen/world/dream-env.js';
import { newestFrame } from '../../../../src/gen/world/live-dream.js';
import { createWorldModel, type WorldModel, type WorldPrediction } from '../../../../src/gen/world/model.js';
import { STACK_BYTES } from '../../../../src/obs/frame-stack.js';
import { PixelEnv } from '../../../../src/obs/pixel-env.js';
import { FRAME_SIZE } from '../../../../src/obs/raster.js';
import { DqnTrainer } from '../../../../src/rl/trainer.js';
import { layout, useCpu } from './helpers.js';

beforeAll(useCpu);

/**
 * A stand-in model: the next frame is the newest one unchanged (Pac-Man stays where the start
 * draws him); North ends the episode with -501, West with +499, other moves give -1 and go on;
 * Stop gives -1 with the termination head sure the episode ended (an ending no real game has).
 * Its reward head (classes -501, -1, 499): sure of North's and West's; East is a 40% catch (the
 * likeliest reward still -1); South and Stop are sure of -1.
 */
const STAND_IN_REWARDS = [-501, -1, 499];
const STAND_IN_PROBS: Record<number, number[]> = { [Action.North]: [1, 0, 0], [Action.West]: [0, 0, 1], [Action.East]: [0.4, 0.6, 0] };

function standIn(): WorldModel & { calls: number } {
  const model = {
    calls: 0,
    config: { rewardValues: STAND_IN_REWARDS },
    async predict(stacks: Uint8Array, actions: ArrayLike<number>): Promise<WorldPrediction> {
      model.calls++;
      const n = actions.length;
      const frames = new Uint8Array(n * FRAME_SIZE);
      for (let i = 0; i < n; i++) frames.set(newestFrame(stacks.subarray(i * STACK_BYTES, (i + 1) * STACK_BYTES)), i * FRAME_SIZE);
      const reward = Float32Array.from(actions, (a) => (a === Action.North ? -501 : a === Action.West ? 499 : -1));
      const terminated = Float32Array.from(actions, (a) => (a === Action.North || a === Action.West || a === Action.Stop ? 0.9 : 0.1));
      const rewardProbs = new Float32Array(Array.from(actions, (a) => STAND_IN_PROBS[a] ?? [0, 1, 0]).flat());
      return { frames, reward, rewardProbs, terminated };
    },
  };
  return model as unknown as WorldModel & { calls: number };
}

describe('DreamVectorEnv', () => {
  it('starts from the real game, steps on the model\'s frames, rewards and endings, and resets as VectorEnv does', async () => {
    const maze = layout('starter7');
    const model = standIn();
    const env = new DreamVectorEnv({ model, layout: maze, env: { ghosts: 'directional', maxSteps: 3 }, numEnvs: 3, seed: 1 });
    const real = new PixelEnv(maze, { ghosts: 'directional', maxSteps: 3 }, 1, 'dream-starts/0');
    real.reset();
    const start = new Uint8Array(real.obs);
    expect(Buffer.from(env.obs.subarray(0, STACK_BYTES)).equals(Buffer.from(start))).toBe(true);
    expect(Array.from(env.legal)).toEqual([real.legalActionMask(), real.legalActionMask(), real.legalActionMask()]);
    expect(Buffer.from(env.frame(2)).equals(Buffer.from(real.frame))).toBe(true);

    // env 0 goes on, env 1 dies, env 2 wins
    let step = await env.step([Action.East, Action.North, Action.West]);
    expect(model.calls).toBe(1);
    expect(Array.from(step.rewards)).toEqual([-1, -501, 499]);
    expect(Array.from(step.terminated)).toEqual([0, 1, 1]);
    expect(Array.from(step.truncated)).toEqual([0, 0, 0]);
    expect(step.finalInfos[0]).toBeNull();
    expect(step.finalInfos[1]).toMatchObject({ score: -501, steps: 1, won: false, lost: true, foodEaten: 0 });
    expect(step.finalInfos[2]).toMatchObject({ score: 499, steps: 1, won: true, lost: false, foodLeft: 2 }); // the 2 pellets the start draws
    expect(step.finalLegal[1]).toBe(real.legalActionMask()); // read from the final (dreamed) frame: Pac-Man did not move
    // the ended envs start again from the real start; the final stacks are kept
    expect(Buffer.from(env.obs.subarray(STACK_BYTES, 2 * STACK_BYTES)).equals(Buffer.from(start))).toBe(true);
    for (const p of [0, 3000, FRAME_SIZE - 1]) expect(step.finalObs[STACK_BYTES + 4 * p + 3]).toBe(real.frame[p]);

    // env 0 reaches the step limit of 3: cut, not ended
    step = await env.step([Action.East, Action.South, Action.South]);
    step = await env.step([Action.East, Action.South, Action.South]);
    expect(Array.from(step.truncated)).toEqual([1, 0, 0]);
    expect(Array.from(step.terminated)).toEqual([0, 0, 0]);
    expect(step.finalInfos[0]).toMatchObject({ score: -3, steps: 3, won: false, lost: false });
    expect(env.stepsTaken).toBe(9);
    // Stop: the termination head fires beside an ordinary reward; the rules' endings go on, the head's end (lost)
    step = await env.step([Action.Stop, Action.East, Action.East]);
    expect(Array.from(step.terminated)).toEqual([0, 0, 0]);
    const byHead = new DreamVectorEnv({ model, layout: maze, env: { maxSteps: 3 }, numEnvs: 1, seed: 1, endings: 'head' });
    step = await byHead.step([Action.Stop]);
    expect(step.finalInfos[0]).toMatchObject({ score: -1, won: false, lost: true });
    expect([endingOfReward(-1), endingOfReward(409), endingOfReward(-91), endingOfReward(-501), endingOfReward(509), endingOfReward(499)]).toEqual([null, null, 'lost', 'lost', 'won', 'won']);
    await expect(env.step([0])).rejects.toThrow(/a dream step needs one action per env \(3\), got 1/);
    expect(() => new DreamVectorEnv({ model, layout: maze, env: {}, numEnvs: 1, seed: 1, terminateAt: 0 })).toThrow(/terminateAt must be in \(0, 1\], got 0/);
  });

  it('sampled endings draw catches as often as the reward head gives them, from a seeded stream', async () => {
    const maze = layout('starter7');
    const model = standIn();
    const draw = async (endings: 'reward' | 'sampled') => {
      const env = new DreamVectorEnv({ model, layout: maze, env: { maxSteps: 1000 }, numEnvs: 4, seed: 3, endings });
      const rewards: number[] = [];
      let caught = 0;
      for (let t = 0; t < 100; t++) {
        const step = await env.step([Action.East, Action.East, Action.East, Action.East]);
        for (let i = 0; i < 4; i++) {
          rewards.push(step.rewards[i]);
          if (step.terminated[i]) {
            caught++;
            expect(step.finalInfos[i]).toMatchObject({ lost: true, won: false });
          }
        }
      }
      return { rewards, caught };
    };
    // The likeliest reward (-1) never ends a step; drawn, 40% of the 400 steps are catches at -501.
    expect((await draw('reward')).caught).toBe(0);
    const sampled = await draw('sampled');
    expect(sampled.caught).toBeGreaterThan(130);
    expect(sampled.caught).toBeLessThan(190);
    expect(new Set(sampled.rewards)).toEqual(new Set([-501, -1]));
    expect(sampled.rewards.filter((r) => r === -501).length).toBe(sampled.caught);
    expect(await draw('sampled')).toEqual(sampled); // the same seed draws the same endings
    // Sure outcomes stay sure.
    const sure = new DreamVectorEnv({ model, layout: maze, env: {}, numEnvs: 3, seed: 3, endings: 'sampled' });
    const step = await sure.step([Action.North, Action.West, Action.South]);
    expect(Array.from(step.rewards)).toEqual([-501, 499, -1]);
    expect(Array.from(step.terminated)).toEqual([1, 1, 0]);
    expect(() => new DreamVectorEnv({ model, layout: maze, env: {}, numEnvs: 1, seed: 1, endings: 'coin' as 'reward' })).toThrow(/endings must be one of reward, sampled, head, got coin/);
  });

  it('sampleEnding: the drawn kind\'s likeliest reward', () => {
    const values = [-501, -491, -1, 9, 499];
    const probs = new Float32Array([0.1, 0.2, 0.3, 0.35, 0.05]);
    expect(sampleEnding(values, probs, 0, 0.05)).toEqual({ ending: 'lost', reward: -491 }); // x < 0.3: lost; -491 the likelier loss
    expect(sampleEnding(values, probs, 0, 0.31)).toEqual({ ending: 'won', reward: 499 });
    expect(sampleEnding(values, probs, 0, 0.5)).toEqual({ ending: null, reward: 9 });
    const offset = new Float32Array([9, 9, 9, 9, 9, ...probs]);
    expect(sampleEnding(values, offset, 5, 0.5)).toEqual({ ending: null, reward: 9 });
  });

  it('a seeded DQN run learns from a world model\'s dream alone, the same twice', async () => {
    const maze = layout('starter7');
    const run = async () => {
      const world = createWorldModel('world-pixel', { channels: [4, 8], pixelHidden: 4, batchSize: 4, keepGhosts: true }, 2);
      const envs = new DreamVectorEnv({ model: world, layout: maze, env: { ghosts: 'directional', maxSteps: 10 }, numEnvs: 2, seed: 5 });
      const trainer = new DqnTrainer({
        layout: maze, env: { ghosts: 'directional' }, seed: 5, envs,
        dqn: { net: 'small', numEnvs: 2, learningStarts: 8, batchSize: 4, replayCapacity: 100, reportEvery: 1 },
      });
      const before = tf.memory().numTensors;
      for (let t = 0; t < 8; t++) await trainer.tick();
      const out = { updates: trainer.updates, envSteps: trainer.envSteps, steps: envs.stepsTaken, loss: trainer.lastReport?.loss, tensors: tf.memory().numTensors - before };
      trainer.dispose();
      world.dispose();
      return out;
    };
    const a = await run();
    expect(a.envSteps).toBe(16);
    expect(a.steps).toBe(16); // every env step was the dream's
    expect(a.updates).toBeGreaterThan(0);
    expect(Number.isFinite(a.loss)).toBe(true);
    expect(await run()).toEqual(a);
  }, 60_000);
});
