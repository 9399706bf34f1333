/**
 * A panel's "?": a button (aria-label "Explain <panel>") that opens a compact, non-modal dialog
 * with the panel's explanation and its live values.
 *
 * Keyboard: the button opens on Enter or Space (it is a <button>); focus moves into the dialog;
 * Esc closes it from anywhere (the key goes no further, so it does not also reach the page's
 * shortcuts) and focus returns to the button. A click outside closes it too. One dialog is open
 * at a time.
 *
 * Cost: `patch` only stores values; nothing is built while closed. KaTeX (and its CSS and
 * fonts) is loaded on the first open. While open, the dialog re-renders at most every
 * RENDER_INTERVAL_MS, and its DOM is written only when the HTML changed.
 */
import type { ExplainContent } from './content.js';
import { escapeHtml, renderContentHtml } from './render.js';
import type { TexRenderer } from './tex.js';

/** An open dialog re-renders at most this often (snapshots arrive at up to 30 Hz). */
export const RENDER_INTERVAL_MS = 500;

let texLoading: Promise<TexRenderer> | null = null;

function loadTex(): Promise<TexRenderer> {
  texLoading ??= import('./tex-styles.js').then((m) => m.renderTex).catch((err: unknown) => {
    texLoading = null; // try again on the next open
    throw err;
  });
  return texLoading;
}

let openOne: { close(returnFocus: boolean): void } | null = null;
let nextId = 0;

export interface ExplainerOptions<V extends object> {
  /** The panel, as in "Explain <panel>": the button's accessible name. */
  panel: string;
  /** The values the explanation starts with (patched as they change). */
  values: V;
  /** The explanation for the current values (pure; called only while open). */
  build(values: Readonly<V>): ExplainContent;
  /** Values the snapshots don't carry: fetched on open and then every `everyMs` while open. */
  poll?: { everyMs: number; fetch(): Promise<Partial<V>> };
}

interface OpenDialog {
  root: HTMLElement;
  title: HTMLElement;
  body: HTMLElement;
  tex: TexRenderer | null;
  html: string;
  renderTimer: ReturnType<typeof setTimeout> | null;
  pollTimer: ReturnType<typeof setInterval> | null;
  polling: boolean;
  detach: () => void;
}

export class Explainer<V extends object> {
  readonly button: HTMLButtonElement;
  private readonly values: V;
  private dialog: OpenDialog | null = null;
  private lastRender = -Infinity;

  constructor(private readonly options: ExplainerOptions<V>) {
    this.values = { ...options.values };
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'explain-button';
    b.textContent = '?';
    b.title = `What ${options.panel} shows, with the equations and the live numbers`;
    b.setAttribute('aria-label', `Explain ${options.panel}`);
    b.setAttribute('aria-haspopup', 'dialog');
    b.setAttribute('aria-expanded', 'false');
    b.addEventListener('click', () => (this.dialog ? this.close(true) : void this.open()));
    this.button = b;
  }

  get isOpen(): boolean {
    return this.dialog !== null;
  }

  /** New live values; cheap while closed (stored only), re-rendered (throttled) while open. */
  patch(values: Partial<V>): void {
    Object.assign(this.values, values);
    if (this.dialog) this.schedule();
  }

