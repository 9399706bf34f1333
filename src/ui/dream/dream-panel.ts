/**
 * The Dream panel: the world model's training (Train/Pause, which model, its held-out figures),
 * and the dream itself: "Dream" hands the shown game's frames to the model, which takes over;
 * the agent (greedy on the dreamed frames) or a person (arrow keys or W A S D while the panel
 * has focus) keeps acting; the dreamed frames play beside a copy of the real game stepped with
 * the same actions, with each step's error and the dream's frames per second. "Stop" returns to
 * normal. The header keeps an empty `.explain-slot` for the panel's "?" button.
 *
 * The loop (dream-loop.ts) keeps at most one worker call in flight; frames are drawn once per
 * animation frame, whatever the dream's rate, so the page stays smooth.
 */
import { Action } from '../../env/grid.js';
import type { GrayImage } from '../../gen/grid.js';
import { WORLD_MODEL_NAMES, type WorldModelName } from '../../gen/world/names.js';
import type { WorldSnapshot } from '../../gen/world/world-slot.js';
import { FRAME_HEIGHT, FRAME_WIDTH } from '../../obs/raster.js';
import { drawGray } from '../gen/gray-canvas.js';
import { isMove, type MoveAction, shortcutFor } from '../shortcuts/keymap.js';
import { type DreamFrame, DreamLoop, type DreamPilot, type DreamPorts, type ShownGame } from './dream-loop.js';
import { speedText, stepText, summaryText, worldText } from './dream-text.js';
import './dream.css';
import { attachDreamExplanation, type DreamExplanation } from '../explain/dream-explainer.js';

export interface DreamPanelActions {
  /** Rebuilds the world slot with `model` (the transitions held are kept). */
  configure(model: WorldModelName): Promise<void>;
  train(): Promise<void>;
  pause(): Promise<void>;
}

const MODEL_LABELS: Record<WorldModelName, string> = { 'world-pixel': 'pixel: action-conditioned U-Net', 'world-latent': 'latent: VAE + GRU' };
const SPEEDS: readonly { label: string; movesPerSecond: number }[] = [
  { label: '5 steps/s', movesPerSecond: 5 }, { label: '10 steps/s', movesPerSecond: 10 }, { label: '30 steps/s', movesPerSecond: 30 },
  { label: 'as fast as it runs', movesPerSecond: 0 },
];
const MOVE_ACTIONS: Readonly<Record<MoveAction, Action>> = { north: Action.North, south: Action.South, east: Action.East, west: Action.West };
/** Below this many training steps a world model dreams mostly noise (the panel says so). */
const UNTRAINED_STEPS = 200;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}

function select(id: string, label: string, options: readonly { value: string; text: string }[]): HTMLSelectElement {
  const s = el('select');
  s.id = id;
  s.setAttribute('aria-label', label);
  for (const o of options) {
    const opt = el('option', '', o.text);
    opt.value = o.value;
    s.append(opt);
  }
  return s;
}

function frameFigure(id: string, caption: string): { figure: HTMLElement; canvas: HTMLCanvasElement } {
  const figure = el('figure', 'dream-frame');
  const canvas = el('canvas');
  canvas.id = id;
  canvas.width = FRAME_WIDTH;
  canvas.height = FRAME_HEIGHT;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', caption);
  figure.append(canvas, el('figcaption', '', caption));
  return { figure, canvas };
}

export class DreamPanel {
  private readonly loop: DreamLoop;
  private readonly worldStatus: HTMLElement;
  private readonly trainButton: HTMLButtonElement;
  private readonly dreamButton: HTMLButtonElement;
  private readonly modelSelect: HTMLSelectElement;
  private readonly pilotSelect: HTMLSelectElement;
  private readonly view: HTMLElement;
  private readonly dreamed: HTMLCanvasElement;
  private readonly real: HTMLCanvasElement;
  private readonly stepLine: HTMLElement;
  /** Stays up while dreaming: the model is too young to dream anything but noise. */
  private readonly caution: HTMLElement;
  private readonly speedLine: HTMLElement;
  private readonly summaryLine: HTMLElement;
  private worldRunning = false;
  private latest: { cells: number; pacman: number; psnr: number; step: number } | null = null;
  private pending: DreamFrame | null = null;
  private drawScheduled = false;
  /** The panel's "?": fed the world slot's snapshots and each dreamed step. */
  private readonly explain: DreamExplanation;

