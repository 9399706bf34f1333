/**
 * More chart data: the 100-episode moving win rate (by episode) and a plain (x, y) line for
 * mean Q (by update) and epsilon (by env step). Bounded like series.ts: past `maxPoints` every
 * other point is dropped (the newest stay). Pure: testable in Node.
 */
import type { Columns } from './series.js';

function halve(columns: Columns): void {
  for (const col of columns) {
    const kept = col.filter((_, i) => i % 2 === 1 || i === col.length - 1);
    col.length = 0;
    (col as (number | null)[]).push(...kept);
  }
}

/** One finished episode: its 1-based count and whether it was won. */
export interface EpisodeOutcome {
  episode: number;
  won: boolean;
}

export class WinRateSeries {
  readonly columns: Columns = [[], []];
  private readonly window: boolean[] = [];
  private wins = 0;
  private last = 0;

  constructor(private readonly windowSize = 100, private readonly maxPoints = 4000) {}

  get length(): number {
    return this.columns[0].length;
  }

  /** A finished episode; the win rate (0..1) is over the last `windowSize` episodes. */
  push(e: EpisodeOutcome): boolean {
    if (e.episode <= this.last) return false;
    this.last = e.episode;
    this.window.push(e.won);
    if (e.won) this.wins++;
    if (this.window.length > this.windowSize && this.window.shift()) this.wins--;
    this.columns[0].push(e.episode);
    this.columns[1].push(this.wins / this.window.length);
    if (this.length > this.maxPoints) halve(this.columns);
    return true;
  }

  clear(): void {
    for (const col of this.columns) col.length = 0;
    this.window.length = 0;
    this.wins = 0;
    this.last = 0;
  }
}

/** A line over an increasing x; points at an x not past the last are ignored, non-finite y is a gap. */
export class LineSeries {
  readonly columns: Columns = [[], []];
  private last = -Infinity;

  constructor(private readonly maxPoints = 4000) {}

  get length(): number {
    return this.columns[0].length;
  }

  push(x: number, y: number): boolean {
    if (!(x > this.last)) return false;
    this.last = x;
    this.columns[0].push(x);
    this.columns[1].push(Number.isFinite(y) ? y : null);
    if (this.length > this.maxPoints) halve(this.columns);
    return true;
  }

  clear(): void {
    for (const col of this.columns) col.length = 0;
    this.last = -Infinity;
  }
}
