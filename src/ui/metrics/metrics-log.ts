/**
 * Every metrics row the page has seen, for export: each EpisodeRow from the snapshots'
 * `recentEpisodes` and each distinct TrainRow from `lastReport` (told apart by `updates`).
 * Bounded: past `maxRows` the oldest rows go first, so a long run cannot exhaust the page.
 */
import type { EpisodeRow, MetricsRow, TrainRow } from '../../rl/metrics.js';

/** How many rows the page keeps by default (episodes and train reports together). */
export const DEFAULT_MAX_METRICS_ROWS = 100_000;

export class MetricsLog {
  private rows: MetricsRow[] = [];
  private lastUpdates = -1;

  constructor(private readonly maxRows = DEFAULT_MAX_METRICS_ROWS) {
    if (!Number.isInteger(maxRows) || maxRows < 1) throw new Error(`maxRows must be an integer >= 1, got ${maxRows}`);
  }

  /** Adds one snapshot's rows; a train report already logged (same `updates`) is skipped. */
  push(episodes: readonly EpisodeRow[], report: TrainRow | null): void {
    for (const e of episodes) this.rows.push(e);
    if (report && report.updates !== this.lastUpdates) {
      this.lastUpdates = report.updates;
      this.rows.push(report);
    }
    // Trim in chunks, not per row, so pushing stays O(1) amortised.
    if (this.rows.length > this.maxRows * 1.1) this.rows = this.rows.slice(this.rows.length - this.maxRows);
  }

  /** The rows in arrival order, at most `maxRows`. */
  all(): MetricsRow[] {
    return this.rows.length > this.maxRows ? this.rows.slice(this.rows.length - this.maxRows) : this.rows.slice();
  }

  get size(): number {
    return Math.min(this.rows.length, this.maxRows);
  }

  /** Forgets everything (a new run starts). */
  clear(): void {
    this.rows = [];
    this.lastUpdates = -1;
  }
}

/** CSV columns: `type` first, then the union of both row kinds' fields; a field a row lacks is empty. */
export const CSV_COLUMNS = [
  'type', 'episode', 'updates', 'envSteps', 'episodes', 'env', 'score', 'steps', 'won', 'lost', 'foodEaten', 'ghostsEaten',
  'terminated', 'truncated', 'loss', 'meanQ', 'gradNorm', 'epsilon', 'meanScore100', 'winRate100',
] as const;

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One header line, then one line per row; lines end with "\n". */
export function metricsToCsv(rows: readonly MetricsRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) {
    const record = row as unknown as Record<string, unknown>;
    lines.push(CSV_COLUMNS.map((c) => csvCell(record[c])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** One JSON object per line, the same shape the CLI's metrics.jsonl has. */
export function metricsToJsonl(rows: readonly MetricsRow[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
}
