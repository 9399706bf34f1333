/**
 * The learning curves with uPlot: episode score with its 100-episode moving average and the
 * 100-episode win rate (by episode), the training loss (by update, log scale), mean Q (by
 * update) and epsilon (by env step, sampled at most 4 times a second). Redrawn at most 4 times
 * a second.
 */
import type uPlot from 'uplot';
import type { RlSnapshot } from '../../rl/session.js';
import { WinRateSeries } from './more-series.js';
import { line, plot } from './plot.js';
import { type Columns, EpisodeSeries, LineSeries, Throttle } from './series.js';

export interface ChartHosts {
  score: HTMLElement;
  loss: HTMLElement;
  winRate: HTMLElement;
  meanQ: HTMLElement;
  epsilon: HTMLElement;
}

interface Chart {
  host: HTMLElement;
  plot: uPlot;
  data: { columns: Columns; length: number };
}

export class Charts {
  private readonly episodes = new EpisodeSeries();
  private readonly loss = new LineSeries(4000, (y) => y > 0);
  private readonly winRate = new WinRateSeries();
  private readonly meanQ = new LineSeries();
  private readonly epsilon = new LineSeries();
  private readonly charts: Chart[];
  private readonly throttle = new Throttle(250);
  private readonly sampling = new Throttle(250);
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(hosts: ChartHosts) {
    const chart = (host: HTMLElement, p: uPlot, data: Chart['data']): Chart => ({ host, plot: p, data });
    this.charts = [
      chart(hosts.score, plot(hosts.score, 'episode', [
        { label: 'score', stroke: 'rgba(110, 150, 255, 0.55)', width: 1, points: { show: false } },
        line('mean (100)', '#ffd23f', 2),
      ]), this.episodes),
      chart(hosts.loss, plot(hosts.loss, 'update', [line('loss', '#ff6b8b')], { logY: true }), this.loss),
      chart(hosts.winRate, plot(hosts.winRate, 'episode', [line('win rate (100)', '#5be37d', 2)], { yRange: [0, 1] }), this.winRate),
      chart(hosts.meanQ, plot(hosts.meanQ, 'update', [line('mean Q', '#c792ea')]), this.meanQ),
      chart(hosts.epsilon, plot(hosts.epsilon, 'env step', [line('epsilon', '#4dd0e1')], { yRange: [0, 1] }), this.epsilon),
    ];
  }

  push(s: RlSnapshot): void {
    let changed = false;
    for (const e of s.recentEpisodes) {
      changed = this.episodes.pushScore(e) || changed;
      changed = this.winRate.push(e) || changed;
    }
    if (s.lastReport) {
      changed = this.loss.push(s.lastReport.updates, s.lastReport.loss) || changed;
      changed = this.meanQ.push(s.lastReport.updates, s.lastReport.meanQ) || changed;
    }
    const now = performance.now();
    if (this.sampling.wait(now) === 0 && this.epsilon.push(s.envSteps, s.epsilon)) {
      this.sampling.ran(now);
      changed = true;
    }
    if (changed && this.timer === null) {
      this.timer = setTimeout(() => this.redraw(), this.throttle.wait(now));
    }
  }

  private redraw(): void {
    this.timer = null;
    this.throttle.ran(performance.now());
    for (const c of this.charts) {
      c.plot.setData(c.data.columns as uPlot.AlignedData);
      c.host.classList.toggle('empty', c.data.length === 0);
    }
  }

  clear(): void {
    this.episodes.clear();
    this.loss.clear();
    this.winRate.clear();
    this.meanQ.clear();
    this.epsilon.clear();
    if (this.timer !== null) clearTimeout(this.timer);
    this.redraw();
  }
}
