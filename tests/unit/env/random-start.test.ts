/** Exploring starts (env.randomStarts): valid boards, seeded, never in evaluation. */
import { describe, expect, it } from 'vitest';
import { RandomStream, RandomStreams } from '../../../src/core/random.js';
import { evaluationEnvConfig, PacmanEnv, resolveEnvConfig } from '../../../src/env/env.js';
import type { Action } from '../../../src/env/grid.js';
import { parseLayout } from '../../../src/env/layout.js';
import { RANDOM_START_GHOST_DISTANCE, RandomStarts } from '../../../src/env/random-start.js';
import { FOOD_REWARD, LOSE_PENALTY, SCARED_GHOST_REWARD, WIN_REWARD } from '../../../src/env/rules.js';
import { loadLayout } from '../../../src/cli/layouts.js';
import { evaluateStatePolicy, randomStatePolicy } from '../../../src/rl/baselines/evaluate-state.js';

const count = (a: Uint8Array): number => a.reduce((s, v) => s + v, 0);

describe('random starts', () => {
  it('a random board is a valid one: Pac-Man on an open cell away from the ghosts, counters match the board', () => {
    const layout = loadLayout('capsule13', () => undefined);
    const env = new PacmanEnv(layout, { ghosts: 'directional', randomStarts: 1 }, 5);
    const g = env.game;
    const cells = new Set<number>();
    const foodLeft: number[] = [];
    let capsuleBoards = 0;
    for (let episode = 0; episode < 300; episode++) {
      env.reset();
      const pac = g.pacY * g.width + g.pacX;
      cells.add(pac);
      expect(layout.walls[pac], `episode ${episode}: Pac-Man on a wall`).toBe(0);
      for (const ghost of layout.ghostStarts) {
        const d = Math.abs((ghost % g.width) - g.pacX) + Math.abs(((ghost / g.width) | 0) - g.pacY);
        expect(d).toBeGreaterThanOrEqual(RANDOM_START_GHOST_DISTANCE);
      }
      expect(g.food[pac] + g.capsules[pac], 'nothing left under Pac-Man').toBe(0);
      expect(g.foodLeft).toBe(count(g.food));
      expect(g.foodLeft).toBeGreaterThanOrEqual(1);
      expect(g.capsulesLeft).toBe(count(g.capsules));
      for (let c = 0; c < g.food.length; c++) {
        if (g.food[c]) expect(layout.food[c], `food only where the layout has food (cell ${c})`).toBe(1);
      }
      if (g.capsulesLeft > 0) capsuleBoards++;
      expect([g.score, g.steps, g.foodEaten, g.won, g.lost]).toEqual([0, 0, 0, false, false]);
      foodLeft.push(g.foodLeft);
    }
    expect(cells.size).toBeGreaterThan(30);
    expect(Math.min(...foodLeft)).toBeLessThan(layout.foodCount * 0.1);
    expect(Math.max(...foodLeft)).toBeGreaterThan(layout.foodCount * 0.9);
    expect(capsuleBoards).toBeGreaterThan(30);
    expect(capsuleBoards).toBeLessThan(300);
  });

  it('episodes from random starts play by the rules: score = its parts, and eating the last pellet wins', () => {
    const env = new PacmanEnv(loadLayout('corridors16', () => undefined), { ghosts: 'random', maxSteps: 200, randomStarts: 1 }, 3);
    const policy = new RandomStreams(3).get('policy');
    const g = env.game;
    for (let episode = 0; episode < 100; episode++) {
      env.reset();
      const startFood = g.foodLeft;
      let ended = false;
      while (!ended) {
        const r = env.play(policy.int(5) as Action);
        ended = r.terminated || r.truncated;
      }
      expect(g.foodLeft).toBe(startFood - g.foodEaten);
      const parts = FOOD_REWARD * g.foodEaten + SCARED_GHOST_REWARD * g.ghostsEaten + (g.won ? WIN_REWARD : 0) - (g.lost ? LOSE_PENALTY : 0) - g.steps;
      expect(g.score).toBe(parts);
    }
    // A ghostless corridor: sweeping east then west eats whatever a random start left, and wins.
    const corridor = new PacmanEnv(parseLayout(['%%%%%%%%', '%P.....%', '%%%%%%%%'].join('\n'), 'corridor.lay'), { randomStarts: 1 }, 8);
    const eastThenWest = [...Array<Action>(6).fill(2 as Action), ...Array<Action>(6).fill(3 as Action)];
    for (let episode = 0; episode < 20; episode++) {
      corridor.reset();
      const food = corridor.game.foodLeft;
      for (const action of eastThenWest) if (corridor.play(action).terminated) break;
      expect(corridor.game.won, `episode ${episode}`).toBe(true);
      expect(corridor.game.score).toBe(FOOD_REWARD * food + WIN_REWARD - corridor.game.steps);
    }
  });

  it('the probability is honoured, and the same seed gives the same starts', () => {
    const starts = (seed: number): number[] => {
      const env = new PacmanEnv(loadLayout('corridors16', () => undefined), { randomStarts: 0.5 }, seed);
      const layoutStart = env.layout.pacmanStart;
      return Array.from({ length: 400 }, () => {
        env.reset();
        const pac = env.game.pacY * env.game.width + env.game.pacX;
        return pac === layoutStart && env.game.foodLeft === env.layout.foodCount ? -1 : pac * 1000 + env.game.foodLeft;
      });
    };
    const a = starts(9);
    const share = a.filter((s) => s >= 0).length / a.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    expect(starts(9)).toEqual(a);
    expect(starts(10)).not.toEqual(a);
  });

  it('probability 0 draws nothing, so runs without random starts replay as before', () => {
    const layout = loadLayout('corridors16', () => undefined);
    const rng = new RandomStream('x');
    const before = JSON.stringify(rng.state());
    const env = new PacmanEnv(layout, {}, 1);
    env.reset();
    expect(new RandomStarts(layout, 0).apply(env.game, rng)).toBe(false);
    expect(JSON.stringify(rng.state())).toBe(before);
    // The starts draw from their own stream: random ghosts (which ignore Pac-Man) move the same with and
    // without random starts. Three rounds, so the ghost cannot reach a Pac-Man started 4 cells away.
    const plain = new PacmanEnv(layout, { ghosts: 'random' }, 4);
    const spread = new PacmanEnv(layout, { ghosts: 'random', randomStarts: 1 }, 4);
    plain.reset();
    spread.reset();
    const ghostPath = (env: PacmanEnv): number[] => Array.from({ length: 3 }, () => {
      env.play(4 as Action);
      return env.game.ghostHX[0] * 100 + env.game.ghostHY[0];
    });
    expect(ghostPath(spread)).toEqual(ghostPath(plain));
  });

  it('a maze whose only pellet could lie under Pac-Man still starts with one to eat', () => {
    const layout = parseLayout(['%%%%%%%', '%P   .%', '%%%%%%%'].join('\n'), 'one.lay');
    const env = new PacmanEnv(layout, { randomStarts: 1 }, 2);
    for (let i = 0; i < 50; i++) {
      env.reset();
      expect(env.game.foodLeft).toBe(1);
      expect(env.game.food[env.game.pacY * env.game.width + env.game.pacX]).toBe(0);
    }
  });

  it('evaluation always plays the layout start', () => {
    const layout = loadLayout('corridors16', () => undefined);
    const run = (randomStarts: number) => evaluateStatePolicy(layout, { ghosts: 'directional', maxSteps: 100, randomStarts }, 6, 20, randomStatePolicy(new RandomStream('p')));
    expect(run(1)).toEqual(run(0));
    expect(evaluationEnvConfig({ ghosts: 'random' as const, randomStarts: 0.7 })).toEqual({ ghosts: 'random', randomStarts: 0, randomGhostEpisodes: 0 });
  });

  it('a bad probability is refused with its name and value', () => {
    expect(() => resolveEnvConfig({ randomStarts: 1.5 })).toThrow(/env\.randomStarts.*1\.5/);
    expect(() => resolveEnvConfig({ randomStarts: -0.1 })).toThrow(/env\.randomStarts.*-0\.1/);
    expect(() => resolveEnvConfig({ randomStarts: 'half' })).toThrow(/env\.randomStarts.*half/);
  });
});
