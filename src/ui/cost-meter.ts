/**
 * How long the page's own work takes per snapshot: count, mean and worst time since the last
 * read. Constant memory (no performance-timeline entries piling up over an hour of turbo).
 */
export interface CostFigures {
  count: number;
  meanMs: number;
  maxMs: number;
}

export class CostMeter {
  private count = 0;
  private total = 0;
  private max = 0;

  /** Runs `work` and records its duration. */
  time(work: () => void): void {
    const start = performance.now();
    try {
      work();
    } finally {
      const ms = performance.now() - start;
      this.count++;
      this.total += ms;
      this.max = Math.max(this.max, ms);
    }
  }

  /** The figures since the last call, then starts afresh. */
  take(): CostFigures {
    const round = (x: number) => Math.round(x * 100) / 100;
    const figures = { count: this.count, meanMs: round(this.count ? this.total / this.count : 0), maxMs: round(this.max) };
    this.count = 0;
    this.total = 0;
    this.max = 0;
    return figures;
  }
}
