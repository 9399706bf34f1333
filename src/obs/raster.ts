/**
 * The agent's eye: the game state drawn straight into an 84x84 uint8 grayscale frame
 * (row-major, 0 = black), one square block of pixels per cell, the maze centred (letterboxed)
 * so its aspect is kept. No canvas: plain bytes, identical in Node, workers and tests.
 *
 * Drawing is incremental. A background (walls, food, capsules) is kept and only the cells that
 * changed are redrawn: where the agents were, where they are, what was eaten. Each frame also
 * reports those cells (`dirtyCells`) so a frame stack can update only them.
 */
import type { PacmanGame } from '../env/game.js';

export const FRAME_WIDTH = 84;
export const FRAME_HEIGHT = 84;
export const FRAME_SIZE = FRAME_WIDTH * FRAME_HEIGHT;

/**
 * Gray levels, distinct per kind of thing so the network can tell them apart. Pac-Man and a
 * ghost (what the agent most needs to tell apart) are far apart: white against mid-gray.
 */
export const GRAY = {
  empty: 0,
  wall: 50,
  ghost: 100,
  scaredGhost: 130,
  food: 165,
  capsule: 205,
  pacman: 255,
} as const;

export interface RasterGeometry {
  /** Pixels per cell side. */
  cell: number;
  /** Pixel offset of the maze's top-left corner. */
  offsetX: number;
  offsetY: number;
}

export function rasterGeometry(width: number, height: number): RasterGeometry {
  const cell = Math.max(1, Math.floor(Math.min(FRAME_WIDTH / width, FRAME_HEIGHT / height)));
  return { cell, offsetX: (FRAME_WIDTH - cell * width) >> 1, offsetY: (FRAME_HEIGHT - cell * height) >> 1 };
}

export class Raster {
  /** The latest frame, FRAME_SIZE bytes. Overwritten by every draw(). */
  readonly frame = new Uint8Array(FRAME_SIZE);
  /** Cells redrawn by the last draw(), `dirtyCount` valid; -1 after a full redraw. */
  readonly dirtyCells: Int32Array;
  dirtyCount = 0;
  /** True when the last draw() redrew the whole frame (a new episode). */
  fullRedraw = true;
  readonly geometry: RasterGeometry;
  /** Cells per row of the maze (dirty cells are cell indices in it). */
  readonly gameWidth: number;

  private readonly background = new Uint8Array(FRAME_SIZE);
  private readonly cellMark: Int32Array;
  private markStamp = 0;
  private drawnEpisode = -1;
  private eatenCursor = 0;
  /** Cells covered by agents in the last frame (up to 2 per ghost, 1 for Pac-Man). */
  private readonly agentCells: Int32Array;
  private agentCellCount = 0;
  private readonly foodSize: number;
  private readonly capsuleSize: number;
  private readonly agentInset: number;

  constructor(private readonly game: PacmanGame) {
    this.geometry = rasterGeometry(game.width, game.height);
    this.gameWidth = game.width;
    const cells = game.width * game.height;
    this.cellMark = new Int32Array(cells);
    this.agentCells = new Int32Array(1 + 2 * game.numGhosts);
    this.dirtyCells = new Int32Array(cells);
    const s = this.geometry.cell;
    this.foodSize = Math.max(1, Math.round(s / 4));
    this.capsuleSize = Math.max(1, Math.round(s / 2));
    this.agentInset = s >= 6 ? 1 : 0;
  }

  /** Draws the game's current state into `frame`. */
  draw(): Uint8Array {
    const game = this.game;
    if (game.episode !== this.drawnEpisode) {
      this.drawBackground();
      this.frame.set(this.background);
      this.drawAgents(false);
      this.drawnEpisode = game.episode;
      this.eatenCursor = game.eatenCount;
      this.fullRedraw = true;
      this.dirtyCount = 0;
      return this.frame;
    }
    this.fullRedraw = false;
    this.dirtyCount = 0;
    this.markStamp++;
    // Restore the background where the agents were.
    for (let i = 0; i < this.agentCellCount; i++) this.restoreCell(this.agentCells[i]);
    // Clear what was eaten since the last draw.
    while (this.eatenCursor < game.eatenCount) {
      const c = game.eatenCells[this.eatenCursor++];
      this.fillCellBlock(this.background, c, GRAY.empty, 0);
      this.restoreCell(c);
    }
    this.drawAgents(true);
    return this.frame;
  }

