/**
 * The replay viewer: scroll through the transitions the agent learns from (four frames of s and
 * the frame the step led to, the action, the reward, the done flags). It asks the worker for
 * one transition at a time, only while open, at most one request in flight (the newest wanted
 * index goes next).
 */
import type { ReplayTransitionView } from '../../rl/explain/types.js';
import { FrameStrip } from './frame-strip.js';
import { clampIndex, positionText, transitionLines } from './replay-view-model.js';
import { renderLines } from './render-lines.js';

const FRAME_PIXELS = 84 * 84;

export type ReplayFetch = (from: number, count: number) => Promise<ReplayTransitionView[]>;

export class ReplayViewer {
  private readonly slider: HTMLInputElement;
  private readonly number: HTMLInputElement;
  private readonly buttons: HTMLButtonElement[];
  private readonly position: HTMLElement;
  private readonly lines: HTMLElement;
  private readonly strip = new FrameStrip(['s: t-3', 't-2', 't-1', 't', 's′: t+1'], 'a stored transition');
  private readonly frames = new Uint8Array(5 * FRAME_PIXELS);
  private size = 0;
  private index = 0;
  private shown = -1;
  private inFlight = false;

  /** `host`: a `<details>` element; the viewer fills it and fetches only while it is open. */
  constructor(private readonly host: HTMLDetailsElement, private readonly fetch: ReplayFetch, private readonly names: readonly string[]) {
    host.classList.add('replay-viewer');
    const summary = document.createElement('summary');
    summary.innerHTML = '<h2>Replay memory <span class="hint">the transitions the agent learns from</span></h2>';
    const nav = document.createElement('div');
    nav.className = 'replay-nav';
    const button = (text: string, label: string, go: () => number): HTMLButtonElement => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = text;
      b.setAttribute('aria-label', label);
      b.addEventListener('click', () => this.go(go()));
      return b;
    };
    this.slider = document.createElement('input');
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.setAttribute('aria-label', 'transition index in the replay memory');
    this.slider.addEventListener('input', () => this.go(Number(this.slider.value)));
    this.number = document.createElement('input');
    this.number.type = 'number';
    this.number.min = '1';
    this.number.step = '1';
    this.number.setAttribute('aria-label', 'transition number (1 = oldest)');
    this.number.addEventListener('change', () => this.go(Number(this.number.value) - 1));
    this.buttons = [
      button('◀', 'previous (older) transition', () => this.index - 1),
      button('▶', 'next (newer) transition', () => this.index + 1),
      button('newest', 'the newest transition', () => this.size - 1),
    ];
    nav.append(this.buttons[0], this.slider, this.buttons[1], this.number, this.buttons[2]);
    this.position = document.createElement('p');
    this.position.className = 'replay-position';
    this.position.setAttribute('aria-live', 'polite');
    this.lines = document.createElement('dl');
    this.lines.className = 'explain-rl-lines';
    const note = document.createElement('p');
    note.className = 'hint';
    note.textContent = 'Ordered env by env, oldest first. While training runs the oldest transitions are overwritten and the numbers shift: pause to browse a fixed memory.';
    host.append(summary, nav, this.position, this.strip.element, this.lines, note);
    host.addEventListener('toggle', () => {
      if (host.open) this.go(this.shown < 0 ? this.size - 1 : this.index, true);
    });
    this.setSize(0);
  }

  /** The memory's size from the latest snapshot. */
  setSize(size: number): void {
    if (size === this.size) return;
    const wasEmpty = this.size === 0;
    this.size = size;
    this.slider.max = String(Math.max(0, size - 1));
    this.number.max = String(Math.max(1, size));
    for (const el of [this.slider, this.number, ...this.buttons]) el.disabled = size === 0;
    if (size === 0) {
      this.shown = -1;
      this.position.textContent = 'The replay memory is empty: step or start the agent.';
      this.lines.replaceChildren();
    } else if (this.host.open && (wasEmpty || this.index >= size)) {
      this.go(size - 1, true);
    }
  }

  private go(index: number, force = false): void {
    const next = clampIndex(index, this.size);
    if (next === this.index && next === this.shown && !force) return;
    this.index = next;
    this.slider.value = String(next);
    this.number.value = String(next + 1);
    if (force) this.shown = -1;
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.inFlight || !this.host.open || this.size === 0 || this.index === this.shown) return;
    this.inFlight = true;
    const want = this.index;
    try {
      const [view] = await this.fetch(want, 1);
      if (view) this.show(view);
      this.shown = want;
    } catch (err) {
      this.position.textContent = `Could not read transition ${want + 1}: ${err instanceof Error ? err.message : String(err)}`;
      this.shown = want;
    } finally {
      this.inFlight = false;
    }
    if (this.index !== this.shown) void this.pump();
  }

  private show(view: ReplayTransitionView): void {
    this.frames.set(view.frames, 0);
    this.frames.set(view.nextFrame, 4 * FRAME_PIXELS);
    this.strip.draw(this.frames);
    this.position.textContent = positionText(view, this.size);
    renderLines(this.lines, transitionLines(view, this.names));
  }
}
