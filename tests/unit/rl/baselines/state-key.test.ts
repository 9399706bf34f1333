/** The tabular state key: equal for equal states, different when any part of the state differs. */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../../src/core/random.js';
import { PacmanGame } from '../../../../src/env/game.js';
import { Action } from '../../../../src/env/grid.js';
import { parseLayout } from '../../../../src/env/layout.js';
import { StateKeyer } from '../../../../src/rl/baselines/state-key.js';

const MAZE = parseLayout(['%%%%%%%%%', '%P. o  G%', '% %%%%% %', '%. .  G.%', '%%%%%%%%%'].join('\n'), 'maze.lay');

describe('StateKeyer', () => {
  it('gives the same key to the same state, reached twice', () => {
    const keyer = new StateKeyer(MAZE);
    const a = new PacmanGame(MAZE, 'random');
    const b = new PacmanGame(MAZE, 'random');
    expect(keyer.key(a)).toBe(keyer.key(b));
    const ra = new RandomStream('k');
    const rb = new RandomStream('k');
    for (const action of [Action.East, Action.East, Action.West]) {
      a.round(action, ra);
      b.round(action, rb);
    }
    expect(keyer.key(a)).toBe(keyer.key(b));
  });

  it('tells apart states that differ only in a ghost position, a ghost direction, a scared timer or Pac-Man', () => {
    const keyer = new StateKeyer(MAZE);
    const game = new PacmanGame(MAZE, 'random');
    const base = keyer.key(game);
    game.ghostHX[1] -= 2;
    expect(keyer.key(game)).not.toBe(base);
    game.ghostHX[1] += 1; // between two cells (a scared ghost's half step)
    const half = keyer.key(game);
    expect(half).not.toBe(base);
    game.ghostHX[1] += 1;
    expect(keyer.key(game)).toBe(base);
    game.ghostDir[0] = Action.West;
    expect(keyer.key(game)).not.toBe(base);
    game.ghostDir[0] = Action.Stop;
    game.ghostScared[0] = 40;
    expect(keyer.key(game)).not.toBe(base);
    game.ghostScared[0] = 0;
    game.pacX += 1;
    expect(keyer.key(game)).not.toBe(base);
  });

  it('tells apart states that differ only in one food or one capsule eaten, whichever one', () => {
    const keyer = new StateKeyer(MAZE);
    const game = new PacmanGame(MAZE, 'random');
    const seen = new Set([keyer.key(game)]);
    for (let cell = 0; cell < game.food.length; cell++) {
      if (!game.food[cell]) continue;
      game.food[cell] = 0;
      seen.add(keyer.key(game));
      game.food[cell] = 1;
    }
    const capsule = MAZE.capsules[0];
    game.capsules[capsule] = 0;
    seen.add(keyer.key(game));
    expect(seen.size).toBe(1 + MAZE.foodCount + 1);
  });

  it('keys are short: fixed-width digits, no separators', () => {
    const keyer = new StateKeyer(MAZE);
    // 9x5 maze: cell 1 digit, half-cell 2 digits; 2 ghosts x (2 + 1 + 1); 5 food -> 1 digit; 1 capsule -> 1.
    expect(keyer.key(new PacmanGame(MAZE, 'random'))).toHaveLength(1 + 2 * 4 + 1 + 1);
  });
});
