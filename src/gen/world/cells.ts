/**
 * The raster's discrete vocabulary, seen from the world models: the 7 gray levels as class
 * indices (what the models predict per pixel), and the maze cells as classes (what the metrics
 * compare). Pure functions over bytes; no tfjs.
 *
 * Level classes (index -> gray): 0 empty 0, 1 wall 50, 2 ghost 100, 3 scared ghost 130,
 * 4 food 165, 5 capsule 205, 6 Pac-Man 255 (src/obs/raster.ts GRAY).
 */
import type { PacmanGame } from '../../env/game.js';
import { FRAME_SIZE, FRAME_WIDTH, GRAY, rasterGeometry, type RasterGeometry } from '../../obs/raster.js';

export const NUM_LEVELS = 7;
/** Gray value of each level class, ascending. */
export const LEVELS: readonly number[] = [GRAY.empty, GRAY.wall, GRAY.ghost, GRAY.scaredGhost, GRAY.food, GRAY.capsule, GRAY.pacman];

/** Byte (0..255) -> the class of the nearest gray level. */
export const LEVEL_OF_BYTE: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    let best = 0;
    for (let k = 1; k < NUM_LEVELS; k++) if (Math.abs(LEVELS[k] - v) < Math.abs(LEVELS[best] - v)) best = k;
    t[v] = best;
  }
  return t;
})();

/** Every byte snapped to the nearest raster gray level (a new array). */
export function snapToLevels(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = LEVELS[LEVEL_OF_BYTE[bytes[i]]];
  return out;
}

/** What occupies a maze cell, as the metrics count it. */
export const Cell = { Empty: 0, Wall: 1, Ghost: 2, ScaredGhost: 3, Food: 4, Capsule: 5, Pacman: 6 } as const;
export type Cell = (typeof Cell)[keyof typeof Cell];
export const CELL_NAMES = ['empty', 'wall', 'ghost', 'scaredGhost', 'food', 'capsule', 'pacman'] as const;

export function isGhostCell(c: number): boolean {
  return c === Cell.Ghost || c === Cell.ScaredGhost;
}

/** A maze's size and where its cells lie in the 84x84 frame. */
export interface CellGrid {
  width: number;
  height: number;
  geometry: RasterGeometry;
}

export function cellGrid(width: number, height: number): CellGrid {
  return { width, height, geometry: rasterGeometry(width, height) };
}

/**
 * Decodes each cell's pixel block of a frame (FRAME_SIZE bytes, any values: snapped to the
 * nearest level first) into a Cell, `width * height` classes row-major. Rule, by priority:
 * an agent level covering >= 1/4 of the agent's square (Pac-Man, then scared ghost, then ghost:
 * Pac-Man is drawn on top), else wall covering >= 1/2 of the block, else capsule / food covering
 * >= 1/2 of its centred square, else empty. A ghost between two cells (half-cell position)
 * covers about half its square in each, so both decode as ghost, as `cellsFromGame` says.
 * `out` (width * height) is filled and returned when given.
 */
export function decodeCells(frame: Uint8Array, grid: CellGrid, out?: Uint8Array): Uint8Array {
  const { width, height, geometry: { cell: s, offsetX, offsetY } } = grid;
  if (frame.length !== FRAME_SIZE) throw new RangeError(`decodeCells: a frame is ${FRAME_SIZE} bytes, got ${frame.length}`);
  const cells = out ?? new Uint8Array(width * height);
  const inset = s >= 6 ? 1 : 0;
  const agentArea = (s - 2 * inset) ** 2;
  const foodSize = Math.max(1, Math.round(s / 4));
  const capsuleSize = Math.max(1, Math.round(s / 2));
  const counts = new Int32Array(NUM_LEVELS);
  for (let cy = 0; cy < height; cy++) {
    for (let cx = 0; cx < width; cx++) {
      counts.fill(0);
      const x0 = offsetX + cx * s;
      const y0 = offsetY + cy * s;
      for (let y = y0; y < y0 + s; y++) {
        const row = y * FRAME_WIDTH;
        for (let x = x0; x < x0 + s; x++) counts[LEVEL_OF_BYTE[frame[row + x]]]++;
      }
      let c: Cell = Cell.Empty;
      if (4 * counts[Cell.Pacman] >= agentArea) c = Cell.Pacman;
      else if (4 * counts[Cell.ScaredGhost] >= agentArea) c = Cell.ScaredGhost;
      else if (4 * counts[Cell.Ghost] >= agentArea) c = Cell.Ghost;
      else if (2 * counts[Cell.Wall] >= s * s) c = Cell.Wall;
      else if (2 * counts[Cell.Capsule] >= capsuleSize * capsuleSize) c = Cell.Capsule;
      else if (2 * counts[Cell.Food] >= foodSize * foodSize) c = Cell.Food;
      cells[cy * width + cx] = c;
    }
  }
  return cells;
}

/**
 * The cells of a game state, by the same rule as the raster draws: background (wall, capsule,
 * food, empty), then ghosts in order (a ghost between cells marks both), Pac-Man on top.
 * Trap: two ghosts sharing a cell show the later one, as drawn.
 */
export function cellsFromGame(game: PacmanGame): Uint8Array {
  const w = game.width;
  const cells = new Uint8Array(w * game.height);
  for (let c = 0; c < cells.length; c++) {
    if (game.layout.walls[c]) cells[c] = Cell.Wall;
    else if (game.capsules[c]) cells[c] = Cell.Capsule;
    else if (game.food[c]) cells[c] = Cell.Food;
  }
  for (let g = 0; g < game.numGhosts; g++) {
    const hx = game.ghostHX[g];
    const hy = game.ghostHY[g];
    const kind = game.ghostScared[g] > 0 ? Cell.ScaredGhost : Cell.Ghost;
    cells[(hy >> 1) * w + (hx >> 1)] = kind;
    cells[((hy + 1) >> 1) * w + ((hx + 1) >> 1)] = kind;
  }
  cells[game.pacY * w + game.pacX] = Cell.Pacman;
  return cells;
}
