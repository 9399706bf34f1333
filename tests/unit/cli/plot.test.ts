/** The plot command's pieces: the rasterizer, the bitmap font, tick arithmetic and a whole chart as PNG. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../src/io/png.js';
import { Canvas, rgb } from '../../../src/cli/plot/canvas.js';
import { drawLearningCurves } from '../../../src/cli/plot/chart.js';
import { drawText, glyph, textWidth } from '../../../src/cli/plot/font.js';
import { readRun, runCurves, summarizeRun } from '../../../src/cli/plot/run-data.js';
import { formatTick, niceTicks, trailingMean } from '../../../src/cli/plot/series.js';

const RED = rgb('#ff0000');
const WHITE = { r: 255, g: 255, b: 255 };

describe('Canvas', () => {
  it('a 1-wide horizontal line fills exactly its row between its end points', () => {
    const c = new Canvas(12, 10);
    c.line(2, 5, 8, 5, RED);
    for (let x = 0; x < 12; x++) {
      expect(c.pixel(x, 5), `x=${x}`).toEqual(x >= 2 && x <= 8 ? { r: 255, g: 0, b: 0 } : WHITE);
      expect(c.pixel(x, 4)).toEqual(WHITE);
      expect(c.pixel(x, 6)).toEqual(WHITE);
    }
  });

  it('a diagonal line hits the diagonal pixels; a steep line is drawn column by row', () => {
    const c = new Canvas(10, 10);
    c.line(1, 1, 6, 6, RED);
    for (let i = 1; i <= 6; i++) expect(c.pixel(i, i)).toEqual({ r: 255, g: 0, b: 0 });
    const v = new Canvas(10, 10);
    v.line(3, 0, 3, 9, RED);
    for (let y = 0; y < 10; y++) expect(v.pixel(3, y)).toEqual({ r: 255, g: 0, b: 0 });
    expect(v.pixel(2, 4)).toEqual(WHITE);
  });

  it('half coverage blends halfway; clipping ignores what is off the canvas', () => {
    const c = new Canvas(4, 4);
    c.line(0, 1.5, 3, 1.5, RED); // straddles rows 1 and 2 equally
    expect(c.pixel(0, 1)).toEqual({ r: 255, g: 128, b: 128 });
    expect(c.pixel(0, 2)).toEqual({ r: 255, g: 128, b: 128 });
    c.fillRect(-5, -5, 100, 1, RED);
    c.line(-10, -10, 20, -3, RED);
    expect(c.data.length).toBe(4 * 4 * 4);
  });
});

describe('font', () => {
  it('renders a known glyph pixel for pixel at scale 1 and 2', () => {
    const c = new Canvas(20, 20);
    drawText(c, 2, 3, 'I', RED);
    // "I" is 0x0e on its top row: columns 1..3 set.
    expect([0, 1, 2, 3, 4].map((col) => c.pixel(2 + col, 3).g === 0)).toEqual([false, true, true, true, false]);
    // Rows 1..5: only the middle column.
    expect([0, 1, 2, 3, 4].map((col) => c.pixel(2 + col, 5).g === 0)).toEqual([false, false, true, false, false]);
    const big = new Canvas(20, 20);
    drawText(big, 0, 0, 'L', RED, 2);
    expect(big.pixel(0, 0).g).toBe(0);
    expect(big.pixel(1, 1).g).toBe(0);
    expect(big.pixel(2, 0).g).toBe(255);
    expect(big.pixel(9, 13).g).toBe(0); // bottom bar of L reaches column 4 (pixels 8-9) on row 6 (12-13)
  });

  it('has digits, letters of both cases and punctuation; unknown characters draw as "?"', () => {
    for (const ch of '0123456789ABCXYZabcxz.,:%()-+/') expect(glyph(ch).length).toBe(7);
    for (const ch of 'gjpqy') expect(glyph(ch).length).toBe(9);
    expect(glyph('é')).toEqual(glyph('?'));
    expect(glyph('a')).not.toEqual(glyph('A'));
    expect(textWidth('abc')).toBe(17);
    expect(textWidth('abc', 2)).toBe(34);
  });
});

describe('series', () => {
  it('trailing mean over a window, shorter at the start', () => {
    expect(Array.from(trailingMean([2, 4, 6, 8], 2))).toEqual([2, 3, 5, 7]);
  });

  it('round ticks and short labels', () => {
    expect(niceTicks(0, 10_000, 5)).toEqual([0, 2000, 4000, 6000, 8000, 10000]);
    expect(niceTicks(-512, 523, 5)).toEqual([-500, 0, 500]);
    expect(formatTick(1500)).toBe('1.5k');
    expect(formatTick(2_000_000)).toBe('2M');
    expect(formatTick(-500)).toBe('-500');
  });
});

function fakeRun(dir: string, agent: string, episodes: number, skill: number): void {
  const rows = Array.from({ length: episodes }, (_, i) => {
    const won = (i * skill) % 10 > 4;
    return { type: 'episode', episode: i + 1, envSteps: (i + 1) * 15, env: 0, score: won ? 500 - i % 7 : -510, steps: 15, won, lost: !won, foodEaten: 1, ghostsEaten: 0, terminated: true, truncated: false };
  });
  const train = { type: 'train', updates: 1, envSteps: 10, episodes: 0, loss: 1, meanQ: 0, gradNorm: 1, epsilon: 1, meanScore100: 0, winRate100: 0 };
  writeFileSync(join(dir, 'metrics.jsonl'), [train, ...rows].map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ agent, layout: { name: 'starter7' }, seed: 2, config: { env: { ghosts: 'directional' } } }));
}

describe('learning-curve chart', () => {
  it('reads a run folder, summarises its last window and draws a PNG of the requested size with curves in the plot area', () => {
    const a = mkdtempSync(join(tmpdir(), 'paclab-plot-'));
    const b = mkdtempSync(join(tmpdir(), 'paclab-plot-'));
    fakeRun(a, 'tabular', 300, 7);
    fakeRun(b, 'random', 200, 1);
    const run = readRun(a);
    expect(run.episodes).toHaveLength(300);
    const summary = summarizeRun(run, 100);
    expect(summary).toMatchObject({ agent: 'tabular', layout: 'starter7', ghosts: 'directional', seed: 2, episodes: 300, steps: 4500, window: 100 });
    expect(summary.winRate).toBeCloseTo(0.5, 1);
    const curves = [runCurves(run, 50, 'steps'), runCurves(readRun(b), 50, 'episodes')];
    expect(curves[0].label).toBe('tabular starter7 directional seed 2');
    const canvas = drawLearningCurves(curves, { width: 640, height: 420, window: 50, xAxis: 'steps' });
    const png = encodePng({ width: canvas.width, height: canvas.height, channels: 4, data: canvas.data });
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect([view.getUint32(16), view.getUint32(20), png[24], png[25]]).toEqual([640, 420, 8, 6]);
    // The middle of the plot area holds curve colours, not just white and grays.
    let coloured = 0;
    for (let y = 100; y < 400; y++) {
      for (let x = 100; x < 600; x++) {
        const p = canvas.pixel(x, y);
        if (Math.max(p.r, p.g, p.b) - Math.min(p.r, p.g, p.b) > 60) coloured++;
      }
    }
    expect(coloured).toBeGreaterThan(2000);
  });

  it('reads greedy evaluations, reports the last and the best, and draws them as squares in both panels', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paclab-plot-'));
    fakeRun(dir, 'dqn', 300, 7);
    const evals = [[1500, 100, 0.1, -200], [3000, 200, 0.6, 250], [4500, 300, 0.4, 100]].map(([envSteps, episodes, winRate, meanScore]) => (
      { type: 'eval', envSteps, updates: envSteps / 2, episodes, evalEpisodes: 100, seed: 2, ghosts: 'directional', winRate, meanScore, meanSteps: 40 }));
    writeFileSync(join(dir, 'metrics.jsonl'), readFileSync(join(dir, 'metrics.jsonl'), 'utf8') + evals.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const run = readRun(dir);
    expect(run.evals.map((e) => e.envSteps)).toEqual([1500, 3000, 4500]);
    const summary = summarizeRun(run, 100);
    expect(summary.greedy).toEqual({ envSteps: 4500, episodes: 100, winRate: 0.4, meanScore: 100 });
    expect(summary.bestGreedy).toEqual({ envSteps: 3000, winRate: 0.6, meanScore: 250 });
    // A row that says how the other episodes ended passes that on.
    run.evals.push({ ...run.evals[2], envSteps: 6000, caughtRate: 0.1, timeoutRate: 0.5, meanFood: 41.5 });
    expect(summarizeRun(run, 100).greedy).toEqual({ envSteps: 6000, episodes: 100, winRate: 0.4, meanScore: 100, caughtRate: 0.1, timeoutRate: 0.5, meanFood: 41.5 });
    run.evals.pop();
    const byEpisode = runCurves(run, 50, 'episodes');
    expect(Array.from(byEpisode.evalX)).toEqual([100, 200, 300]);
    // Three squares of 7x7 pixels per panel, and the lines joining them, change the image.
    const curves = runCurves(run, 50, 'steps');
    const withEvals = drawLearningCurves([curves], { width: 640, height: 420, window: 50, xAxis: 'steps' });
    const without = drawLearningCurves([{ ...curves, evalX: new Float64Array(0), evalWinRate: new Float64Array(0), evalMeanScore: new Float64Array(0) }], { width: 640, height: 420, window: 50, xAxis: 'steps' });
    let changed = 0;
    for (let y = 0; y < 420; y++) {
      for (let x = 0; x < 640; x++) {
        const p = withEvals.pixel(x, y);
        const q = without.pixel(x, y);
        if (p.r !== q.r || p.g !== q.g || p.b !== q.b) changed++;
      }
    }
    expect(changed).toBeGreaterThan(6 * 25);
  });

  it('refuses a folder without metrics.jsonl, naming it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'paclab-plot-'));
    expect(() => readRun(empty)).toThrow(new RegExp(`${empty}: no metrics\\.jsonl`));
  });
});
