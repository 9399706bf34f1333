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

function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '--';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(sec).padStart(2, '0')}s`;
}

export class Progress {
  private lastPrint = 0;
  constructor(private readonly tty: boolean, private readonly intervalMs = tty ? 200 : 10_000) {}

  update(f: ProgressFigures, force = false): void {
    const now = performance.now();
    if (!force && now - this.lastPrint < this.intervalMs) return;
    this.lastPrint = now;
    const fraction = Math.min(1, f.envSteps / f.totalSteps);
    const eta = f.envStepsPerSec > 0 ? (f.totalSteps - f.envSteps) / f.envStepsPerSec : NaN;
    const figures = `steps ${f.envSteps}/${f.totalSteps} | episodes ${f.episodes} | mean100 ${f.meanScore100.toFixed(1)} | win100 ${(f.winRate100 * 100).toFixed(0)}% | eps ${f.epsilon.toFixed(3)} | ${f.updatesPerSec.toFixed(1)} upd/s | ${f.envStepsPerSec.toFixed(0)} steps/s | ETA ${formatSeconds(eta)}`;
    if (this.tty) {
      const width = 24;
      const filled = Math.round(fraction * width);
      process.stdout.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${figures}\x1b[K`);
    } else {
      process.stdout.write(`${new Date().toISOString()} ${figures}\n`);
    }
  }

  done(): void {
    if (this.tty) process.stdout.write('\n');
  }
}