  constructor(readonly root: HTMLElement, ports: DreamPorts, private readonly actions: DreamPanelActions,
    private readonly shown: () => ShownGame | null, private readonly onError: (err: unknown) => void) {
    this.loop = new DreamLoop(ports, { frame: (f) => this.onFrame(f), ended: (why) => this.onEnded(why) });
    const head = el('header', 'dream-head');
    const title = el('h2', '', 'Dream');
    title.id = 'dream-title';
    title.append(' ', el('span', 'hint', 'a world model learns the game from the agent\'s own transitions; press Dream and it takes over from the shown game'));
    const explain = el('span', 'explain-slot');
    explain.dataset.explain = 'dream';
    head.append(title, explain);
    this.explain = attachDreamExplanation(explain);

    this.modelSelect = select('dream-model', 'world model', WORLD_MODEL_NAMES.map((m) => ({ value: m, text: MODEL_LABELS[m] })));
    this.modelSelect.value = 'world-pixel';
    this.modelSelect.addEventListener('change', () => void this.switchModel(this.modelSelect.value as WorldModelName));
    this.trainButton = el('button', 'primary', 'Train');
    this.trainButton.type = 'button';
    this.trainButton.id = 'dream-train';
    this.trainButton.setAttribute('aria-label', 'train or pause the world model');
    this.trainButton.addEventListener('click', () => void this.toggleTraining());
    this.worldStatus = el('div', 'gen-status', 'starting…');
    this.worldStatus.id = 'dream-world-status';
    const world = el('div', 'dream-row');
    world.append(this.trainButton, this.modelSelect);

    this.dreamButton = el('button', 'primary', 'Dream');
    this.dreamButton.type = 'button';
    this.dreamButton.id = 'dream-toggle';
    this.dreamButton.setAttribute('aria-label', 'dream: the world model takes over from the shown game (press again to stop)');
    this.dreamButton.addEventListener('click', () => void this.toggleDream());
    this.pilotSelect = select('dream-pilot', 'who acts in the dream', [
      { value: 'agent', text: "agent's greedy policy" }, { value: 'person', text: 'you: arrow keys or W A S D' },
    ]);
    this.pilotSelect.addEventListener('change', () => {
      this.loop.pilot = this.pilotSelect.value as DreamPilot;
      if (this.loop.pilot === 'person') this.view.focus();
    });
    const speed = select('dream-speed', 'dream speed', SPEEDS.map((s, i) => ({ value: String(i), text: s.label })));
    speed.value = '1';
    this.loop.movesPerSecond = SPEEDS[1].movesPerSecond;
    speed.addEventListener('change', () => (this.loop.movesPerSecond = SPEEDS[Number(speed.value)].movesPerSecond));
    const controls = el('div', 'dream-row');
    controls.append(this.dreamButton, this.pilotSelect, speed);

    this.view = el('div', 'dream-view');
    this.view.tabIndex = 0;
    this.view.setAttribute('aria-label', 'the dream beside the real game; arrow keys or W A S D steer while this has focus');
    const d = frameFigure('dream-dreamed', 'dreamed by the model');
    const r = frameFigure('dream-real', 'the real engine, same actions');
    this.dreamed = d.canvas;
    this.real = r.canvas;
    this.view.append(d.figure, r.figure);
    this.view.addEventListener('keydown', (e) => this.onKey(e));

    this.stepLine = el('div', 'dream-line', 'press Dream: the model takes over from the game on the board');
    this.stepLine.id = 'dream-step';
    this.speedLine = el('div', 'dream-line');
    this.speedLine.id = 'dream-speed-line';
    this.summaryLine = el('div', 'dream-line');
    this.caution = el('div', 'dream-line hint');
    this.caution.id = 'dream-caution';
    this.summaryLine.id = 'dream-summary';
    root.replaceChildren(head, world, this.worldStatus, controls, this.view, this.stepLine, this.speedLine, this.summaryLine, this.caution);
    root.setAttribute('aria-labelledby', 'dream-title');
    root.dataset.dreaming = 'false';
    root.dataset.dreamSteps = '0';
  }

