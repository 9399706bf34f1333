/** Invariant sweeps: every shipped layout, random play, both ghost kinds. */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/core/random.js';
import { LAYOUT_CATALOGUE } from '../../../src/env/catalogue.js';
import { PacmanEnv } from '../../../src/env/env.js';
import type { Action } from '../../../src/env/grid.js';
import { loadLayout, shippedLayoutNames } from '../../../src/cli/layouts.js';

describe('shipped layouts', () => {
  const names = shippedLayoutNames();

  it('at least eight ship, each listed once in the catalogue with a description', () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
    expect(LAYOUT_CATALOGUE.map((e) => e.name).sort()).toEqual([...names].sort());
    for (const e of LAYOUT_CATALOGUE) {
      expect(e.description.length).toBeGreaterThan(10);
      expect(e.expect.length, `${e.name}: what to expect`).toBeGreaterThan(20);
    }
    const starter = loadLayout('starter7');
    expect([starter.width, starter.height, starter.ghostStarts.length, starter.foodCount]).toEqual([7, 7, 1, 2]);
    const classic = loadLayout('classic28');
    expect([classic.width, classic.height, classic.ghostStarts.length]).toEqual([28, 31, 4]);
  });

  for (const name of names) {
    for (const ghosts of ['random', 'directional'] as const) {
      it(`${name}, ${ghosts} ghosts: no wall crossed, food never rises, score = its parts`, () => {
        const layout = loadLayout(name, () => undefined);
        const env = new PacmanEnv(layout, { ghosts, maxSteps: 300 }, 11);
        const policy = new RandomStreams(3).get('policy');
        const g = env.game;
        const w = layout.width;
        let steps = 0;
        for (let episode = 0; episode < 20 && steps < 4000; episode++) {
          env.reset();
          let food = g.foodLeft;
          for (;;) {
            const px = g.pacX, py = g.pacY;
            const r = env.step(policy.int(5) as Action);
            steps++;
            expect(layout.walls[g.pacY * w + g.pacX]).toBe(0);
            expect(Math.abs(g.pacX - px) + Math.abs(g.pacY - py)).toBeLessThanOrEqual(1);
            for (let i = 0; i < g.numGhosts; i++) {
              const cells = [[g.ghostHX[i] >> 1, g.ghostHY[i] >> 1], [(g.ghostHX[i] + 1) >> 1, (g.ghostHY[i] + 1) >> 1]];
              for (const [x, y] of cells) expect(layout.walls[y * w + x], `ghost ${i} in a wall`).toBe(0);
            }
            expect(g.foodLeft).toBeLessThanOrEqual(food);
            food = g.foodLeft;
            const i = r.info;
            expect(i.score).toBe(10 * i.foodEaten + 200 * i.ghostsEaten + 500 * Number(i.won) - 500 * Number(i.lost) - i.steps);
            expect(i.foodLeft + i.foodEaten).toBe(layout.foodCount);
            if (r.terminated || r.truncated) {
              expect(r.terminated).toBe(i.won || i.lost);
              break;
            }
          }
        }
      });
    }
  }
});
