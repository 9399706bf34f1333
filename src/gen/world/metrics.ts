/**
 * World-model metrics as pure functions over bytes: PSNR of frames, cell accuracy (each maze
 * cell's pixel block decoded to a Cell on both sides, see cells.ts), reward and termination
 * accuracy. Counts are kept as sums so batches and rollout steps can be merged exactly.
 */
import { FRAME_SIZE } from '../../obs/raster.js';
import { Cell, decodeCells, isGhostCell, type CellGrid } from './cells.js';

/** PSNR in dB of `pred` against `real` (bytes, same length), peak 255; Infinity when equal. */
export function psnr(pred: Uint8Array, real: Uint8Array): number {
  if (pred.length !== real.length || pred.length === 0) throw new RangeError(`psnr: lengths ${pred.length} and ${real.length} differ or are 0`);
  let se = 0;
  for (let i = 0; i < pred.length; i++) {
    const d = pred[i] - real[i];
    se += d * d;
  }
  const mse = se / pred.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/**
 * Cell agreement counts; each `*Hit / *Count` pair is one accuracy.
 * - all: every cell.
 * - nonGhost: cells where neither side shows a ghost (the deterministic part: Pac-Man, walls,
 *   food, capsules, empty; the bar "ghosts aside").
 * - pacman: cells where either side shows Pac-Man.
 * - static: cells where neither side shows an agent (walls, food, capsules, empty).
 * - ghost: cells where either side shows a ghost (random moves: reported apart).
 * - frames / framesExact: frames compared, and those whose cells all agree.
 */
export interface CellCounts {
  allHit: number; allCount: number;
  nonGhostHit: number; nonGhostCount: number;
  pacmanHit: number; pacmanCount: number;
  staticHit: number; staticCount: number;
  ghostHit: number; ghostCount: number;
  frames: number; framesExact: number;
}

export function emptyCellCounts(): CellCounts {
  return { allHit: 0, allCount: 0, nonGhostHit: 0, nonGhostCount: 0, pacmanHit: 0, pacmanCount: 0, staticHit: 0, staticCount: 0, ghostHit: 0, ghostCount: 0, frames: 0, framesExact: 0 };
}

/** Adds the comparison of two cell arrays (Cell classes, same length) to `acc`. */
export function addCellCounts(acc: CellCounts, pred: Uint8Array, real: Uint8Array): CellCounts {
  let exact = true;
  for (let i = 0; i < real.length; i++) {
    const p = pred[i];
    const r = real[i];
    const hit = p === r ? 1 : 0;
    if (!hit) exact = false;
    acc.allHit += hit; acc.allCount++;
    const ghost = isGhostCell(p) || isGhostCell(r);
    const pac = p === Cell.Pacman || r === Cell.Pacman;
    if (ghost) { acc.ghostHit += hit; acc.ghostCount++; } else { acc.nonGhostHit += hit; acc.nonGhostCount++; }
    if (pac) { acc.pacmanHit += hit; acc.pacmanCount++; }
    if (!ghost && !pac) { acc.staticHit += hit; acc.staticCount++; }
  }
  acc.frames++;
  if (exact) acc.framesExact++;
  return acc;
}

/** Decodes and compares `n` frames (n * FRAME_SIZE bytes each side) into `acc`. */
export function addFrameCellCounts(acc: CellCounts, pred: Uint8Array, real: Uint8Array, grid: CellGrid): CellCounts {
  if (pred.length !== real.length || pred.length % FRAME_SIZE !== 0) throw new RangeError(`frames: lengths ${pred.length} and ${real.length} must be equal multiples of ${FRAME_SIZE}`);
  const a = new Uint8Array(grid.width * grid.height);
  const b = new Uint8Array(grid.width * grid.height);
  for (let off = 0; off < real.length; off += FRAME_SIZE) {
    decodeCells(pred.subarray(off, off + FRAME_SIZE), grid, a);
    decodeCells(real.subarray(off, off + FRAME_SIZE), grid, b);
    addCellCounts(acc, a, b);
  }
  return acc;
}

export interface CellAccuracy {
  all: number;
  nonGhost: number;
  pacman: number;
  static: number;
  ghost: number;
  /** Fraction of frames with every cell right. */
  frameExact: number;
  frames: number;
}

/** Accuracies from counts; a part with no cells counts as 1 (nothing to get wrong). */
export function cellAccuracy(c: CellCounts): CellAccuracy {
  const r = (hit: number, n: number): number => (n === 0 ? 1 : hit / n);
  return {
    all: r(c.allHit, c.allCount), nonGhost: r(c.nonGhostHit, c.nonGhostCount), pacman: r(c.pacmanHit, c.pacmanCount),
    static: r(c.staticHit, c.staticCount), ghost: r(c.ghostHit, c.ghostCount), frameExact: r(c.framesExact, c.frames), frames: c.frames,
  };
}

/** Fraction of rewards predicted exactly (|pred - real| < 0.5) and with the right sign (-, 0, +). */
export function rewardAccuracy(pred: ArrayLike<number>, real: ArrayLike<number>): { exact: number; sign: number } {
  if (pred.length !== real.length) throw new RangeError(`rewardAccuracy: lengths ${pred.length} and ${real.length} differ`);
  if (real.length === 0) return { exact: 1, sign: 1 };
  let exact = 0;
  let sign = 0;
  for (let i = 0; i < real.length; i++) {
    if (Math.abs(pred[i] - real[i]) < 0.5) exact++;
    if (Math.sign(Math.round(pred[i])) === Math.sign(real[i])) sign++;
  }
  return { exact: exact / real.length, sign: sign / real.length };
}

/**
 * Termination accuracy with `pred` probabilities thresholded at 0.5 against `real` (0/1):
 * overall, and recall on the true terminals (rare: overall alone would hide missing them all).
 */
export function terminationAccuracy(pred: ArrayLike<number>, real: ArrayLike<number>): { accuracy: number; recall: number; terminals: number } {
  if (pred.length !== real.length) throw new RangeError(`terminationAccuracy: lengths ${pred.length} and ${real.length} differ`);
  let hit = 0;
  let pos = 0;
  let posHit = 0;
  for (let i = 0; i < real.length; i++) {
    const p = pred[i] >= 0.5 ? 1 : 0;
    const r = real[i] >= 0.5 ? 1 : 0;
    if (p === r) hit++;
    if (r) { pos++; posHit += p; }
  }
  return { accuracy: real.length ? hit / real.length : 1, recall: pos ? posHit / pos : 1, terminals: pos };
}
