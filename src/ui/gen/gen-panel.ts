/**
 * One generative model's panel: Train/Pause and "Sample now", the sample grid (redrawn as it
 * learns), its settings (applied by rebuilding the model), loss charts, the quality charts (KID
 * in the judge's features; the judge's accuracy on conditional samples, with the confusion
 * matrix), and the model's own views. Draws what the gen worker's snapshots carry; every action
 * goes to the worker.
 */
import type uPlot from 'uplot';
import type { GenSnapshot } from '../../gen/session.js';
import type { GenSlotSettings } from '../../gen/slot-config.js';
import type { GenModelName } from '../../gen/types.js';
import { line, plot } from '../charts/plot.js';
import { MultiLineSeries, Throttle } from '../charts/series.js';
import { GenExplainer } from '../explain/gen-explainer.js';
import { drawGray, GrayAnimation } from './gray-canvas.js';
import { ConfusionTable } from './confusion-table.js';
import { GenSettingsForm } from './gen-settings-form.js';
import { GEN_TITLES, LOSS_SERIES, panelStatus } from './gen-settings.js';

export interface GenPanelActions {
  train(model: GenModelName): Promise<void>;
  pause(model: GenModelName): Promise<void>;
  sampleNow(model: GenModelName, seed: number): Promise<void>;
  /** Rebuilds the model with `settings`; resolves with the settings in force. */
  apply(model: GenModelName, settings: GenSlotSettings): Promise<GenSlotSettings>;
}

interface Chart {
  host: HTMLElement;
  plot: uPlot;
  series: MultiLineSeries;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}

export class GenPanel {
  private readonly status: HTMLElement;
  private readonly trainButton: HTMLButtonElement;
  private readonly samples: HTMLCanvasElement;
  private readonly samplesCaption: HTMLElement;
  private readonly form: GenSettingsForm;
  private readonly charts: { loss: Chart; second: Chart | null; kid: Chart; accuracy: Chart };
  private readonly confusion: ConfusionTable;
  private readonly views: HTMLElement;
  private readonly animations = new Map<string, GrayAnimation>();
  private readonly throttle = new Throttle(1000);
  /** The "?": the model's equations with its latest step's numbers. */
  private readonly explain: GenExplainer;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private sampleSeed = 1;

  constructor(readonly root: HTMLElement, readonly model: GenModelName, initial: GenSlotSettings, private readonly actions: GenPanelActions,
    private readonly onError: (err: unknown) => void) {
    const { title, blurb } = GEN_TITLES[model];
    const heading = el('h2', '', title);
    this.explain = new GenExplainer(model);
    heading.append(' ', el('span', 'hint', blurb), this.explain.button);
    this.status = el('div', 'gen-status', 'starting…');
    this.status.dataset.testid = `${model}-status`;
    this.trainButton = el('button', 'primary', 'Train');
    this.trainButton.type = 'button';
    this.trainButton.id = `${model}-train`;
    this.trainButton.setAttribute('aria-label', `train or pause the ${title}`);
    this.trainButton.addEventListener('click', () => void this.toggle());
    const sample = el('button', '', 'Sample now');
    sample.type = 'button';
    sample.id = `${model}-sample`;
    sample.setAttribute('aria-label', `draw new ${title} samples now`);
    sample.addEventListener('click', () => void this.actions.sampleNow(model, this.sampleSeed++).catch(onError));
    const buttons = el('div', 'gen-buttons');
    buttons.append(this.trainButton, sample);

    const figure = el('figure', 'gen-samples');
    this.samples = el('canvas');
    this.samples.id = `${model}-samples`;
    this.samples.setAttribute('role', 'img');
    this.samples.setAttribute('aria-label', `${title} samples`);
    this.samplesCaption = el('figcaption', '', 'samples appear here');
    figure.append(this.samples, this.samplesCaption);

    this.form = new GenSettingsForm(model, initial, (s) => this.actions.apply(model, s));
    const chartsHost = el('div', 'gen-charts');
    /** `dots`: sparse series (metrics every few hundred steps) show their points. */
    const chart = (label: string, terms: [string, string, string][], logY = false, yRange?: [number, number], dots = false): Chart => {
      const wrap = el('div', 'gen-chart');
      wrap.append(el('h3', '', label));
      const host = el('div', 'chart small');
      wrap.append(host);
      chartsHost.append(wrap);
      const series = terms.map(([, l, c]) => (dots ? { ...line(l, c), points: { show: true, size: 6 } } : line(l, c)));
      return { host, plot: plot(host, 'step', series, { logY, yRange }), series: new MultiLineSeries(terms.length) };
    };
    const spec = LOSS_SERIES[model];
    this.charts = {
      loss: chart('loss', spec.main, true),
      second: spec.second ? chart('discriminator: D(x) and D(G(z)), 0.5 at equilibrium', spec.second, false, [0, 1]) : null,
      kid: chart('KID (judge features; lower is closer to real)', [['kid', 'KID', '#4dd0e1']], true, undefined, true),
      accuracy: chart("judge's accuracy on conditional samples", [['acc', 'class accuracy', '#5be37d']], false, [0, 1], true),
    };
    this.confusion = new ConfusionTable(`${title}: the judge's classes (columns) for samples asked as each class (rows)`);
    this.views = el('div', 'gen-views');
    root.replaceChildren(heading, this.status, buttons, figure, this.form.root, chartsHost, this.confusion.root, this.views);
  }