  private markDirty(cell: number): void {
    if (this.cellMark[cell] === this.markStamp) return;
    this.cellMark[cell] = this.markStamp;
    this.dirtyCells[this.dirtyCount++] = cell;
  }

  private restoreCell(cell: number): void {
    const { cell: s, offsetX, offsetY } = this.geometry;
    const w = this.game.width;
    const x0 = offsetX + (cell % w) * s;
    const y0 = offsetY + ((cell / w) | 0) * s;
    for (let y = y0; y < y0 + s; y++) {
      const row = y * FRAME_WIDTH;
      this.frame.set(this.background.subarray(row + x0, row + x0 + s), row + x0);
    }
    this.markDirty(cell);
  }

  private drawBackground(): void {
    const game = this.game;
    this.background.fill(GRAY.empty);
    const cells = game.width * game.height;
    for (let c = 0; c < cells; c++) {
      if (game.layout.walls[c]) this.fillCellBlock(this.background, c, GRAY.wall, 0);
      else if (game.capsules[c]) this.fillCentered(this.background, c, GRAY.capsule, this.capsuleSize);
      else if (game.food[c]) this.fillCentered(this.background, c, GRAY.food, this.foodSize);
    }
  }

  /** Ghosts first, Pac-Man on top. Records the cells covered (marking them dirty if `track`). */
  private drawAgents(track: boolean): void {
    const game = this.game;
    this.agentCellCount = 0;
    const w = game.width;
    for (let g = 0; g < game.numGhosts; g++) {
      const hx = game.ghostHX[g];
      const hy = game.ghostHY[g];
      const level = game.ghostScared[g] > 0 ? GRAY.scaredGhost : GRAY.ghost;
      this.fillHalfBlock(hx, hy, level);
      const a = (hy >> 1) * w + (hx >> 1);
      const b = ((hy + 1) >> 1) * w + ((hx + 1) >> 1);
      this.agentCells[this.agentCellCount++] = a;
      if (b !== a) this.agentCells[this.agentCellCount++] = b;
    }
    this.fillHalfBlock(2 * game.pacX, 2 * game.pacY, GRAY.pacman);
    this.agentCells[this.agentCellCount++] = game.pacY * w + game.pacX;
    if (track) for (let i = 0; i < this.agentCellCount; i++) this.markDirty(this.agentCells[i]);
  }

  /** An agent's square at half-cell position (hx, hy), inset by a pixel on big cells. */
  private fillHalfBlock(hx: number, hy: number, level: number): void {
    const { cell: s, offsetX, offsetY } = this.geometry;
    const inset = this.agentInset;
    const x0 = offsetX + ((hx * s) >> 1) + inset;
    const y0 = offsetY + ((hy * s) >> 1) + inset;
    const size = s - 2 * inset;
    for (let y = y0; y < y0 + size; y++) this.frame.fill(level, y * FRAME_WIDTH + x0, y * FRAME_WIDTH + x0 + size);
  }

  private fillCellBlock(target: Uint8Array, cell: number, level: number, inset: number): void {
    const { cell: s, offsetX, offsetY } = this.geometry;
    const w = this.game.width;
    const x0 = offsetX + (cell % w) * s + inset;
    const y0 = offsetY + ((cell / w) | 0) * s + inset;
    const size = s - 2 * inset;
    for (let y = y0; y < y0 + size; y++) target.fill(level, y * FRAME_WIDTH + x0, y * FRAME_WIDTH + x0 + size);
  }

  private fillCentered(target: Uint8Array, cell: number, level: number, size: number): void {
    this.fillCellBlock(target, cell, level, (this.geometry.cell - size) >> 1);
  }
}

/** Draws a game into a fresh frame from scratch (no incremental state): the reference for tests. */
export function drawFrameFromScratch(game: PacmanGame): Uint8Array {
  const raster = new Raster(game);
  return new Uint8Array(raster.draw());
}
