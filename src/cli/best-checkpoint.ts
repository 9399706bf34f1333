/**
 * The run's best greedy evaluation and its checkpoint, kept in RUN/best/ (`npm run train --
 * --eval-every N`): checkpoint.json and weights.bin as in RUN/checkpoint/, and eval.json, the
 * evaluation row that made it the best. A long run's greedy win rate swings between evaluations
 * (corridors16 seed 2: 86% at 671k env steps, 62-78% over the next 30k), and RUN/checkpoint/ is
 * overwritten as the run goes on; this keeps the high point playable:
 * `npm run eval -- --checkpoint RUN/best`.
 *
 * Contracts:
 * - Better means a higher win rate, then a higher mean score on a tie.
 * - The best survives a resume: the record is read back from RUN/best/eval.json. A run older
 *   than RUN/best counts its best from the first resume that has it (older rows have no checkpoint).
 * - Trap: the best of many evaluations is biased upward by the choice itself (each is 100
 *   episodes of one seed). Quote its figure only beside a fresh `npm run eval` on other seeds.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalRow } from '../rl/metrics.js';
import type { EncodedCheckpoint } from '../rl/checkpoint.js';
import { readJson, saveCheckpointDir, writeJson } from './run-dir.js';

/** The figures "better" compares. */
type Ranked = Pick<EvalRow, 'winRate' | 'meanScore' | 'envSteps'>;

export function isBetterEval(row: Ranked, best: Ranked | null): boolean {
  if (!best) return true;
  return row.winRate > best.winRate || (row.winRate === best.winRate && row.meanScore > best.meanScore);
}

export class BestCheckpoint {
  readonly dir: string;
  best: EvalRow | null;

  constructor(runDir: string) {
    this.dir = join(runDir, 'best');
    const record = join(this.dir, 'eval.json');
    this.best = existsSync(record) ? readJson<EvalRow>(record, "the run's best evaluation") : null;
  }

  /**
   * Keeps `checkpoint` (the state `row` evaluated) when `row` beats the best so far; returns
   * whether it did. `checkpoint` is only called then.
   */
  async offer(row: EvalRow, checkpoint: () => Promise<EncodedCheckpoint>): Promise<boolean> {
    if (!isBetterEval(row, this.best)) return false;
    saveCheckpointDir(this.dir, await checkpoint());
    writeJson(join(this.dir, 'eval.json'), row);
    this.best = row;
    return true;
  }
}
