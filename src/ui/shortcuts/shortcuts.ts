/**
 * Keyboard shortcuts (see keymap.ts) and the "?" help overlay listing them. Keys typed into
 * inputs are left alone; the overlay closes on Esc or a click outside its box.
 */
import { isMove, type MoveAction, SHORTCUTS, shortcutFor } from './keymap.js';

export interface ShortcutHandlers {
  toggleRun(): void;
  step(): void;
  reset(): void;
  /** A person's move key. */
  move(direction: MoveAction): void;
  /** Esc with no dialog open: stop playing yourself. */
  escape(): void;
}

export class Shortcuts {
  private readonly overlay: HTMLElement;
  private returnFocus: HTMLElement | null = null;

  constructor(overlay: HTMLElement, private readonly handlers: ShortcutHandlers) {
    this.overlay = overlay;
    const list = overlay.querySelector<HTMLElement>('#help-list');
    if (list) {
      list.replaceChildren(...SHORTCUTS.map((s) => {
        const row = document.createElement('div');
        const key = document.createElement('dt');
        const kbd = document.createElement('kbd');
        kbd.textContent = s.keys;
        key.append(kbd);
        const what = document.createElement('dd');
        what.textContent = s.description;
        row.append(key, what);
        return row;
      }));
    }
    overlay.addEventListener('click', (e) => {
      if (e.target === overlay) this.close();
    });
    overlay.querySelector('#help-close')?.addEventListener('click', () => this.close());
    document.addEventListener('keydown', (e) => this.onKey(e));
  }

  get open(): boolean {
    return !this.overlay.hidden;
  }

  show(): void {
    if (this.open) return;
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.overlay.hidden = false;
    this.overlay.querySelector<HTMLElement>('#help-close')?.focus();
  }

  close(): void {
    if (!this.open) return;
    this.overlay.hidden = true;
    this.returnFocus?.focus();
    this.returnFocus = null;
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target instanceof HTMLElement ? e.target : null;
    const action = shortcutFor({
      key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey,
      targetTag: target?.tagName ?? '', targetEditable: target?.isContentEditable ?? false,
    });
    if (!action) return;
    if (action === 'close') {
      if (this.open) {
        e.preventDefault();
        this.close();
      } else {
        this.handlers.escape();
      }
      return;
    }
    if (this.open && action !== 'help') return;
    e.preventDefault();
    if (action === 'help') this.show();
    else if (isMove(action)) this.handlers.move(action);
    else this.handlers[action]();
  }
}
