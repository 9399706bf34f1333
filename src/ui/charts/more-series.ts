/**
 * More chart data: the 100-episode moving win rate (by episode). Bounded like series.ts: past `maxPoints` every
 * other point is dropped (the newest stay). Pure: testable in Node.
 */
import { type Columns, halve } from './series.js';

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
