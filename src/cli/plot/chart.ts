/**
 * Learning curves as an image: a score panel (each episode faint, its trailing mean bold) above
 * a win-rate panel (trailing win rate), one colour per run, a legend under the title, x shared
 * (env steps or episodes). Greedy evaluations, where a run has them, are squares joined by a
 * thin line in both panels. Pure drawing onto a Canvas; reading runs is run-data.ts's job.
 */
import { Canvas, rgb, type Rgb } from './canvas.js';
import { ADVANCE, DESCENT, drawText, GLYPH_HEIGHT, textWidth } from './font.js';
import type { RunCurves } from './run-data.js';
import { extent, formatTick, niceTicks } from './series.js';

export const RUN_COLOURS: readonly Rgb[] = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'].map(rgb);
const INK = rgb('#222222');
const GRID = rgb('#e4e4e4');
const AXIS = rgb('#888888');

export interface ChartOptions {
  width: number;
  height: number;
  /** Episodes in the trailing windows (named in the panel titles). */
  window: number;
  xAxis: 'steps' | 'episodes';
  title?: string;
}

/** A panel's plot area in pixels and its data ranges. */
interface Panel {
  left: number;
  top: number;
  width: number;
  height: number;
  x: [number, number];
  y: [number, number];
}

const px = (p: Panel, x: number): number => p.left + ((x - p.x[0]) / (p.x[1] - p.x[0])) * (p.width - 1);
const py = (p: Panel, y: number): number => p.top + (1 - (y - p.y[0]) / (p.y[1] - p.y[0])) * (p.height - 1);

export function drawLearningCurves(runs: readonly RunCurves[], options: ChartOptions): Canvas {
  const { width, height } = options;
  const canvas = new Canvas(width, height);
  const s = width >= 700 && height >= 400 ? 2 : 1; // text scale
  const line = (GLYPH_HEIGHT + DESCENT + 3) * s;
  drawText(canvas, 10 * s, 6 * s, options.title ?? 'Pac-Lab learning curves', INK, s);

  // Legend: swatch + label per run, wrapped into rows under the title.
  let lx = 10 * s;
  let ly = 6 * s + line;
  runs.forEach((run, i) => {
    const w = 14 * s + textWidth(run.label, s) + 12 * s;
    if (lx + w > width && lx > 10 * s) {
      lx = 10 * s;
      ly += line;
    }
    canvas.fillRect(lx, ly + 2 * s, 10 * s, 3 * s, RUN_COLOURS[i % RUN_COLOURS.length]);
    drawText(canvas, lx + 14 * s, ly, run.label, INK, s);
    lx += w;
  });

  const top = ly + line + 4 * s;
  const left = 7 * ADVANCE * s + 8 * s;
  const right = 14 * s;
  const bottom = 2 * line + 4 * s;
  const gap = 2 * line;
  const panelHeight = Math.max(10, Math.floor((height - top - bottom - gap) / 2));
  const xRange = extent([Float64Array.of(0), ...runs.map((r) => r.x), ...runs.map((r) => r.evalX)]);
  const scoreRange = extent([...runs.map((r) => r.score), ...runs.map((r) => r.evalMeanScore)]);
  const anyEvals = runs.some((r) => r.evalX.length > 0);
  const plotWidth = Math.max(10, width - left - right);
  const scorePanel: Panel = { left, top: top + line, width: plotWidth, height: panelHeight - line, x: xRange, y: scoreRange };
  const winPanel: Panel = { left, top: top + panelHeight + gap + line, width: plotWidth, height: panelHeight - line, x: xRange, y: [0, 1] };

  drawText(canvas, left, top, `score (faint: each episode; bold: mean of the last ${options.window})`, INK, s);
  drawText(canvas, left, winPanel.top - line, `win rate over the last ${options.window} episodes${anyEvals ? ' (squares: greedy evaluations)' : ''}`, INK, s);
  drawAxes(canvas, scorePanel, niceTicks(scoreRange[0], scoreRange[1], 5), formatTick, s, false);
  drawAxes(canvas, winPanel, [0, 0.25, 0.5, 0.75, 1], (v) => `${Math.round(v * 100)}%`, s, true);
  const xLabel = options.xAxis === 'steps' ? 'env steps' : 'episodes';
  drawText(canvas, left + (plotWidth - textWidth(xLabel, s)) / 2, winPanel.top + winPanel.height + line + 2 * s, xLabel, INK, s);

  // Every run's faint per-episode scores first, so no run's bold curves hide under another's
  // cloud; their opacity falls as episodes crowd the width, so a long run reads as a haze.
  const xs = runs.map((run) => Array.from(run.x, (x) => px(scorePanel, x)));
  runs.forEach((run, i) => {
    const alpha = Math.min(0.18, Math.max(0.01, (0.18 * plotWidth) / Math.max(1, run.score.length)));
    canvas.polyline(xs[i], Array.from(run.score, (y) => py(scorePanel, y)), RUN_COLOURS[i % RUN_COLOURS.length], 1, alpha);
  });
  runs.forEach((run, i) => {
    const colour = RUN_COLOURS[i % RUN_COLOURS.length];
    canvas.polyline(xs[i], Array.from(run.meanScore, (y) => py(scorePanel, y)), colour, 2 * s);
    canvas.polyline(xs[i], Array.from(run.winRate, (y) => py(winPanel, y)), colour, 2 * s);
  });
  runs.forEach((run, i) => {
    const colour = RUN_COLOURS[i % RUN_COLOURS.length];
    drawEvaluations(canvas, scorePanel, run.evalX, run.evalMeanScore, colour, s);
    drawEvaluations(canvas, winPanel, run.evalX, run.evalWinRate, colour, s);
  });
  return canvas;
}

