import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random.js';
import { PacmanEnv } from '../../../../src/env/env.js';
import type { Action } from '../../../../src/env/grid.js';
import { STACK_BYTES } from '../../../../src/obs/frame-stack.js';
import { PixelEnv } from '../../../../src/obs/pixel-env.js';
import { drawFrameFromScratch, FRAME_SIZE } from '../../../../src/obs/raster.js';
import { ReplayMemory } from '../../../../src/rl/replay/replay-memory.js';
import { resolveReplayConfig } from '../../../../src/rl/replay/replay-config.js';
import { PlayDataset, pushFrame, randomPolicy, ReplayTransitionSource } from '../../../../src/gen/world/data.js';
import { episodeStack, recordEpisodes } from '../../../../src/gen/world/evaluate.js';
import { layout } from './helpers.js';

const STARTER = layout('starter7');

/** Byte equality (vitest's deep equality is slow on 28 KB arrays). */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
const ENV = { ghosts: 'directional' } as const;

describe('PlayDataset', () => {
  it('rebuilds exactly the stacks, actions, rewards and next frames that PixelEnv gave, across episode ends', () => {
    const data = PlayDataset.collect(STARTER, ENV, 300, 4);
    const env = new PixelEnv(STARTER, ENV, 4);
    const rng = new RandomStreams(4).get('world/policy');
    env.reset();
    let ends = 0;
    for (let i = 0; i < 300; i++) {
      const b = data.gather([i]);
      expect(same(b.stacks, env.obs)).toBe(true);
      const a = randomPolicy(env.obs, rng);
      const r = env.play(a);
      expect([b.actions[0], b.rewards[0], b.terminated[0]]).toEqual([a, r.reward, r.terminated ? 1 : 0]);
      expect(same(b.nextFrames, env.frame)).toBe(true);
      if (r.terminated || r.truncated) { env.reset(); ends++; }
    }
    expect(ends).toBeGreaterThan(5);
  });

  it('samples are seeded: the same stream gives the same batch', () => {
    const data = PlayDataset.collect(STARTER, ENV, 100, 1);
    const a = data.sample(8, new RandomStreams(2).get('b'));
    const b = data.sample(8, new RandomStreams(2).get('b'));
    expect(same(a.stacks, b.stacks) && same(a.nextFrames, b.nextFrames)).toBe(true);
    expect([a.actions, a.rewards, a.terminated]).toEqual([b.actions, b.rewards, b.terminated]);
    expect(a.stacks.length).toBe(8 * STACK_BYTES);
    expect(() => PlayDataset.collect(STARTER, ENV, 0, 1)).toThrow(/count must be an integer >= 1, got 0/);
  });
});

describe('ReplayTransitionSource', () => {
  it('hands over the replay memory transitions with the next frame taken from the next stack', () => {
    const replay = new ReplayMemory(resolveReplayConfig({ capacity: 200 }), new RandomStreams(1).get('replay'));
    const env = new PixelEnv(STARTER, ENV, 2);
    const rng = new RandomStreams(2).get('p');
    env.reset();
    replay.startEpisode(0, env.frame);
    const stacks: Uint8Array[] = [];
    const frames: Uint8Array[] = [];
    const actions: number[] = [];
    for (let i = 0; i < 60; i++) {
      stacks.push(new Uint8Array(env.obs));
      const a = rng.int(5) as Action;
      actions.push(a);
      const r = env.play(a);
      frames.push(new Uint8Array(env.frame));
      replay.add(0, a, r.reward, env.frame, r.terminated, r.truncated);
      if (r.terminated || r.truncated) { env.reset(); replay.startEpisode(0, env.frame); }
    }
    const source = new ReplayTransitionSource(replay);
    expect(source.size).toBe(60);
    const b = source.sample(20, new RandomStreams(3).get('s'));
    for (let j = 0; j < 20; j++) {
      const stack = b.stacks.subarray(j * STACK_BYTES, (j + 1) * STACK_BYTES);
      const next = b.nextFrames.subarray(j * FRAME_SIZE, (j + 1) * FRAME_SIZE);
      // Episode starts share a stack, so look for the (stack, next frame, action) triple.
      const i = stacks.findIndex((s, k) => same(s, stack) && same(frames[k], next) && actions[k] === b.actions[j]);
      expect(i).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('the real engine as ground truth', () => {
  it('a PacmanEnv reset with the same seed and fed the recorded actions redraws the recorded frames', () => {
    const [ep] = recordEpisodes(STARTER, ENV, 9, 1);
    const env = new PacmanEnv(STARTER, ENV, 9);
    env.reset();
    expect(same(drawFrameFromScratch(env.game), ep.frames[0])).toBe(true);
    ep.actions.forEach((a, t) => {
      const r = env.step(a as Action);
      expect(r.reward).toBe(ep.rewards[t]);
      expect(same(drawFrameFromScratch(env.game), ep.frames[t + 1])).toBe(true);
    });
  });

  it('episodeStack and pushFrame agree with the env frame stack', () => {
    const [ep] = recordEpisodes(STARTER, ENV, 5, 1);
    const stack = new Uint8Array(STACK_BYTES);
    episodeStack(ep, 0, stack);
    for (let t = 1; t < ep.frames.length; t++) {
      const expected = new Uint8Array(STACK_BYTES);
      episodeStack(ep, t, expected);
      expect(same(pushFrame(stack, ep.frames[t], stack), expected)).toBe(true);
    }
  });
});
