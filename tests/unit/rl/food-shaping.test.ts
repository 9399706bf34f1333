/**
 * dqn.foodShaping: the stored rewards gain k * (d - gamma * d'), with d the maze distance to the
 * nearest food and d' = 0 at an episode's end, so along any episode the discounted shaping terms
 * sum to k * d(start); the game's scores do not change.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Action } from '../../../src/env/grid.js';
import { resolveDqnConfig, untransformReward } from '../../../src/rl/config.js';
import { FoodShaping } from '../../../src/rl/food-shaping.js';
import type { EpisodeRow } from '../../../src/rl/metrics.js';
import { DqnTrainer, type TrainingEnvs } from '../../../src/rl/trainer.js';
import { registerFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';
import { envOf } from '../env/helpers.js';
import { STARTER, tinyTrainer } from './tiny-trainer.js';

beforeAll(async () => {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
});

/** Runs `ticks` steps before any learning; returns env 0's stored rewards per episode and every finished episode. */
async function storedRewards(extra: Record<string, unknown>, ticks: number) {
  const trainer = tinyTrainer({ learningStarts: 10_000, ...extra });
  const perEpisode: number[][] = [[]];
  const episodes: EpisodeRow[] = [];
  const add = trainer.replay.add.bind(trainer.replay);
  trainer.replay.add = (stream, action, reward, nextFrame, terminated, truncated, nextLegal) => {
    if (stream === 0) {
      perEpisode[perEpisode.length - 1].push(reward);
      if (terminated || truncated) perEpisode.push([]);
    }
    add(stream, action, reward, nextFrame, terminated, truncated, nextLegal);
  };
  trainer.listeners.onEpisode = (row) => episodes.push(row);
  for (let t = 0; t < ticks; t++) await trainer.tick();
  trainer.dispose();
  return { perEpisode: perEpisode.slice(0, -1), episodes };
}

describe('FoodShaping', () => {
  it('adds k * (d - gamma * d\') per step, and k * d on the step that ends the episode', () => {
    const env = envOf(['%%%%%%%', '%P%.  %', '% %%% %', '%     %', '%%%%%%%']);
    const shaping = new FoodShaping([env.game]);
    env.step(Action.South); // 10 moves from the food -> 9
    expect(shaping.shape(0, false, 2, 0.9)).toBeCloseTo(2 * (10 - 0.9 * 9), 12);
    env.step(Action.North); // back: 9 -> 10
    expect(shaping.shape(0, false, 2, 0.9)).toBeCloseTo(2 * (9 - 0.9 * 10), 12);
    env.step(Action.South);
    expect(shaping.shape(0, true, 2, 0.9)).toBeCloseTo(2 * 10, 12); // the episode ended: Phi(s') = 0
    expect(shaping.shape(0, false, 2, 0.9)).toBeCloseTo(2 * (9 - 0.9 * 9), 12); // re-read after the end: the game is still 9 away
  });
});

describe('dqn.foodShaping in the trainer', () => {
  const k = 2.5;
  const gamma = 0.99;
  const scale = 0.01;
  /** Both foods of the starter maze are 4 moves from Pac-Man's start. */
  const startDistance = 4;

  it('shapes only the stored rewards: the discounted terms of every episode sum to k * d(start), and the scores stay the game\'s', async () => {
    const plain = await storedRewards({}, 120);
    const shaped = await storedRewards({ foodShaping: k }, 120);
    expect(shaped.episodes).toEqual(plain.episodes); // same actions before learning, same games and scores
    expect(plain.perEpisode.length).toBeGreaterThanOrEqual(2);
    shaped.perEpisode.forEach((rewards, e) => {
      let discounted = 0;
      rewards.forEach((r, t) => (discounted += gamma ** t * (r - plain.perEpisode[e][t]) / scale));
      expect(discounted).toBeCloseTo(k * startDistance, 6);
    });
    // Steps do differ one by one: the shaping is not a constant that cancels.
    const deltas = new Set(shaped.perEpisode[0].map((r, t) => Math.round((r - plain.perEpisode[0][t]) / scale * 1e6)));
    expect(deltas.size).toBeGreaterThan(1);
  });

  it('refuses stand-in envs without a game, and world models refuse its rewards', () => {
    const dream = { numEnvs: 2 } as unknown as TrainingEnvs;
    expect(() => new DqnTrainer({ layout: STARTER, seed: 1, dqn: { net: 'small', numEnvs: 2, foodShaping: 1 }, envs: dream }))
      .toThrow(/dqn\.foodShaping 1 measures the distance to food in the game, but these envs are a stand-in/);
    expect(untransformReward(resolveDqnConfig({ foodShaping: 1 }), 0.1)).toBeNull();
    expect(() => resolveDqnConfig({ foodShaping: -1 })).toThrow(/dqn\.foodShaping/);
  });
});