/** Greedy evaluations: a thin line through squares of 5 (x the text scale) pixels. */
function drawEvaluations(canvas: Canvas, p: Panel, x: Float64Array, y: Float64Array, colour: Rgb, s: number): void {
  if (x.length === 0) return;
  const xs = Array.from(x, (v) => px(p, v));
  const ys = Array.from(y, (v) => py(p, v));
  canvas.polyline(xs, ys, colour, s, 0.8);
  const half = Math.round(2.5 * s);
  xs.forEach((cx, k) => {
    canvas.fillRect(Math.round(cx) - half - 1, Math.round(ys[k]) - half - 1, 2 * half + 2, 2 * half + 2, INK);
    canvas.fillRect(Math.round(cx) - half, Math.round(ys[k]) - half, 2 * half, 2 * half, colour);
  });
}

/** Grid, frame, y tick labels; x tick labels only when `xLabels` (the bottom panel). */
function drawAxes(canvas: Canvas, p: Panel, yTicks: number[], yFormat: (v: number) => string, s: number, xLabels: boolean): void {
  const xTicks = niceTicks(p.x[0], p.x[1], 6);
  for (const t of yTicks) {
    const y = Math.round(py(p, t));
    canvas.line(p.left, y, p.left + p.width - 1, y, GRID);
    const label = yFormat(t);
    drawText(canvas, p.left - 6 * s - textWidth(label, s), y - (GLYPH_HEIGHT * s) / 2, label, INK, s);
  }
  for (const t of xTicks) {
    const x = Math.round(px(p, t));
    canvas.line(x, p.top, x, p.top + p.height - 1, GRID);
    canvas.line(x, p.top + p.height, x, p.top + p.height + 3 * s, AXIS);
    if (xLabels) {
      const label = formatTick(t);
      drawText(canvas, x - textWidth(label, s) / 2, p.top + p.height + 5 * s, label, INK, s);
    }
  }
  const b = p.top + p.height;
  canvas.line(p.left - 1, p.top, p.left - 1, b, AXIS);
  canvas.line(p.left - 1, b, p.left + p.width - 1, b, AXIS);
}
