/** One uPlot line chart in a host element, resized with it; its legend shows values under the cursor. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const AXIS = { stroke: '#8b93b8', grid: { stroke: '#1d2342', width: 1 }, ticks: { stroke: '#1d2342', width: 1 }, font: '11px system-ui, sans-serif' };
const HEIGHT = 150;

/** Tick steps of the x axes: episodes, updates and env steps are whole numbers. */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7];

export interface PlotOptions {
  logY?: boolean;
  /** Fixed y range, e.g. [0, 1] for rates. */
  yRange?: [number, number];
}

export function plot(host: HTMLElement, xLabel: string, series: uPlot.Series[], o: PlotOptions = {}): uPlot {
  const y: uPlot.Scale = o.logY ? { distr: 3, log: 10 } : o.yRange ? { range: o.yRange } : {};
  const opts: uPlot.Options = {
    width: Math.max(200, host.clientWidth),
    height: HEIGHT,
    cursor: { drag: { x: false, y: false } },
    legend: { show: true, live: true },
    scales: { x: { time: false }, y },
    axes: [{ ...AXIS, incrs: WHOLE_STEPS, label: xLabel, labelSize: 18, labelFont: '11px system-ui, sans-serif' }, { ...AXIS, size: 48 }],
    series: [{ label: xLabel }, ...series],
  };
  const u = new uPlot(opts, [[], ...series.map(() => [])], host);
  new ResizeObserver(() => u.setSize({ width: Math.max(200, host.clientWidth), height: HEIGHT })).observe(host);
  return u;
}

/** A thin line without point markers. */
export function line(label: string, stroke: string, width = 1.5): uPlot.Series {
  return { label, stroke, width, spanGaps: true, points: { show: false } };
}
