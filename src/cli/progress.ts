/**
 * Training progress for people: a one-line bar redrawn in place on a terminal, plain periodic
 * lines when output goes to a file or pipe.
 */
export interface ProgressFigures {
  envSteps: number;
  totalSteps: number;
  episodes: number;
  meanScore100: number;
  winRate100: number;
  epsilon: number;
  updatesPerSec: number;
  envStepsPerSec: number;
}

/** "1h05m", "3m07s"; "--" when unknown. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '--';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(sec).padStart(2, '0')}s`;
}

/**
 * One progress line of any run: a bar redrawn in place on a terminal (at most every
 * `intervalMs`), a timestamped plain line otherwise (every 10 s).
 */
export class ProgressLine {
  private lastPrint = 0;
  constructor(private readonly tty: boolean, private readonly intervalMs = tty ? 200 : 10_000) {}

  /** `fraction` of the run done, in [0, 1]; `text` the figures. Returns false when throttled. */
  show(fraction: number, text: string, force = false): boolean {
    const now = performance.now();
    if (!force && now - this.lastPrint < this.intervalMs) return false;
    this.lastPrint = now;
    if (this.tty) {
      const width = 24;
      const f = Math.min(1, Math.max(0, fraction));
      const filled = Math.round(f * width);
      process.stdout.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}% ${text}\x1b[K`);
    } else {
      process.stdout.write(`${new Date().toISOString()} ${text}\n`);
    }
    return true;
  }

  /** A line that stays (an event such as an evaluation): on a terminal it replaces the bar, which the next show() redraws. */
  note(text: string): void {
    if (this.tty) process.stdout.write(`\r${text}\x1b[K\n`);
    else process.stdout.write(`${new Date().toISOString()} ${text}\n`);
  }

  done(): void {
    if (this.tty) process.stdout.write('\n');
  }
}

/** The DQN's training progress. */
export class Progress {
  private readonly line: ProgressLine;
  constructor(tty: boolean, intervalMs?: number) {
    this.line = new ProgressLine(tty, intervalMs);
  }

  update(f: ProgressFigures, force = false): void {
    const eta = f.envStepsPerSec > 0 ? (f.totalSteps - f.envSteps) / f.envStepsPerSec : NaN;
    const figures = `steps ${f.envSteps}/${f.totalSteps} | episodes ${f.episodes} | mean100 ${f.meanScore100.toFixed(1)} | win100 ${(f.winRate100 * 100).toFixed(0)}% | eps ${f.epsilon.toFixed(3)} | ${f.updatesPerSec.toFixed(1)} upd/s | ${f.envStepsPerSec.toFixed(0)} steps/s | ETA ${formatSeconds(eta)}`;
    this.line.show(f.envSteps / f.totalSteps, figures, force);
  }

  note(text: string): void {
    this.line.note(text);
  }

  done(): void {
    this.line.done();
  }
}
