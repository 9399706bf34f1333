/**
 * npx tsx scripts/corridors16-pocket.ts
 * Is corridors16's right-hand pocket a death trap when the directional ghost is two cells behind?
 * corridors16 seed 3's greedy policy thinks so (Q of turning in: -5.2, near the -5 of being
 * caught; of running on: -0.4; docs/tuning.md, session 15). This plays the situation it meets:
 * Pac-Man at column 14, row 5, the ghost at row 3 heading south, and Pac-Man on a fixed route,
 * through the pocket or on along the outer corridor, 5,000 times each with seeded ghost moves.
 */
import { loadLayout } from '../src/cli/layouts.js';
import { RandomStreams } from '../src/core/random.js';
import { PacmanGame } from '../src/env/game.js';
import { Action } from '../src/env/grid.js';

const game = new PacmanGame(loadLayout('corridors16'), 'directional');
const { North: N, South: S, West: W } = Action;
// (x = column, y = row). The pocket: (13,5) (12,5) (12,4) (12,3) (11,3) (10,3) (10,4) (10,5), then west and north to (8,3).
const ROUTES: Record<string, Action[]> = {
  'through the pocket': [W, W, N, N, W, W, S, S, W, W, N, N],
  'on along the outer corridor': [S, S, W, W, W, W, W, W, W, W, W, W],
};
const TRIALS = 5_000;
const rng = new RandomStreams(1).get('ghosts');
for (const [name, route] of Object.entries(ROUTES)) {
  let caught = 0;
  for (let t = 0; t < TRIALS; t++) {
    game.reset();
    game.pacX = 14;
    game.pacY = 5;
    game.ghostHX[0] = 2 * 14; // half-cell units
    game.ghostHY[0] = 2 * 3;
    game.ghostDir[0] = S;
    for (const a of route) {
      game.round(a, rng);
      if (game.lost) {
        caught++;
        break;
      }
    }
  }
  console.log(JSON.stringify({ route: name, trials: TRIALS, caught, caughtShare: caught / TRIALS }));
}
