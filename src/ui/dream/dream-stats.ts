/**
 * The Dream panel's numbers, pure (no DOM): each step's error of the dreamed frame against the
 * real engine's frame for the same actions (maze cells decoded from pixel blocks, ghosts apart,
 * as the world-model metrics count them; PSNR), pooled over the dream, and the dream's frame rate.
 */
import { Cell, decodeCells, type CellGrid } from '../../gen/world/cells.js';
import { addCellCounts, cellAccuracy, emptyCellCounts, psnr, type CellAccuracy, type CellCounts } from '../../gen/world/metrics.js';

/** One step's comparison. */
export interface StepError {
  /** Fraction of the cells where neither side shows a ghost that agree, [0, 1]. */
  cellsGhostsAside: number;
  /** Such cells that disagree. */
  wrongCells: number;
  /** Pac-Man at the same cell on both sides (both showing none counts as agreement). */
  pacmanRight: boolean;
  /** PSNR in dB (Infinity when the frames are equal). */
  psnr: number;
}

/** The dream so far. */
export interface DreamSummary {
  steps: number;
  cells: CellAccuracy;
  /** Mean of the steps' PSNR where finite; Infinity when every step was exact; NaN before the first. */
  meanPsnr: number;
  /** Fraction of steps with Pac-Man at the right cell. */
  pacmanRight: number;
}

function pacmanCell(cells: Uint8Array): number {
  return cells.indexOf(Cell.Pacman);
}

export class DreamStats {
  private readonly counts: CellCounts = emptyCellCounts();
  private readonly dreamedCells: Uint8Array;
  private readonly realCells: Uint8Array;
  private steps = 0;
  private psnrSum = 0;
  private psnrFinite = 0;
  private pacmanHits = 0;

  constructor(private readonly grid: CellGrid) {
    this.dreamedCells = new Uint8Array(grid.width * grid.height);
    this.realCells = new Uint8Array(grid.width * grid.height);
  }

  /** Scores one step: `dreamed` and `real` are 84*84-byte frames. */
  add(dreamed: Uint8Array, real: Uint8Array): StepError {
    const a = decodeCells(dreamed, this.grid, this.dreamedCells);
    const b = decodeCells(real, this.grid, this.realCells);
    const step = addCellCounts(emptyCellCounts(), a, b);
    addCellCounts(this.counts, a, b);
    const p = psnr(dreamed, real);
    const pacmanRight = pacmanCell(a) === pacmanCell(b);
    this.steps++;
    if (Number.isFinite(p)) {
      this.psnrSum += p;
      this.psnrFinite++;
    }
    if (pacmanRight) this.pacmanHits++;
    return {
      cellsGhostsAside: cellAccuracy(step).nonGhost, wrongCells: step.nonGhostCount - step.nonGhostHit, pacmanRight, psnr: p,
    };
  }

  summary(): DreamSummary {
    const meanPsnr = this.steps === 0 ? NaN : this.psnrFinite === 0 ? Infinity : this.psnrSum / this.psnrFinite;
    return { steps: this.steps, cells: cellAccuracy(this.counts), meanPsnr, pacmanRight: this.steps === 0 ? NaN : this.pacmanHits / this.steps };
  }
}

/**
 * Frames per second over a sliding window: (frames in the window - 1) / (time from the first to
 * the last of them), so it follows the frames actually shown, pauses included. 0 with fewer than
 * two frames in the window.
 */
export class FrameRate {
  private readonly times: number[] = [];

  constructor(private readonly windowMs = 2_000) {}

  /** A frame was shown at `now` (ms, increasing). */
  tick(now: number): void {
    this.times.push(now);
    while (this.times.length > 0 && now - this.times[0] > this.windowMs) this.times.shift();
  }

  perSec(): number {
    const n = this.times.length;
    if (n < 2) return 0;
    const span = this.times[n - 1] - this.times[0];
    return span > 0 ? ((n - 1) * 1000) / span : 0;
  }

  reset(): void {
    this.times.length = 0;
  }
}
