/** Explanation lines as a definition list. */
import type { TdLine } from './td-text.js';

/** `<dl>` rows: each `<div data-key>` holds a `<dt>` label and a `<dd data-value>` text (data-value: the raw number). */
export function renderLines(list: HTMLElement, lines: TdLine[]): void {
  list.replaceChildren(...lines.map((line) => {
    const row = document.createElement('div');
    row.dataset.key = line.key;
    const dt = document.createElement('dt');
    dt.textContent = line.label;
    const dd = document.createElement('dd');
    dd.textContent = line.text;
    if (line.value !== null) dd.dataset.value = String(line.value);
    row.append(dt, dd);
    return row;
  }));
}
