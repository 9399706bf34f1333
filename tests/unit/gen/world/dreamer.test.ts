import { describe, expect, it } from 'vitest';
import { DEFAULT_PIXEL_WORLD_CONFIG } from '../../../../src/gen/world/config.js';
import { STACK_BYTES, STACK_SIZE } from '../../../../src/obs/frame-stack.js';
import { FRAME_SIZE } from '../../../../src/obs/raster.js';
import { dream } from '../../../../src/gen/world/dreamer.js';
import { cellGrid } from '../../../../src/gen/world/cells.js';
import { evaluateWorldModel, recordEpisodes } from '../../../../src/gen/world/evaluate.js';
import { layout } from './helpers.js';
import type { WorldModel, WorldPrediction } from '../../../../src/gen/world/model.js';

/** A stand-in model: the next frame is the newest context frame's first byte + 10 + action, everywhere. */
function fakeModel(seen: Uint8Array[]): WorldModel {
  return {
    name: 'world-pixel', config: DEFAULT_PIXEL_WORLD_CONFIG, steps: 0, paramCount: 0,
    trainStep: async () => ({}),
    predict: async (stacks: Uint8Array, actions: ArrayLike<number>): Promise<WorldPrediction> => {
      seen.push(new Uint8Array(stacks));
      const n = actions.length;
      const frames = new Uint8Array(n * FRAME_SIZE);
      for (let i = 0; i < n; i++) frames.fill(stacks[i * STACK_BYTES + STACK_SIZE - 1] + 10 + actions[i], i * FRAME_SIZE, (i + 1) * FRAME_SIZE);
      return { frames, reward: new Float32Array(n).fill(-1), rewardProbs: new Float32Array(n * DEFAULT_PIXEL_WORLD_CONFIG.rewardValues.length), terminated: new Float32Array(n) };
    },
    save: async () => ({ model: 'world-pixel', steps: 0, tensors: [] }),
    load: () => undefined,
    dispose: () => undefined,
  };
}

describe('dream', () => {
  it('rolls N steps open-loop, each step fed the stack of its own earlier predictions', async () => {
    const seen: Uint8Array[] = [];
    const stacks = new Uint8Array(2 * STACK_BYTES);
    stacks.fill(1, 0, STACK_BYTES); // rollout 0 starts from frames of 1s, rollout 1 from 0s
    const actions = [1, 2, 3, 4, 0, 0, 1, 1]; // [2, 4], item-major
    const d = await dream(fakeModel(seen), stacks, actions, 4);
    expect(seen.length).toBe(4);
    const firstByte = (i: number, k: number): number => d.frames[(i * 4 + k) * FRAME_SIZE];
    expect([0, 1, 2, 3].map((k) => firstByte(0, k))).toEqual([12, 24, 37, 51]);
    expect([0, 1, 2, 3].map((k) => firstByte(1, k))).toEqual([10, 20, 31, 42]);
    // Step 3 saw rollout 0's stack as [1 (start), 12, 24, 37], oldest first.
    expect(Array.from(seen[3].subarray(0, STACK_SIZE))).toEqual([1, 12, 24, 37]);
    expect(d.rewards.length).toBe(8);
    await expect(dream(fakeModel([]), stacks, actions, 3)).rejects.toThrow(/need 6 actions, got 8/);
  });
});

describe('evaluateWorldModel', () => {
  it('scores a model that copies the newest frame exactly as the copy baseline, at 1 step and open-loop', async () => {
    const copyModel: WorldModel = {
      ...fakeModel([]),
      predict: async (stacks: Uint8Array, actions: ArrayLike<number>): Promise<WorldPrediction> => {
        const n = actions.length;
        const frames = new Uint8Array(n * FRAME_SIZE);
        for (let i = 0; i < n * FRAME_SIZE; i++) frames[i] = stacks[STACK_SIZE * i + STACK_SIZE - 1];
        return { frames, reward: new Float32Array(n).fill(-1), rewardProbs: new Float32Array(n * DEFAULT_PIXEL_WORLD_CONFIG.rewardValues.length), terminated: new Float32Array(n) };
      },
    };
    const lay = layout('starter7');
    const episodes = recordEpisodes(lay, { ghosts: 'directional' }, 3, 6);
    const r = await evaluateWorldModel(copyModel, episodes, cellGrid(lay.width, lay.height), { horizons: [1, 3], startStride: 2 });
    expect(r.oneStep.cells).toEqual(r.oneStep.copyBaseline);
    expect(r.rollout[3].cells).toEqual(r.rollout[3].copyBaseline);
    expect(r.oneStep.cells.static).toBe(1);
    expect(r.oneStep.cells.pacman).toBeLessThan(1);
    expect(r.transitions).toBe(episodes.reduce((n, e) => n + e.actions.length, 0));
  });
});
