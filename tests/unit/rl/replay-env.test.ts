/**
 * The replay memory fed from a real pixel vector env, as the trainer feeds it: every stored
 * transition's rebuilt stacks must equal the env's own frame stacks (obs/frame-stack.ts) at
 * that step, byte for byte, so the network sees the same input from replay as when acting.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/core/random.js';
import { NUM_ACTIONS } from '../../../src/env/grid.js';
import { parseLayout } from '../../../src/env/layout.js';
import { STACK_BYTES } from '../../../src/obs/frame-stack.js';
import { makePixelVectorEnv } from '../../../src/obs/pixel-vector-env.js';
import { FRAME_SIZE } from '../../../src/obs/raster.js';
import { ReplayMemory, resolveReplayConfig } from '../../../src/rl/replay/replay-memory.js';

const MAZE = parseLayout(['%%%%%%%%%%%', '%P.......G%', '%.%%%%%%%.%', '%....o....%', '%%%%%%%%%%%'].join('\n'), 'test.lay');

/** The newest frame of stack `i` of `obs` (what the trainer stores). */
function newest(obs: Uint8Array, i: number): Uint8Array {
  const f = new Uint8Array(FRAME_SIZE);
  for (let p = 0; p < FRAME_SIZE; p++) f[p] = obs[i * STACK_BYTES + 4 * p + 3];
  return f;
}

describe('replay fed by a pixel vector env', () => {
  it('rebuilds exactly the stacks the env showed the agent', () => {
    const n = 3;
    const vec = makePixelVectorEnv(MAZE, n, { maxSteps: 6 }, 5);
    const replay = new ReplayMemory(resolveReplayConfig({ capacity: 3 * 150, numStreams: n }), new RandomStreams(5).get('replay'));
    const actions = new RandomStreams(5).get('exploration');
    vec.reset();
    for (let i = 0; i < n; i++) replay.startEpisode(i, vec.envs[i].frame);
    const seen: { state: Uint8Array; next: Uint8Array; terminated: boolean; truncated: boolean }[][] = [[], [], []];
    for (let tick = 0; tick < 60; tick++) {
      const before = vec.obs.slice();
      const step = vec.step(Array.from({ length: n }, () => actions.int(NUM_ACTIONS)));
      for (let i = 0; i < n; i++) {
        const terminated = step.terminated[i] === 1;
        const truncated = step.truncated[i] === 1;
        const after = terminated || truncated ? step.finalObs : step.obs;
        replay.add(i, 0, step.rewards[i], newest(after, i), terminated, truncated);
        seen[i].push({ state: before.slice(i * STACK_BYTES, (i + 1) * STACK_BYTES), next: after.slice(i * STACK_BYTES, (i + 1) * STACK_BYTES), terminated, truncated });
        if (terminated || truncated) replay.startEpisode(i, vec.envs[i].frame);
      }
    }
    const all = seen.flat();
    expect([all.filter((s) => s.terminated).length > 0, all.filter((s) => s.truncated).length > 0, all.length]).toEqual([true, true, 180]);
    expect(replay.size).toBe(all.length);
    all.forEach((want, k) => {
      const got = replay.getTransition(k);
      expect(Buffer.from(got.state).equals(Buffer.from(want.state)), `state ${k}`).toBe(true);
      expect(Buffer.from(got.nextState).equals(Buffer.from(want.next)), `next state ${k}`).toBe(true);
      expect([got.terminated, got.truncated]).toEqual([want.terminated, want.truncated]);
    });
  });
});
