/** Win-rate and line chart data, and the settings panel's choices. */
import { describe, expect, it } from 'vitest';
import { WinRateSeries } from '../../../src/ui/charts/more-series.js';
import { LineSeries } from '../../../src/ui/charts/series.js';
import {
  BATCH_SIZES, defaultRestart, ENV_COUNTS, nearestStop, pendingKeys, replayLabel,
} from '../../../src/ui/controls/restart-config.js';
import { runConfig } from '../../../src/ui/controls/run-config.js';

describe('WinRateSeries', () => {
  it('keeps the win rate of the last 100 episodes', () => {
    const s = new WinRateSeries(100, 10_000);
    const won = Array.from({ length: 250 }, (_, i) => i % 3 === 0 || i > 200);
    won.forEach((w, i) => s.push({ episode: i + 1, won: w }));
    for (const i of [0, 1, 99, 100, 249]) {
      const window = won.slice(Math.max(0, i - 99), i + 1);
      expect(s.columns[1][i]).toBeCloseTo(window.filter(Boolean).length / window.length, 12);
    }
  });

  it('ignores repeats, stays bounded keeping the newest, and clears', () => {
    const s = new WinRateSeries(100, 50);
    for (let e = 1; e <= 1000; e++) {
      expect(s.push({ episode: e, won: true })).toBe(true);
      expect(s.push({ episode: e, won: false })).toBe(false);
      expect(s.length).toBeLessThanOrEqual(50);
    }
    expect(s.columns[0].at(-1)).toBe(1000);
    expect(s.columns[1].at(-1)).toBe(1);
    s.clear();
    expect(s.columns).toEqual([[], []]);
    expect(s.push({ episode: 1, won: false })).toBe(true);
    expect(s.columns).toEqual([[1], [0]]);
  });
});

describe('LineSeries', () => {
  it('takes increasing x only, leaves non-finite y as gaps, stays bounded', () => {
    const s = new LineSeries(20);
    expect(s.push(0, 1)).toBe(true);
    expect(s.push(0, 0.5)).toBe(false);
    expect(s.push(10, NaN)).toBe(true);
    expect(s.columns).toEqual([[0, 10], [1, null]]);
    for (let x = 11; x < 500; x++) s.push(x, x);
    expect(s.length).toBeLessThanOrEqual(20);
    expect(s.columns[0].at(-1)).toBe(499);
    s.clear();
    expect(s.push(0, 2)).toBe(true);
  });
});

describe('settings choices', () => {
  it('labels a replay capacity with its memory cost', () => {
    expect(replayLabel(20_000)).toBe('20,000 (141 MB)');
    expect(replayLabel(100_000)).toBe('100,000 (707 MB)');
  });

  it('finds the nearest stop and the pending settings', () => {
    expect(BATCH_SIZES[nearestStop(BATCH_SIZES, 32)]).toBe(32);
    expect(BATCH_SIZES[nearestStop(BATCH_SIZES, 1000)]).toBe(256);
    const d = defaultRestart();
    expect(d).toEqual({ replayCapacity: 20_000, net: 'small', numEnvs: 8, legalActionsOnly: true, stopAction: true, ghosts: 'directional' });
    expect(pendingKeys(d, d)).toEqual([]);
    expect(pendingKeys(d, { ...d, numEnvs: 3, net: 'nature' })).toEqual(['net', 'numEnvs']);
    expect(pendingKeys(d, { ...d, ghosts: 'random', legalActionsOnly: false })).toEqual(['legalActionsOnly', 'ghosts']);
    expect(ENV_COUNTS[0]).toBe(1);
    expect(ENV_COUNTS.at(-1)).toBe(32);
  });

  it('builds the next run with the restart settings over the defaults', () => {
    const c = runConfig({ name: 'starter7', text: '...' }, 100, 7, { numEnvs: 3, net: 'nature', replayCapacity: 5_000 });
    expect(c.dqn).toMatchObject({ numEnvs: 3, net: 'nature', replayCapacity: 5_000, trainEvery: 1 });
    const d = runConfig({ name: 'starter7', text: '...' }, 100, 7, { ghosts: 'random', legalActionsOnly: false, stopAction: false });
    expect(d.env).toEqual({ ghosts: 'random', maxSteps: 100 });
    expect(d.dqn).toMatchObject({ legalActionsOnly: false, stopAction: false });
    expect(d.dqn).not.toHaveProperty('ghosts');
  });
});
