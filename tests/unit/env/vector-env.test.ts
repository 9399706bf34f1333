import { describe, expect, it } from 'vitest';
import { Action } from '../../../src/env/grid.js';
import { parseLayout } from '../../../src/env/layout.js';
import { STACK_BYTES } from '../../../src/obs/frame-stack.js';
import { makePixelVectorEnv } from '../../../src/obs/pixel-vector-env.js';

const CORRIDOR = parseLayout(['%%%%%', '%P..%', '%%%%%'].join('\n'));

describe('vector env', () => {
  it('steps N envs into one [N, 84, 84, 4] buffer and auto-resets ended ones', () => {
    const vec = makePixelVectorEnv(CORRIDOR, 3, { maxSteps: 50 });
    const obs = vec.reset();
    expect(obs.length).toBe(3 * STACK_BYTES);
    const first = obs.slice(0, STACK_BYTES);
    // env 0 and 1 walk East twice (win), env 2 stands still.
    vec.step([Action.East, Action.East, Action.Stop]);
    const s = vec.step([Action.East, Action.East, Action.Stop]);
    expect(Array.from(s.terminated)).toEqual([1, 1, 0]);
    expect(s.finalInfos[0]).toMatchObject({ won: true, score: 518 });
    expect(s.finalInfos[2]).toBeNull();
    // Ended envs already show their next episode's first observation...
    expect(s.obs.slice(0, STACK_BYTES)).toEqual(first);
    // ...and their final observation is kept apart.
    expect(s.finalObs.slice(0, STACK_BYTES)).not.toEqual(first);
    expect(Array.from(s.rewards)).toEqual([509, 509, -1]);
  });

  it('refuses a wrong number of actions', () => {
    const vec = makePixelVectorEnv(CORRIDOR, 2);
    vec.reset();
    expect(() => vec.step([Action.East])).toThrow(/one action per env \(2\), got 1/);
  });
});
