import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random.js';
import type { Action } from '../../../../src/env/grid.js';
import { PixelEnv } from '../../../../src/obs/pixel-env.js';
import { FRAME_SIZE, GRAY } from '../../../../src/obs/raster.js';
import { Cell, cellGrid, cellsFromGame, decodeCells, LEVEL_OF_BYTE, LEVELS, snapToLevels } from '../../../../src/gen/world/cells.js';
import { layout } from './helpers.js';

describe('gray levels', () => {
  it('map each raster gray to its class and back, and snap other bytes to the nearest', () => {
    LEVELS.forEach((g, k) => expect(LEVEL_OF_BYTE[g]).toBe(k));
    expect(Array.from(snapToLevels(Uint8Array.from([1, 24, 26, 110, 120, 250])))).toEqual([0, 0, 50, 100, 130, 255]);
  });
});

describe('cell decoding', () => {
  // Sweeps episodes of random play; on medium20 it meets scared ghosts at half-cell positions.
  it.each([['starter7', 'directional'], ['capsule13', 'random'], ['medium20', 'random'], ['classic28', 'directional']] as const)(
    '%s: every cell of every raster frame decodes to the state it was drawn from', (name, ghosts) => {
      const lay = layout(name);
      const env = new PixelEnv(lay, { ghosts }, 7);
      const grid = cellGrid(lay.width, lay.height);
      const rng = new RandomStreams(7).get('policy');
      let scared = 0;
      let halfCells = 0;
      env.reset();
      for (let t = 0; t < 3000; t++) {
        expect(Array.from(decodeCells(env.frame, grid))).toEqual(Array.from(cellsFromGame(env.game)));
        scared += env.game.ghostScared.some((s) => s > 0) ? 1 : 0;
        halfCells += Array.from(env.game.ghostHX).some((h) => h % 2 === 1) ? 1 : 0;
        const r = env.play(rng.int(5) as Action);
        if (r.terminated || r.truncated) env.reset();
      }
      // The sweep must have met the hard cases: scared ghosts, ghosts between cells.
      if (name === 'medium20') expect([scared > 0, halfCells > 0]).toEqual([true, true]);
    });

  it('a hand-made frame: a wall block, food and Pac-Man decode as such', () => {
    const grid = cellGrid(7, 7); // 12-pixel cells, no offset
    const frame = new Uint8Array(FRAME_SIZE);
    for (let y = 0; y < 12; y++) frame.fill(GRAY.wall, y * 84, y * 84 + 12); // cell (0, 0)
    for (let y = 16; y < 19; y++) frame.fill(GRAY.food, y * 84 + 28, y * 84 + 31); // centre of cell (2, 1)
    for (let y = 25; y < 35; y++) frame.fill(GRAY.pacman, y * 84 + 13, y * 84 + 23); // cell (1, 2)
    const cells = decodeCells(frame, grid);
    expect(cells[0]).toBe(Cell.Wall);
    expect(cells[7 + 2]).toBe(Cell.Food);
    expect(cells[14 + 1]).toBe(Cell.Pacman);
    expect(cells.reduce((n, c) => n + (c === Cell.Empty ? 1 : 0), 0)).toBe(46);
  });
});
