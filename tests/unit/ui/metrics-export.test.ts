/** The page's metrics log and its CSV / JSONL formatting. */
import { describe, expect, it } from 'vitest';
import type { EpisodeRow, TrainRow } from '../../../src/rl/metrics.js';
import { CSV_COLUMNS, MetricsLog, metricsToCsv, metricsToJsonl } from '../../../src/ui/metrics/metrics-log.js';

const episode = (n: number, score = 10): EpisodeRow => ({
  type: 'episode', episode: n, envSteps: n * 10, env: 0, score, steps: 10, won: false, lost: true,
  foodEaten: 2, ghostsEaten: 0, terminated: true, truncated: false,
});
const train = (updates: number): TrainRow => ({
  type: 'train', updates, envSteps: updates * 4, episodes: 3, loss: 0.25, meanQ: 1.5, gradNorm: 0.75, epsilon: 0.5, meanScore100: -12.5, winRate100: 0,
});

describe('MetricsLog', () => {
  it('keeps every episode and each train report once (by updates)', () => {
    const log = new MetricsLog();
    log.push([episode(1)], train(10));
    log.push([], train(10));
    log.push([episode(2), episode(3)], train(20));
    log.push([], null);
    expect(log.all().map((r) => (r.type === 'episode' ? `e${r.episode}` : `t${r.updates}`))).toEqual(['e1', 't10', 'e2', 'e3', 't20']);
    expect(log.size).toBe(5);
  });

  it('is bounded: the newest maxRows rows survive', () => {
    const log = new MetricsLog(100);
    for (let i = 0; i < 1000; i++) log.push([episode(i)], null);
    const rows = log.all();
    expect(rows).toHaveLength(100);
    expect(log.size).toBe(100);
    expect(rows[0]).toMatchObject({ episode: 900 });
    expect(rows[99]).toMatchObject({ episode: 999 });
  });

  it('clear forgets rows and the last report', () => {
    const log = new MetricsLog();
    log.push([episode(1)], train(5));
    log.clear();
    expect(log.all()).toEqual([]);
    log.push([], train(5));
    expect(log.size).toBe(1);
  });

  it('refuses a nonsense bound', () => {
    expect(() => new MetricsLog(0)).toThrow(/maxRows must be an integer >= 1, got 0/);
  });
});

describe('CSV and JSONL', () => {
  it('CSV: a header of every field, one line per row, missing fields empty', () => {
    const csv = metricsToCsv([episode(1, -7.5), train(10)]);
    const lines = csv.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    const cells = (line: string) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, line.split(',')[i]]));
    expect(lines[1].split(',')).toHaveLength(CSV_COLUMNS.length);
    expect(cells(lines[1])).toMatchObject({ type: 'episode', episode: '1', score: '-7.5', won: 'false', terminated: 'true', loss: '', updates: '' });
    expect(cells(lines[2])).toMatchObject({ type: 'train', updates: '10', loss: '0.25', meanScore100: '-12.5', episode: '', score: '' });
  });

  it('CSV covers every field of both row kinds', () => {
    for (const key of [...Object.keys(episode(1)), ...Object.keys(train(1))]) expect(CSV_COLUMNS).toContain(key);
  });

  it('CSV of no rows is the header alone', () => {
    expect(metricsToCsv([])).toBe(`${CSV_COLUMNS.join(',')}\n`);
  });

  it('JSONL: one parseable object per line, round-tripping the rows', () => {
    const rows = [episode(1), train(10)];
    const text = metricsToJsonl(rows);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual(rows);
    expect(metricsToJsonl([])).toBe('');
  });
});