  private async toggle(): Promise<void> {
    try {
      await (this.running ? this.actions.pause(this.model) : this.actions.train(this.model));
    } catch (err) {
      this.onError(err);
    }
  }

  /** A new model was built: its charts start over. */
  reset(): void {
    this.explain.reset();
    for (const c of Object.values(this.charts)) {
      if (!c) continue;
      c.series.clear();
      c.plot.setData(c.series.columns as uPlot.AlignedData);
    }
  }

  draw(s: GenSnapshot): void {
    this.running = s.running;
    this.trainButton.textContent = s.running ? 'Pause' : 'Train';
    this.root.dataset.running = String(s.running);
    this.root.dataset.steps = String(s.steps);
    this.status.textContent = panelStatus(s.steps, s.stepsPerSec, s.status);
    this.form.sync(s.settings);
    this.explain.push(s);
    let changed = false;
    const { main, second } = LOSS_SERIES[this.model];
    for (const r of s.stepRows) {
      changed = this.charts.loss.series.push(r.step, main.map(([k]) => r.losses[k])) || changed;
      if (second && this.charts.second) this.charts.second.series.push(r.step, second.map(([k]) => r.losses[k]));
    }
    for (const m of s.metricRows) {
      changed = this.charts.kid.series.push(m.step, [m.kid > 0 ? m.kid : undefined]) || changed;
      if (m.classAccuracy !== undefined) this.charts.accuracy.series.push(m.step, [m.classAccuracy]);
      if (m.confusion) this.confusion.draw(m.confusion, s.classNames, m.step);
      this.root.dataset.kid = String(m.kid);
      if (m.classAccuracy !== undefined) this.root.dataset.classAccuracy = String(m.classAccuracy);
    }
    if (changed && this.timer === null) this.timer = setTimeout(() => this.redraw(), this.throttle.wait(performance.now()));
    if (s.samples) {
      drawGray(this.samples, s.samples.image);
      this.samplesCaption.textContent = s.classNames.length > 0 && s.settings.conditional
        ? `samples at step ${s.samples.step.toLocaleString('en-US')}, a row per class (${s.classNames.join(', ')})`
        : `samples at step ${s.samples.step.toLocaleString('en-US')}`;
      this.root.dataset.sampledAt = String(s.samples.step);
    }
    if (s.views) this.drawViews(s);
  }

  private redraw(): void {
    this.timer = null;
    this.throttle.ran(performance.now());
    for (const c of Object.values(this.charts)) if (c) c.plot.setData(c.series.columns as uPlot.AlignedData);
  }

  private drawViews(s: GenSnapshot): void {
    for (const v of s.views ?? []) {
      let figure = this.views.querySelector<HTMLElement>(`figure[data-view="${v.id}"]`);
      if (!figure) {
        figure = el('figure', 'gen-view');
        figure.dataset.view = v.id;
        const canvas = el('canvas');
        canvas.setAttribute('role', 'img');
        figure.append(canvas, el('figcaption'));
        this.views.append(figure);
      }
      const canvas = figure.querySelector('canvas') as HTMLCanvasElement;
      canvas.setAttribute('aria-label', v.caption);
      (figure.querySelector('figcaption') as HTMLElement).textContent = v.caption;
      this.animations.get(v.id)?.stop();
      if (v.frames && v.frames.length > 1) {
        const animation = new GrayAnimation(canvas, v.frames, 6);
        this.animations.set(v.id, animation);
      } else {
        drawGray(canvas, v.image);
      }
    }
  }
}
