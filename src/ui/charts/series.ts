/**
 * Chart data kept on the page: episode scores with their 100-episode moving average, and the
 * training loss. Bounded: past `maxPoints` every other point is dropped (the newest stay), so a
 * long run costs a fixed amount of memory and drawing. Pure: testable in Node.
 */

/** One finished episode. */
export interface EpisodeScore {
  /** 1-based count of episodes finished so far (all envs together). */
  episode: number;
  score: number;
}


/** Columns for uPlot: x first; null = no value there (a gap). */
export type Columns = [number[], ...(number | null)[][]];

/** Drops every other point (keeping the newest): how the series stay bounded. */
export function halve(columns: Columns): void {
  for (const col of columns) {
    const kept = col.filter((_, i) => i % 2 === 1 || i === col.length - 1);
    col.length = 0;
    (col as (number | null)[]).push(...kept);
  }
}

export class EpisodeSeries {
  readonly columns: Columns = [[], [], []];
  private readonly window: number[] = [];
  private sum = 0;
  private last = 0;

  constructor(private readonly windowSize = 100, private readonly maxPoints = 4000) {}

  get length(): number {
    return this.columns[0].length;
  }

  /** A finished episode's score; the moving average is over the last `windowSize` scores. */
  pushScore(e: EpisodeScore): boolean {
    if (e.episode <= this.last) return false;
    this.last = e.episode;
    this.window.push(e.score);
    this.sum += e.score;
    if (this.window.length > this.windowSize) this.sum -= this.window.shift()!;
    this.append(e.episode, e.score, this.sum / this.window.length);
    return true;
  }

  clear(): void {
    for (const col of this.columns) col.length = 0;
    this.window.length = 0;
    this.sum = 0;
    this.last = 0;
  }

  private append(x: number, score: number, mean: number): void {
    this.columns[0].push(x);
    this.columns[1].push(score);
    this.columns[2].push(mean);
    if (this.length > this.maxPoints) halve(this.columns);
  }
}

/**
 * A line over an increasing x: points at an x not past the last are ignored (repeats of one
 * report); a y that is non-finite or fails `keep` is a gap (the loss chart's log axis keeps only y > 0).
 */
export class LineSeries {
  readonly columns: Columns = [[], []];
  private last = -Infinity;

  constructor(private readonly maxPoints = 4000, private readonly keep: (y: number) => boolean = () => true) {}

  get length(): number {
    return this.columns[0].length;
  }

  push(x: number, y: number): boolean {
    if (!(x > this.last)) return false;
    this.last = x;
    this.columns[0].push(x);
    this.columns[1].push(Number.isFinite(y) && this.keep(y) ? y : null);
    if (this.length > this.maxPoints) halve(this.columns);
    return true;
  }

  clear(): void {
    for (const col of this.columns) col.length = 0;
    this.last = -Infinity;
  }
}

/** Several lines over one increasing x (a model's loss terms); like LineSeries otherwise. */
export class MultiLineSeries {
  readonly columns: Columns;
  private last = -Infinity;

  constructor(lines: number, private readonly maxPoints = 2000) {
    this.columns = [[], ...Array.from({ length: lines }, () => [] as (number | null)[])];
  }

  get length(): number {
    return this.columns[0].length;
  }

  /** `ys[i]` for line i; a missing or non-finite value is a gap. */
  push(x: number, ys: readonly (number | undefined)[]): boolean {
    if (!(x > this.last)) return false;
    this.last = x;
    this.columns[0].push(x);
    for (let i = 1; i < this.columns.length; i++) {
      const y = ys[i - 1];
      (this.columns[i] as (number | null)[]).push(y !== undefined && Number.isFinite(y) ? y : null);
    }
    if (this.length > this.maxPoints) halve(this.columns);
    return true;
  }

  clear(): void {
    for (const col of this.columns) col.length = 0;
    this.last = -Infinity;
  }
}

/** Redraws at most once per `intervalMs`: `wait(now)` is how long until the next may run (0 = now). */
export class Throttle {
  private lastAt = -Infinity;
  constructor(private readonly intervalMs: number) {}

  wait(nowMs: number): number {
    return Math.max(0, this.lastAt + this.intervalMs - nowMs);
  }

  /** Records a redraw at `nowMs`. */
  ran(nowMs: number): void {
    this.lastAt = nowMs;
  }
}
