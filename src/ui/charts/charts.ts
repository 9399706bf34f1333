/**
 * The learning curves with uPlot: episode score with its 100-episode moving average (by
 * episode), and the training loss (by update, log scale). Redrawn at most 4 times a second.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RlSnapshot } from '../../rl/session.js';
import { EpisodeSeries, LossSeries, Throttle } from './series.js';

const AXIS = { stroke: '#8b93b8', grid: { stroke: '#1d2342', width: 1 }, ticks: { stroke: '#1d2342', width: 1 }, font: '11px system-ui, sans-serif' };
const HEIGHT = 150;

/** Tick steps of the x axes: episodes and updates are whole numbers. */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7];

function plot(host: HTMLElement, xLabel: string, series: uPlot.Series[], logY: boolean): uPlot {
  const opts: uPlot.Options = {
    width: Math.max(200, host.clientWidth),
    height: HEIGHT,
    cursor: { drag: { x: false, y: false } },
    legend: { show: true, live: false },
    scales: { x: { time: false }, y: logY ? { distr: 3, log: 10 } : {} },
    axes: [{ ...AXIS, incrs: WHOLE_STEPS, label: xLabel, labelSize: 18, labelFont: '11px system-ui, sans-serif' }, { ...AXIS, size: 48 }],
    series: [{ label: xLabel }, ...series],
  };
  const u = new uPlot(opts, [[], ...series.map(() => [])], host);
  new ResizeObserver(() => u.setSize({ width: Math.max(200, host.clientWidth), height: HEIGHT })).observe(host);
  return u;
}

export class Charts {
  private readonly episodes = new EpisodeSeries();
  private readonly loss = new LossSeries();
  private readonly scorePlot: uPlot;
  private readonly lossPlot: uPlot;
  private readonly throttle = new Throttle(250);
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly scoreHost: HTMLElement, private readonly lossHost: HTMLElement) {
    this.scorePlot = plot(scoreHost, 'episode', [
      { label: 'score', stroke: 'rgba(110, 150, 255, 0.55)', width: 1, points: { show: false } },
      { label: 'mean (100)', stroke: '#ffd23f', width: 2, spanGaps: true, points: { show: false } },
    ], false);
    this.lossPlot = plot(lossHost, 'update', [
      { label: 'loss', stroke: '#ff6b8b', width: 1.5, spanGaps: true, points: { show: false } },
    ], true);
  }

  push(s: RlSnapshot): void {
    let changed = false;
    for (const e of s.recentEpisodes) changed = this.episodes.pushScore(e) || changed;
    if (s.lastReport) changed = this.loss.push(s.lastReport.updates, s.lastReport.loss) || changed;
    if (changed && this.timer === null) {
      this.timer = setTimeout(() => this.redraw(), this.throttle.wait(performance.now()));
    }
  }

  private redraw(): void {
    this.timer = null;
    this.throttle.ran(performance.now());
    this.scorePlot.setData(this.episodes.columns as uPlot.AlignedData);
    this.lossPlot.setData(this.loss.columns as uPlot.AlignedData);
    this.scoreHost.classList.toggle('empty', this.episodes.length === 0);
    this.lossHost.classList.toggle('empty', this.loss.length === 0);
  }

  clear(): void {
    this.episodes.clear();
    this.loss.clear();
    if (this.timer !== null) clearTimeout(this.timer);
    this.redraw();
  }
}
