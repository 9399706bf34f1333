import { describe, expect, it } from 'vitest';
import { Action } from '../../../src/env/grid.js';
import { SCARED_MOVES } from '../../../src/env/rules.js';
import { envOf, ghostAt } from './helpers.js';

describe('scoring rules (Berkeley)', () => {
  it('charges 1 a step, pays 10 a food and 500 for the last one, then ends won', () => {
    const env = envOf(['%%%%%', '%P..%', '%%%%%']);
    let r = env.step(Action.East);
    expect([r.reward, r.terminated, r.info.foodLeft]).toEqual([9, false, 1]);
    r = env.step(Action.East);
    expect(r.reward).toBe(10 + 500 - 1);
    expect(r.terminated).toBe(true);
    expect(r.truncated).toBe(false);
    expect(r.info).toMatchObject({ won: true, lost: false, score: 518, foodEaten: 2, steps: 2 });
  });

  it('a move into a wall leaves Pac-Man in place and still costs the step', () => {
    const env = envOf(['%%%%%', '%P..%', '%%%%%']);
    const r = env.step(Action.North);
    expect([env.game.pacX, env.game.pacY]).toEqual([1, 1]);
    expect(r.reward).toBe(-1);
  });

  it('loses 500 when a ghost walks onto Pac-Man, and the episode terminates', () => {
    // The ghost's only move is West, onto the cell Pac-Man steps into.
    const env = envOf(['%%%%%', '%P G%', '%.%%%', '%%%%%']);
    const r = env.step(Action.East);
    expect(r.reward).toBe(-501);
    expect(r.terminated).toBe(true);
    expect(r.info.lost).toBe(true);
  });

  it('catches a swap: Pac-Man and a ghost trading cells in one step always collide', () => {
    for (let seed = 1; seed <= 20; seed++) {
      // Ghost at (3,1) may go West (into Pac-Man's cell) or East; Pac-Man steps East into the ghost.
      const env = envOf(['%%%%%%', '%.PG %', '%%%%%%'], { ghosts: 'random' }, seed);
      const r = env.step(Action.East);
      expect(r.info.lost).toBe(true);
      expect(r.reward).toBe(-501);
    }
    // Two cells apart, walking at each other: the ghost's move closes the gap onto Pac-Man.
    const env = envOf(['%%%%%%%', '%.P  G%', '%%%%%%%']);
    expect(env.step(Action.East).info.lost).toBe(false);
    expect(env.step(Action.East).info.lost).toBe(true);
  });

  it('a capsule scares every ghost for 40 moves, at half speed, then they snap back to the grid', () => {
    // The ghost's room is walled off from Pac-Man's, so nothing ends its fright early.
    const env = envOf(['%%%%%%%%%%', '%Po.%    %', '%%%%%G%%%%', '%%%%%%%%%%'], { maxSteps: 1000 });
    const r = env.step(Action.East);
    expect(r.reward).toBe(-1); // capsules give no points
    expect(env.game.ghostScared[0]).toBe(SCARED_MOVES - 1); // set to 40, then its own move counts one down
    expect(ghostAt(env)).toEqual([5, 1.5]); // moved half a cell North, its only way out
    let moves = 1;
    while (env.game.ghostScared[0] > 0) {
      const before = ghostAt(env);
      env.step(Action.Stop);
      moves++;
      const after = ghostAt(env);
      const moved = Math.abs(after[0] - before[0]) + Math.abs(after[1] - before[1]);
      if (env.game.ghostScared[0] > 0) expect(moved).toBe(0.5);
    }
    expect(moves).toBe(SCARED_MOVES);
    const [gx, gy] = ghostAt(env);
    expect(Number.isInteger(gx) && Number.isInteger(gy)).toBe(true);
    const before = ghostAt(env);
    env.step(Action.Stop);
    const after = ghostAt(env);
    expect(Math.abs(after[0] - before[0]) + Math.abs(after[1] - before[1])).toBe(1); // full speed again
  });

  it('eating a scared ghost pays 200, sends it home and ends its fright', () => {
    // The ghost starts in a dead end East and can only come West, half a cell a move.
    const env = envOf(['%%%%%%%%', '%Po   G%', '%.%%%%%%', '%%%%%%%%']);
    env.step(Action.East); // Pac-Man eats the capsule at (2,1); ghost 6 -> 5.5
    expect(ghostAt(env)).toEqual([5.5, 1]);
    env.step(Action.East); // Pac-Man (3,1); ghost 5.5 -> 5
    const r = env.step(Action.East); // Pac-Man (4,1); ghost 5 -> 4.5: within half a cell, eaten
    expect(r.info.ghostsEaten).toBe(1);
    expect(r.reward).toBe(200 - 1);
    expect(ghostAt(env)).toEqual([6, 1]); // back at its start
    expect(env.game.ghostScared[0]).toBe(0);
    expect(r.info.lost).toBe(false);
  });

  it('ghosts never reverse except at a dead end', () => {
    // A corridor with a dead end at each end: the ghost must run to the end before turning.
    const env = envOf(['%%%%%%%%%%', '%P%    G%%', '%.%%%%%%%%', '%%%%%%%%%%'], { maxSteps: 1000 });
    const xs: number[] = [];
    for (let i = 0; i < 12; i++) {
      env.step(Action.Stop);
      xs.push(ghostAt(env)[0]);
    }
    // From x=7 it goes West (East is a wall... at a dead end it reverses) and sweeps the corridor.
    expect(xs).toEqual([6, 5, 4, 3, 4, 5, 6, 7, 6, 5, 4, 3]);
  });

  it('truncates at the step limit without terminating', () => {
    const env = envOf(['%%%%%', '%P..%', '%%%%%'], { maxSteps: 3 });
    expect(env.step(Action.Stop).truncated).toBe(false);
    expect(env.step(Action.Stop).truncated).toBe(false);
    const r = env.step(Action.Stop);
    expect([r.terminated, r.truncated]).toEqual([false, true]);
    expect(() => env.step(Action.Stop)).toThrow(/call reset\(\) first/);
  });

  it('action repeat plays several rounds per step and stops at the end of the episode', () => {
    const env = envOf(['%%%%%%', '%P...%', '%%%%%%'], { actionRepeat: 2 });
    let r = env.step(Action.East);
    expect([r.info.steps, r.reward]).toEqual([2, 18]);
    r = env.step(Action.East);
    expect([r.info.steps, r.terminated, r.reward]).toEqual([3, true, 509]);
  });

  it('directional ghosts chase with probability 0.8 (+ share of the rest)', () => {
    // Ghost at a T junction below Pac-Man's row: West and East are legal, Pac-Man lies West.
    let west = 0;
    const n = 4000;
    for (let seed = 1; seed <= n; seed++) {
      const env = envOf(['%%%%%%%%%', '%P     .%', '%%%% %%%%', '%%%%G%%%%', '%%%%%%%%%'], { ghosts: 'directional' }, seed);
      env.step(Action.Stop); // ghost goes North (only move) to the junction (4,2)
      env.step(Action.Stop); // at (4,2): North to (4,1) is the only move (no reverse)
      const before = ghostAt(env);
      env.step(Action.Stop); // at (4,1): West (closer) or East
      const after = ghostAt(env);
      if (after[0] < before[0]) west++;
    }
    // P(West) = 0.8 + 0.2 / 2 = 0.9
    expect(west / n).toBeGreaterThan(0.88);
    expect(west / n).toBeLessThan(0.92);
  });

  it('validates the env config with messages naming the field', () => {
    expect(() => envOf(['%%%%', '%P.%', '%%%%'], { ghosts: 'clever' as 'random' })).toThrow(/env\.ghosts must be one of "random", "directional", got "clever"/);
    expect(() => envOf(['%%%%', '%P.%', '%%%%'], { actionRepeat: 0 })).toThrow(/env\.actionRepeat must be an integer in \[1, 16\], got 0/);
    expect(() => envOf(['%%%%', '%P.%', '%%%%'], { maxSteps: -1 })).toThrow(/env\.maxSteps/);
    expect(() => envOf(['%%%%', '%P.%', '%%%%']).step(7 as Action)).toThrow(/action must be an integer in \[0, 4\], got 7/);
  });
});