  async open(): Promise<void> {
    if (this.dialog) return;
    openOne?.close(false);
    const id = `explain-${++nextId}`;
    const root = document.createElement('div');
    root.className = 'explain-dialog';
    root.id = id;
    root.setAttribute('role', 'dialog');
    root.setAttribute('aria-modal', 'false');
    root.setAttribute('aria-labelledby', `${id}-title`);
    root.tabIndex = -1;
    root.dataset.panel = this.options.panel;
    root.innerHTML = `<div class="explain-head"><h3 id="${id}-title"></h3><button type="button" class="explain-close" aria-label="Close the explanation">×</button></div><div class="explain-body"><p class="hint">loading…</p></div>`;
    const title = root.querySelector('h3') as HTMLElement;
    const body = root.querySelector('.explain-body') as HTMLElement;
    (root.querySelector('.explain-close') as HTMLElement).addEventListener('click', () => this.close(true));
    document.body.append(root);

    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      this.close(true);
    };
    const onPointer = (e: PointerEvent): void => {
      const t = e.target;
      if (t instanceof Node && !root.contains(t) && !this.button.contains(t)) this.close(false);
    };
    const onResize = (): void => this.place();
    window.addEventListener('keydown', onKey, true);
    document.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('resize', onResize);
    const dialog: OpenDialog = {
      root, title, body, tex: null, html: '', renderTimer: null, pollTimer: null, polling: false,
      detach: () => {
        window.removeEventListener('keydown', onKey, true);
        document.removeEventListener('pointerdown', onPointer, true);
        window.removeEventListener('resize', onResize);
      },
    };
    this.dialog = dialog;
    openOne = this;
    this.button.setAttribute('aria-expanded', 'true');
    this.button.setAttribute('aria-controls', id);
    title.textContent = this.options.build(this.values).title;
    this.place();
    root.focus();

    const { poll } = this.options;
    if (poll) {
      void this.refresh(dialog);
      dialog.pollTimer = setInterval(() => void this.refresh(dialog), poll.everyMs);
    }
    try {
      dialog.tex = await loadTex();
    } catch (err) {
      if (this.dialog === dialog) body.innerHTML = `<p class="explain-tex-error">The equations could not load: ${escapeHtml(err instanceof Error ? err.message : String(err))}</p>`;
      return;
    }
    if (this.dialog === dialog) this.render();
  }

  close(returnFocus: boolean): void {
    const d = this.dialog;
    if (!d) return;
    this.dialog = null;
    if (openOne === this) openOne = null;
    if (d.renderTimer !== null) clearTimeout(d.renderTimer);
    if (d.pollTimer !== null) clearInterval(d.pollTimer);
    d.detach();
    d.root.remove();
    this.button.setAttribute('aria-expanded', 'false');
    this.button.removeAttribute('aria-controls');
    if (returnFocus) this.button.focus();
  }

  private async refresh(d: OpenDialog): Promise<void> {
    const poll = this.options.poll;
    if (!poll || d.polling) return;
    d.polling = true;
    try {
      const values = await poll.fetch();
      if (this.dialog === d) this.patch(values);
    } catch {
      // The values stay as they were; the explanation says what it lacks.
    } finally {
      d.polling = false;
    }
  }

  private schedule(): void {
    const d = this.dialog;
    if (!d || d.renderTimer !== null || !d.tex) return;
    const wait = Math.max(0, this.lastRender + RENDER_INTERVAL_MS - performance.now());
    d.renderTimer = setTimeout(() => {
      d.renderTimer = null;
      if (this.dialog === d) this.render();
    }, wait);
  }

  private render(): void {
    const d = this.dialog;
    if (!d || !d.tex) return;
    this.lastRender = performance.now();
    const content = this.options.build(this.values);
    if (d.title.textContent !== content.title) d.title.textContent = content.title;
    const html = renderContentHtml(content, d.tex);
    if (html === d.html) return;
    d.html = html;
    d.body.innerHTML = html;
    this.place();
  }

  /** Below the button (above when there is no room), inside the viewport. */
  private place(): void {
    const d = this.dialog;
    if (!d) return;
    const r = this.button.getBoundingClientRect();
    const w = d.root.offsetWidth;
    const h = d.root.offsetHeight;
    const vw = document.documentElement.clientWidth;
    const left = Math.max(8, Math.min(r.right - w, vw - w - 8));
    let top = r.bottom + 6;
    if (top + h > window.innerHeight - 8) top = r.top - 6 - h >= 8 ? r.top - 6 - h : Math.max(8, window.innerHeight - 8 - h);
    d.root.style.left = `${Math.round(left + window.scrollX)}px`;
    d.root.style.top = `${Math.round(top + window.scrollY)}px`;
  }
}
