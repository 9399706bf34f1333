/** Same seed, same run: trajectories, scores and observation bytes. Different seeds differ. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/core/random.js';
import { loadLayout } from '../../../src/cli/layouts.js';
import { makePixelVectorEnv } from '../../../src/obs/pixel-vector-env.js';

function run(seed: number, layoutName: string, steps: number): { digest: string; scores: number[] } {
  const vec = makePixelVectorEnv(loadLayout(layoutName), 4, { ghosts: 'directional' }, seed);
  const policy = new RandomStreams(seed).get('policy');
  const hash = createHash('sha256');
  hash.update(vec.reset());
  const actions = new Uint8Array(4);
  const scores: number[] = [];
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < 4; i++) actions[i] = policy.int(5);
    const s = vec.step(actions);
    hash.update(s.obs);
    hash.update(new Uint8Array(s.rewards.buffer));
    for (const info of s.finalInfos) if (info) scores.push(info.score);
  }
  return { digest: hash.digest('hex'), scores };
}

describe('determinism', () => {
  for (const layout of ['starter7', 'classic28']) {
    it(`${layout}: the same seed gives identical trajectories, scores and observation bytes`, () => {
      const a = run(7, layout, 600);
      const b = run(7, layout, 600);
      expect(a.scores.length).toBeGreaterThan(0);
      expect(b).toEqual(a);
    });
    it(`${layout}: different seeds give different runs`, () => {
      expect(run(7, layout, 600).digest).not.toBe(run(8, layout, 600).digest);
    });
  }
});
