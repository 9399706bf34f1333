/**
 * Exact game states as compact strings, the keys of a tabular Q-learner's table.
 *
 * A key holds everything the next rounds depend on: Pac-Man's cell; per ghost its half-cell
 * position, its last move (ghosts may not reverse, so the move decides what they can do next)
 * and its scared timer; which food and which capsules are left. Not in it: the score, the step
 * count (only the truncation limit reads it) and the way Pac-Man faces (rendering only).
 *
 * Encoding: fixed-width base-64 digits, so no separators are needed; a key is only meaningful
 * for the layout that made it (two layouts' keys may collide). On the 20x11 medium maze a key is
 * 2 + 2 * 5 + 15 + 1 = 28 characters.
 */
import type { PacmanGame } from '../../env/game.js';
import type { Layout } from '../../env/layout.js';

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';

export class StateKeyer {
  /** Cells that hold food at the start, in cell order: bit i of the food field is foodCells[i]. */
  private readonly foodCells: Int32Array;
  private readonly capsuleCells: Int32Array;
  private readonly cellDigits: number;
  private readonly halfCellDigits: number;
  private readonly codes: number[] = [];

  constructor(readonly layout: Layout) {
    const cells: number[] = [];
    for (let i = 0; i < layout.food.length; i++) if (layout.food[i]) cells.push(i);
    this.foodCells = Int32Array.from(cells);
    this.capsuleCells = Int32Array.from(layout.capsules);
    this.cellDigits = digitsFor(layout.width * layout.height);
    this.halfCellDigits = digitsFor(4 * layout.width * layout.height);
  }

  /** The key of `game`'s current state (which must be a game of this keyer's layout). */
  key(game: PacmanGame): string {
    const codes = this.codes;
    codes.length = 0;
    this.push(game.pacY * game.width + game.pacX, this.cellDigits);
    for (let g = 0; g < game.numGhosts; g++) {
      this.push(game.ghostHY[g] * 2 * game.width + game.ghostHX[g], this.halfCellDigits);
      this.push(game.ghostDir[g], 1);
      this.push(game.ghostScared[g], 1); // SCARED_MOVES = 40 < 64
    }
    this.pushBits(game.food, this.foodCells);
    this.pushBits(game.capsules, this.capsuleCells);
    return String.fromCharCode(...codes);
  }

  private push(value: number, digits: number): void {
    for (let d = digits - 1; d >= 0; d--) this.codes.push(DIGITS.charCodeAt((value >> (6 * d)) & 63));
  }

  /** Six cells per digit, in the order of `cells`. */
  private pushBits(present: Uint8Array, cells: Int32Array): void {
    for (let i = 0; i < cells.length; i += 6) {
      let v = 0;
      for (let b = 0; b < 6 && i + b < cells.length; b++) if (present[cells[i + b]]) v |= 1 << b;
      this.codes.push(DIGITS.charCodeAt(v));
    }
  }
}

/** Base-64 digits needed for values in [0, n). */
function digitsFor(n: number): number {
  let digits = 1;
  while (64 ** digits < n) digits++;
  return digits;
}
