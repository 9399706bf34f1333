/**
 * ExplainContent -> the HTML of a dialog's body. Pure (a string out), so Node tests can run it
 * with the real KaTeX. Plain text is escaped; TeX goes through `tex`, and TeX it refuses shows as
 * its source in <code> rather than breaking the dialog.
 */
import type { Block, ExplainContent } from './content.js';
import type { TexRenderer } from './tex.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function math(tex: TexRenderer, source: string, display: boolean): string {
  try {
    return tex(source, display);
  } catch {
    return `<code class="explain-tex-error">${escapeHtml(source)}</code>`;
  }
}

/** Text with `$...$` spans of inline TeX. */
function inline(tex: TexRenderer, text: string): string {
  return text.split('$').map((part, i) => (i % 2 === 1 ? math(tex, part, false) : escapeHtml(part))).join('');
}

function block(tex: TexRenderer, b: Block): string {
  switch (b.kind) {
    case 'text':
      return `<p>${inline(tex, b.text)}</p>`;
    case 'heading':
      return `<h4>${inline(tex, b.text)}</h4>`;
    case 'math':
      return `<div class="explain-math">${math(tex, b.tex, true)}</div>`;
    case 'values':
      return `<dl class="explain-values">${b.rows.map((r) => `<div><dt>${inline(tex, r.label)}</dt><dd>${escapeHtml(r.value)}</dd></div>`).join('')}</dl>`;
    case 'table': {
      const marked = new Set(b.highlight ?? []);
      const head = `<tr>${b.head.map((h) => `<th scope="col">${inline(tex, h)}</th>`).join('')}</tr>`;
      const rows = b.rows.map((r, i) => `<tr${marked.has(i) ? ' class="explain-mark"' : ''}>${r.map((c) => `<td>${inline(tex, c)}</td>`).join('')}</tr>`);
      return `<table class="explain-table"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
    }
  }
}

/** The body's HTML (the title goes in the dialog's heading, not here). */
export function renderContentHtml(content: ExplainContent, tex: TexRenderer): string {
  return content.blocks.map((b) => block(tex, b)).join('');
}
