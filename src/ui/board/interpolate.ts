/**
 * Smooth motion between successive board snapshots at watch speed. The view shows the previous
 * snapshot sliding into the latest one over the measured snapshot interval, so it runs one
 * snapshot behind. Never across an episode change or a jump of more than one cell (a reset,
 * a caught Pac-Man sent home): those snap. Pure: no pixi.js.
 */
import type { BoardState } from '../../env/board.js';

/** A position in cells (may be fractional). */
export interface CellPos {
  x: number;
  y: number;
}

export interface AgentPositions {
  pacman: CellPos;
  ghosts: CellPos[];
}

/** `from` moved towards `to` by `alpha` in [0, 1]; `to` itself when the step is more than one cell. */
export function lerpPos(from: CellPos, to: CellPos, alpha: number): CellPos {
  if (Math.abs(to.x - from.x) > 1 || Math.abs(to.y - from.y) > 1) return { x: to.x, y: to.y };
  const a = Math.min(1, Math.max(0, alpha));
  return { x: from.x + (to.x - from.x) * a, y: from.y + (to.y - from.y) * a };
}

/** Whether two snapshots belong to the same episode of the same board, so motion may be blended. */
export function continuous(prev: BoardState | null, cur: BoardState): prev is BoardState {
  return prev !== null && prev.episode === cur.episode && prev.width === cur.width && prev.height === cur.height
    && prev.ghosts.length === cur.ghosts.length && cur.steps >= prev.steps;
}

/** Where to draw Pac-Man and the ghosts, `alpha` of the way from `prev` to `cur`. */
export function interpolateAgents(prev: BoardState | null, cur: BoardState, alpha: number): AgentPositions {
  if (!continuous(prev, cur)) {
    return { pacman: { x: cur.pacman.x, y: cur.pacman.y }, ghosts: cur.ghosts.map((g) => ({ x: g.x, y: g.y })) };
  }
  return {
    pacman: lerpPos(prev.pacman, cur.pacman, alpha),
    ghosts: cur.ghosts.map((g, i) => lerpPos(prev.ghosts[i], g, alpha)),
  };
}

/**
 * Arrival times of snapshots -> how far (0..1) the view is between the last two. The interval
 * is a running average of the gaps, clamped so a pause does not stretch the next move.
 */
export class SnapshotClock {
  private lastAt = -Infinity;
  private interval = 100;

  constructor(
    private readonly minMs = 16,
    private readonly maxMs = 250,
  ) {}

  /** Records a snapshot's arrival at `nowMs`. */
  tick(nowMs: number): void {
    const gap = nowMs - this.lastAt;
    if (Number.isFinite(gap)) {
      const clamped = Math.min(this.maxMs, Math.max(this.minMs, gap));
      this.interval = 0.7 * this.interval + 0.3 * clamped;
    }
    this.lastAt = nowMs;
  }

  /** Fraction of the interval elapsed since the last snapshot, in [0, 1]. */
  alpha(nowMs: number): number {
    if (!Number.isFinite(this.lastAt)) return 1;
    return Math.min(1, Math.max(0, (nowMs - this.lastAt) / this.interval));
  }

  get intervalMs(): number {
    return this.interval;
  }
}
