/**
 * Progress of a generative training run: its figures on src/cli/progress.ts's progress line.
 */
import { EXPLAIN_TERMS, type LossTerms } from '../../gen/types.js';
import { formatSeconds, ProgressLine } from '../progress.js';

export interface GenProgressFigures {
  step: number;
  totalSteps: number;
  stepsPerSec: number;
  losses: LossTerms;
  /** Latest KID (NaN before the first evaluation or without a judge). */
  kid: number;
  /** Latest class accuracy of conditional samples, when measured. */
  classAccuracy?: number;
}

export function formatGenFigures(f: GenProgressFigures): string {
  const losses = Object.entries(f.losses).filter(([k]) => !EXPLAIN_TERMS.has(k)).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(' ');
  const eta = f.stepsPerSec > 0 ? (f.totalSteps - f.step) / f.stepsPerSec : NaN;
  const kid = Number.isFinite(f.kid) ? ` | KID ${f.kid.toFixed(4)}` : '';
  const acc = f.classAccuracy !== undefined ? ` | class acc ${(100 * f.classAccuracy).toFixed(1)}%` : '';
  return `step ${f.step}/${f.totalSteps} | ${losses}${kid}${acc} | ${f.stepsPerSec.toFixed(2)} steps/s | ETA ${formatSeconds(eta)}`;
}

export class GenProgress {
  private readonly line: ProgressLine;
  constructor(tty: boolean, intervalMs?: number) {
    this.line = new ProgressLine(tty, intervalMs);
  }

  update(f: GenProgressFigures, force = false): void {
    this.line.show(f.totalSteps > 0 ? f.step / f.totalSteps : 1, formatGenFigures(f), force);
  }

  done(): void {
    this.line.done();
  }
}
