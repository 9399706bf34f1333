/** RUN/best: kept only when an evaluation beats the best so far (win rate, then mean score), and read back on a resume. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BestCheckpoint, isBetterEval } from '../../../src/cli/best-checkpoint.js';
import type { EvalRow } from '../../../src/rl/metrics.js';

function row(envSteps: number, winRate: number, meanScore: number): EvalRow {
  return { type: 'eval', envSteps, updates: envSteps / 2, episodes: 10, evalEpisodes: 100, seed: 2, ghosts: 'directional', winRate, meanScore, meanSteps: 100 };
}

describe('the best checkpoint', () => {
  it('ranks by win rate, then mean score; anything beats none', () => {
    expect(isBetterEval(row(1, 0, -300), null)).toBe(true);
    expect(isBetterEval(row(2, 0.5, 100), row(1, 0.4, 900))).toBe(true);
    expect(isBetterEval(row(2, 0.4, 100), row(1, 0.5, -900))).toBe(false);
    expect(isBetterEval(row(2, 0.5, 101), row(1, 0.5, 100))).toBe(true);
    expect(isBetterEval(row(2, 0.5, 100), row(1, 0.5, 100))).toBe(false); // a tie keeps the earlier one
  });

  it('saves only improvements, and a new BestCheckpoint on the same run reads the record back', async () => {
    const run = mkdtempSync(join(tmpdir(), 'paclab-best-'));
    const saved: number[] = [];
    const checkpointAt = (step: number) => async () => {
      saved.push(step);
      return { header: JSON.stringify({ step }), blob: Uint8Array.of(step % 256) };
    };
    const best = new BestCheckpoint(run);
    expect(best.best).toBeNull();
    expect(await best.offer(row(10_000, 0.2, 100), checkpointAt(10_000))).toBe(true);
    expect(await best.offer(row(20_000, 0.1, 400), checkpointAt(20_000))).toBe(false);
    expect(await best.offer(row(30_000, 0.6, 500), checkpointAt(30_000))).toBe(true);
    expect(saved).toEqual([10_000, 30_000]); // the checkpoint is only made for an improvement
    expect(JSON.parse(readFileSync(join(run, 'best', 'checkpoint.json'), 'utf8'))).toEqual({ step: 30_000 });
    const resumed = new BestCheckpoint(run);
    expect(resumed.best).toEqual(row(30_000, 0.6, 500));
    expect(await resumed.offer(row(40_000, 0.5, 900), checkpointAt(40_000))).toBe(false);
  });
});
