/**
 * The run's safety net: a known-good checkpoint (taken while the loss is finite, at most every
 * GOOD_CHECKPOINT_EVERY_MS, kept as bytes so it survives a lost GPU device) to roll back to when
 * training diverges or the backend dies, and the message that tells the person what happened.
 */
import type { TrainingDivergedError } from '../core/errors.js';
import type { EncodedCheckpoint } from './checkpoint.js';
import type { DqnConfig } from './config.js';
import type { TrainRow } from './metrics.js';
import type { DqnTrainer } from './trainer.js';

/** A known-good checkpoint is kept at most this often. */
export const GOOD_CHECKPOINT_EVERY_MS = 20_000;

export interface GoodCheckpoint {
  checkpoint: EncodedCheckpoint;
  at: number;
  updates: number;
}

export class Rollback {
  private good: GoodCheckpoint | null = null;
  private lastReportSeen: TrainRow | null = null;

  /** A new run: its first checkpoint (update 0) is the first rollback target. */
  async start(trainer: DqnTrainer): Promise<void> {
    this.lastReportSeen = null;
    this.good = { checkpoint: await trainer.checkpoint(), at: performance.now(), updates: 0 };
  }

  get last(): GoodCheckpoint | null {
    return this.good;
  }

  /** After a tick: a new report with a finite loss, and the last checkpoint old enough, makes a new one. */
  async afterTick(trainer: DqnTrainer): Promise<void> {
    const report = trainer.lastReport;
    if (!report || report === this.lastReportSeen) return;
    this.lastReportSeen = report;
    const now = performance.now();
    if (Number.isFinite(report.loss) && (!this.good || now - this.good.at >= GOOD_CHECKPOINT_EVERY_MS)) {
      this.good = { checkpoint: await trainer.checkpoint(), at: now, updates: trainer.updates };
    }
  }

  /** Training diverged: restores the last good checkpoint into `trainer`; returns what to tell the person. */
  diverged(trainer: DqnTrainer, err: TrainingDivergedError, live: Pick<DqnConfig, 'learningRate' | 'gamma' | 'batchSize' | 'targetSyncEvery' | 'nStep'>): string {
    const good = this.good;
    if (good) trainer.restore(good.checkpoint, 'the last good checkpoint');
    const settings = `learning rate ${live.learningRate}, gamma ${live.gamma}, batch size ${live.batchSize}, target sync every ${live.targetSyncEvery}, ${live.nStep}-step`;
    return `Training stopped: ${err.message}. Live settings then: ${settings}. `
      + (good ? `Rolled back to update ${good.updates.toLocaleString('en-US')} (the last checkpoint with a finite loss). ` : '')
      + 'Lower the learning rate (or raise the target sync period) and press Start.';
  }
}
