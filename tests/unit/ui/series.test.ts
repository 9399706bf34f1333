/** Chart data: the moving average, bounded memory, loss points and redraw throttling. */
import { describe, expect, it } from 'vitest';
import { EpisodeSeries, LineSeries, MultiLineSeries, Throttle } from '../../../src/ui/charts/series.js';

describe('EpisodeSeries', () => {
  it('keeps each score with the mean of the last 100', () => {
    const s = new EpisodeSeries(100, 10_000);
    const scores = Array.from({ length: 250 }, (_, i) => ((i * 37) % 101) - 50);
    scores.forEach((score, i) => s.pushScore({ episode: i + 1, score }));
    const [x, y, mean] = s.columns;
    expect(x).toEqual(scores.map((_, i) => i + 1));
    expect(y).toEqual(scores);
    for (const i of [0, 5, 99, 100, 249]) {
      const window = scores.slice(Math.max(0, i - 99), i + 1);
      expect(mean[i]).toBeCloseTo(window.reduce((a, b) => a + b, 0) / window.length, 9);
    }
  });

  it('ignores repeats and stays bounded, keeping the newest point', () => {
    const s = new EpisodeSeries(100, 50);
    for (let e = 1; e <= 1000; e++) {
      expect(s.pushScore({ episode: e, score: e })).toBe(true);
      expect(s.pushScore({ episode: e, score: e })).toBe(false);
      expect(s.length).toBeLessThanOrEqual(50);
    }
    expect(s.columns[0].at(-1)).toBe(1000);
    expect([...s.columns[0]].sort((a, b) => a - b)).toEqual(s.columns[0]);
  });

  it('clears', () => {
    const s = new EpisodeSeries();
    expect(s.pushScore({ episode: 3, score: -10 })).toBe(true);
    expect(s.columns).toEqual([[3], [-10], [-10]]);
    s.clear();
    expect(s.columns).toEqual([[], [], []]);
    expect(s.pushScore({ episode: 1, score: 0 })).toBe(true);
  });
});

describe('LineSeries for the loss (log axis: only y > 0)', () => {
  it('adds one point per report and leaves non-positive losses as gaps', () => {
    const s = new LineSeries(4000, (y) => y > 0);
    s.push(100, 0.5);
    s.push(100, 0.5);
    s.push(200, 0);
    s.push(300, 0.25);
    expect(s.columns).toEqual([[100, 200, 300], [0.5, null, 0.25]]);
  });
});

describe('chart helpers', () => {
  it('throttles redraws to one per interval', () => {
    const t = new Throttle(250);
    expect(t.wait(0)).toBe(0);
    t.ran(0);
    expect(t.wait(100)).toBe(150);
    expect(t.wait(300)).toBe(0);
  });
});

describe('MultiLineSeries', () => {
  it('keeps one column per line over an increasing x, gaps for missing values, bounded', () => {
    const s = new MultiLineSeries(2, 4);
    expect(s.push(1, [1, 2])).toBe(true);
    expect(s.push(1, [5, 5])).toBe(false);
    s.push(2, [3, undefined]);
    s.push(3, [NaN, 4]);
    expect(s.columns).toEqual([[1, 2, 3], [1, 3, null], [2, null, 4]]);
    s.push(4, [0, 0]);
    s.push(5, [0, 0]);
    expect(s.length).toBeLessThanOrEqual(4);
    expect(s.columns[0].at(-1)).toBe(5);
  });
});
