/** A milder ghost for training (env.randomGhostEpisodes): per-episode, seeded, never in evaluation. */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { type EnvConfig, PacmanEnv, resolveEnvConfig } from '../../../src/env/env.js';
import type { Action } from '../../../src/env/grid.js';
import { loadLayout } from '../../../src/cli/layouts.js';
import { evaluateStatePolicy, randomStatePolicy } from '../../../src/rl/baselines/evaluate-state.js';

const layout = loadLayout('corridors16', () => undefined);

/** Ghost cells (half-cell units) over `episodes` episodes of seeded random play, and each episode's ghost policy. */
function play(config: Partial<EnvConfig>, episodes: number, seed = 4): { ghosts: number[]; policies: string[] } {
  const env = new PacmanEnv(layout, { maxSteps: 40, ...config }, seed);
  const moves = new RandomStream('moves');
  const ghosts: number[] = [];
  const policies: string[] = [];
  for (let e = 0; e < episodes; e++) {
    env.reset();
    policies.push(env.game.ghostPolicy);
    for (;;) {
      const r = env.play(moves.int(4) as Action);
      ghosts.push(env.game.ghostHX[0], env.game.ghostHY[0]);
      if (r.terminated || r.truncated) break;
    }
  }
  return { ghosts, policies };
}

describe('random ghost episodes', () => {
  it('at 1 the chasing ghost moves exactly as a random one; at 0 it chases, drawing nothing extra', () => {
    const random = play({ ghosts: 'random' }, 5);
    expect(play({ ghosts: 'directional', randomGhostEpisodes: 1 }, 5).ghosts).toEqual(random.ghosts);
    const chasing = play({ ghosts: 'directional' }, 5);
    expect(chasing.ghosts).not.toEqual(random.ghosts);
    expect(play({ ghosts: 'directional', randomGhostEpisodes: 0 }, 5)).toEqual(chasing);
    expect(chasing.policies.every((p) => p === 'directional')).toBe(true);
  });

  it('picks each episode\'s ghost with the given probability, the same for the same seed', () => {
    const { policies } = play({ ghosts: 'directional', randomGhostEpisodes: 0.3 }, 400);
    const share = policies.filter((p) => p === 'random').length / policies.length;
    expect(share).toBeGreaterThan(0.24);
    expect(share).toBeLessThan(0.36);
    expect(play({ ghosts: 'directional', randomGhostEpisodes: 0.3 }, 400)).toEqual(play({ ghosts: 'directional', randomGhostEpisodes: 0.3 }, 400));
    expect(play({ ghosts: 'directional', randomGhostEpisodes: 0.3 }, 400, 5).policies).not.toEqual(policies);
  });

  it('changes nothing when the ghosts are random anyway', () => {
    expect(play({ ghosts: 'random', randomGhostEpisodes: 0.5 }, 5)).toEqual(play({ ghosts: 'random' }, 5));
  });

  it('evaluation always plays the configured ghosts', () => {
    const run = (randomGhostEpisodes: number) => evaluateStatePolicy(layout, { ghosts: 'directional', maxSteps: 100, randomGhostEpisodes }, 6, 20, randomStatePolicy(new RandomStream('p')));
    expect(run(1)).toEqual(run(0));
  });

  it('a bad probability is refused with its name and value', () => {
    expect(() => resolveEnvConfig({ randomGhostEpisodes: 2 })).toThrow(/env\.randomGhostEpisodes.*2/);
    expect(() => resolveEnvConfig({ randomGhostEpisodes: 'some' })).toThrow(/env\.randomGhostEpisodes.*some/);
  });
});
