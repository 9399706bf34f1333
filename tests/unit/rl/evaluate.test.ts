/** How evaluations describe their episodes: won, caught or out of time, and the food eaten. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Action } from '../../../src/env/grid.js';
import { parseLayout } from '../../../src/env/layout.js';
import { describeFigures, episodeFigures, evaluatePolicy, type EpisodeOutcome } from '../../../src/rl/evaluate.js';

const STARTER = parseLayout(readFileSync('assets/layouts/starter7.lay'), 'starter7');
const NO_GHOST = parseLayout('%%%%%%\n%P...%\n%%%%%%\n', 'no-ghost');
const standStill = async (_obs: Uint8Array, n: number) => new Array<number>(n).fill(Action.Stop);

describe('episodeFigures', () => {
  it('splits the episodes into won, caught and out of time, and averages score, steps and food', () => {
    const records: EpisodeOutcome[] = [
      { won: true, lost: false, score: 500, steps: 20, foodEaten: 10 },
      { won: false, lost: true, score: -400, steps: 30, foodEaten: 4 },
      { won: false, lost: false, score: 40, steps: 100, foodEaten: 7 },
      { won: false, lost: false, score: 10, steps: 100, foodEaten: 3 },
    ];
    expect(episodeFigures(records)).toEqual({ winRate: 0.25, caughtRate: 0.25, timeoutRate: 0.5, meanScore: 37.5, meanSteps: 62.5, meanFood: 6 });
    expect(describeFigures(episodeFigures(records))).toBe('win rate 25.0%, caught 25.0%, out of time 50.0%, mean score +37.5, mean food 6.0, mean steps 62.5');
  });
});

describe('evaluatePolicy outcomes', () => {
  it('a Pac-Man that stands still eats nothing: with no ghosts every episode runs out of time, with a chasing ghost every one is caught', async () => {
    const alone = await evaluatePolicy(NO_GHOST, { maxSteps: 25 }, 1, 4, standStill);
    expect([alone.winRate, alone.caughtRate, alone.timeoutRate, alone.meanFood, alone.meanSteps]).toEqual([0, 0, 1, 0, 25]);
    const chased = await evaluatePolicy(STARTER, { ghosts: 'directional', maxSteps: 200 }, 1, 4, standStill);
    expect([chased.winRate, chased.caughtRate, chased.timeoutRate, chased.meanFood]).toEqual([0, 1, 0, 0]);
  });
});
