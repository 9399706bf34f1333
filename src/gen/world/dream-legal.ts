/**
 * Pac-Man's legal moves inside a dream, where there is no game to ask: the walls come from the
 * real frame the dream started from (walls never move, and a real frame decodes exactly), Pac-Man's
 * cell from each dreamed frame (decodeCells). Same rule as src/env/legal.ts: the moves that do
 * not run into a wall, and Stop, always. Where the dreamed frame shows no Pac-Man, or more than
 * one, every action is allowed (nothing to go by).
 */
import { ACTION_DX, ACTION_DY, Action } from '../../env/grid.js';
import { ALL_ACTIONS_MASK } from '../../env/legal.js';
import { Cell, type CellGrid, decodeCells } from './cells.js';

export class DreamLegalMoves {
  private readonly walls: Uint8Array;
  private readonly cells: Uint8Array;

  /** `realFrame`: the newest real frame (84*84 bytes) of the stack the dream starts from. */
  constructor(readonly grid: CellGrid, realFrame: Uint8Array) {
    const cells = decodeCells(realFrame, grid);
    this.walls = cells.map((c) => (c === Cell.Wall ? 1 : 0));
    this.cells = new Uint8Array(cells.length);
  }

  /** `frame`'s cells (decodeCells), in a buffer the next call overwrites. */
  decode(frame: Uint8Array): Uint8Array {
    return decodeCells(frame, this.grid, this.cells);
  }

  /** The legal-move bitmask (bit a = action a) for Pac-Man as `frame` (a dreamed 84*84 frame) draws him. */
  mask(frame: Uint8Array): number {
    const { width, height } = this.grid;
    this.decode(frame);
    let at = -1;
    for (let c = 0; c < this.cells.length; c++) {
      if (this.cells[c] !== Cell.Pacman) continue;
      if (at >= 0) return ALL_ACTIONS_MASK;
      at = c;
    }
    if (at < 0) return ALL_ACTIONS_MASK;
    const x = at % width;
    const y = (at - x) / width;
    let mask = 1 << Action.Stop;
    for (let a = 0; a < 4; a++) {
      const nx = x + ACTION_DX[a];
      const ny = y + ACTION_DY[a];
      if (nx >= 0 && ny >= 0 && nx < width && ny < height && !this.walls[ny * width + nx]) mask |= 1 << a;
    }
    return mask;
  }
}