  /** Draws a world-slot snapshot. */
  drawWorld(s: WorldSnapshot): void {
    this.explain.world(s);
    this.worldRunning = s.running;
    const last = s.metricRows.at(-1);
    if (last) this.latest = { cells: last.cells.nonGhost, pacman: last.cells.pacman, psnr: last.psnr, step: last.step };
    this.trainButton.textContent = s.running ? 'Pause' : 'Train';
    this.worldStatus.textContent = worldText(s, this.latest);
    this.modelSelect.value = s.settings.model;
    this.root.dataset.worldSteps = String(s.steps);
    this.root.dataset.worldRunning = String(s.running);
  }

  private async switchModel(model: WorldModelName): Promise<void> {
    try {
      if (this.loop.active) await this.loop.stop();
      this.latest = null;
      await this.actions.configure(model);
    } catch (err) {
      this.onError(err);
    }
  }

  private async toggleTraining(): Promise<void> {
    try {
      await (this.worldRunning ? this.actions.pause() : this.actions.train());
    } catch (err) {
      this.onError(err);
    }
  }

  private async toggleDream(): Promise<void> {
    if (this.loop.active) {
      this.dreamButton.disabled = true;
      await this.loop.stop().catch(this.onError);
      return;
    }
    const game = this.shown();
    if (!game) {
      this.stepLine.textContent = 'no game on the board yet: wait for the agent to start';
      return;
    }
    this.dreamButton.disabled = true;
    this.speedLine.textContent = '';
    this.summaryLine.textContent = '';
    try {
      const info = await this.loop.start(game);
      this.root.dataset.dreaming = 'true';
      this.dreamButton.textContent = 'Stop';
      this.stepLine.textContent = `dreaming with ${info.model} (${info.steps} training steps) from step ${game.board.steps} of the shown game`;
      // An untrained model dreams noise: say so (for the whole dream) rather than let it look like a bug.
      this.caution.textContent = info.steps < UNTRAINED_STEPS
        ? `The world model has trained only ${info.steps} steps, so this dream is mostly noise: press Train while the agent plays, and dream again after a few hundred steps.`
        : '';
      if (this.loop.pilot === 'person') this.view.focus();
    } catch (err) {
      this.stepLine.textContent = err instanceof Error ? err.message : String(err);
    } finally {
      this.dreamButton.disabled = false;
    }
  }

  private onKey(e: KeyboardEvent): void {
    const action = shortcutFor({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, targetTag: 'DIV', targetEditable: false });
    if (action === 'close' && this.loop.active) {
      e.stopPropagation();
      void this.loop.stop().catch(this.onError);
      return;
    }
    if (!action || !isMove(action)) return;
    // The page's own shortcuts would make the agent's game the person's: this key is the dream's.
    e.preventDefault();
    e.stopPropagation();
    this.loop.steer(MOVE_ACTIONS[action]);
    this.pilotSelect.value = 'person';
  }

  private onFrame(f: DreamFrame): void {
    this.explain.frame(f);
    this.pending = f;
    this.root.dataset.dreamSteps = String(f.step);
    if (this.drawScheduled) return;
    this.drawScheduled = true;
    requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.drawScheduled = false;
    const f = this.pending;
    if (!f) return;
    this.pending = null;
    const image = (pixels: Uint8Array): GrayImage => ({ width: FRAME_WIDTH, height: FRAME_HEIGHT, pixels });
    drawGray(this.dreamed, image(f.dreamed));
    drawGray(this.real, image(f.real));
    this.stepLine.textContent = stepText(f);
    this.speedLine.textContent = speedText(f);
    this.summaryLine.textContent = summaryText(f.summary);
    if (f.error) this.root.dataset.cells = f.error.cellsGhostsAside.toFixed(4);
    this.root.dataset.realEnded = f.realEnded ? f.realEnded.outcome : '';
    this.root.dataset.framesPerSec = f.framesPerSec.toFixed(2);
  }

  private onEnded(why: string): void {
    this.caution.textContent = '';
    this.explain.ended();
    this.root.dataset.dreaming = 'false';
    this.dreamButton.textContent = 'Dream';
    this.dreamButton.disabled = false;
    this.speedLine.textContent = `${this.speedLine.textContent ? `${this.speedLine.textContent} · ` : ''}${why}`;
  }
}
