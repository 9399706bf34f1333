/**
 * The hand-made features of the Berkeley teaching project's approximate Q-learner
 * (featureExtractors.py, SimpleExtractor), for a state and an action, each divided by 10 as there:
 *   - bias: 1;
 *   - ghostsOneStepAway: how many ghosts stand on, or one move from, the cell the action leads to
 *     (scared or not: SimpleExtractor does not tell them apart);
 *   - eatsFood: 1 when that cell holds food and no ghost is one step away;
 *   - closestFood: maze moves from that cell to the nearest food over the maze's cell count.
 * A move into a wall leads to Pac-Man's own cell (the engine stands still), as Stop does.
 * A ghost between two cells (scared ghosts move half a cell) counts from the cell Python's
 * int(x + 0.5) gives, as Berkeley's getLegalNeighbors does.
 */
import { FoodDistance } from '../../env/food-distance.js';
import type { PacmanGame } from '../../env/game.js';
import { ACTION_DX, ACTION_DY } from '../../env/grid.js';

export const FEATURE_NAMES = ['bias', 'ghostsOneStepAway', 'eatsFood', 'closestFood'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export const NUM_FEATURES = FEATURE_NAMES.length;
/** SimpleExtractor's divideAll(10.0). */
const FEATURE_SCALE = 10;

export class SimpleFeatures {
  private readonly distance: FoodDistance;

  constructor(private readonly width: number, private readonly height: number) {
    this.distance = new FoodDistance(width, height);
  }

  /** Writes f(game, action) into `out` at `offset` (NUM_FEATURES values). */
  extract(game: PacmanGame, action: number, out: Float64Array, offset = 0): void {
    let x = game.pacX + ACTION_DX[action];
    let y = game.pacY + ACTION_DY[action];
    if (game.isWall(x, y)) [x, y] = [game.pacX, game.pacY];
    let ghostsNear = 0;
    for (let g = 0; g < game.numGhosts; g++) {
      const gx = Math.floor(game.ghostHX[g] / 2 + 0.5);
      const gy = Math.floor(game.ghostHY[g] / 2 + 0.5);
      // The ghost's cell or one of its open neighbours (getLegalNeighbors includes standing still; x, y is open).
      if (Math.abs(gx - x) + Math.abs(gy - y) <= 1) ghostsNear++;
    }
    const cell = y * this.width + x;
    out[offset] = 1 / FEATURE_SCALE;
    out[offset + 1] = ghostsNear / FEATURE_SCALE;
    out[offset + 2] = ghostsNear === 0 && game.food[cell] ? 1 / FEATURE_SCALE : 0;
    out[offset + 3] = this.distance.measureFrom(game, cell) / (this.width * this.height) / FEATURE_SCALE;
  }
}
