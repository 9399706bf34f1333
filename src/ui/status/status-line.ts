/**
 * The status line: backend (and why not WebGPU), speeds, replay fill, counters, running
 * statistics. Each field is an element with `data-stat="key"` and its raw number in `data-value`.
 */
import type { RlSnapshot } from '../../rl/session.js';
import { statusItems } from './format.js';

export class StatusLine {
  private readonly cells = new Map<string, { root: HTMLElement; value: HTMLElement }>();
  private readonly reason: HTMLElement;

  constructor(private readonly host: HTMLElement) {
    this.reason = document.createElement('div');
    this.reason.className = 'backend-reason';
    this.reason.dataset.testid = 'backend-reason';
    host.after(this.reason);
  }

  update(s: RlSnapshot): void {
    for (const item of statusItems(s)) {
      let cell = this.cells.get(item.key);
      if (!cell) {
        const root = document.createElement('span');
        root.className = 'stat';
        root.dataset.stat = item.key;
        root.innerHTML = `<span class="stat-label">${item.label}</span> <span class="stat-value"></span>`;
        this.host.append(root);
        cell = { root, value: root.querySelector('.stat-value')! };
        this.cells.set(item.key, cell);
      }
      if (cell.value.textContent !== item.text) cell.value.textContent = item.text;
      if (item.value !== undefined) cell.root.dataset.value = String(item.value);
      if (item.title) cell.root.title = item.title;
    }
    const why = s.backend.reason ? `Not WebGPU: ${s.backend.reason}` : '';
    if (this.reason.textContent !== why) this.reason.textContent = why;
  }
}
