/**
 * An explanation as plain data (what the "?" dialogs show), and the number formats they use.
 * Topic builders (topics/*.ts) turn live values into an ExplainContent; render.ts turns that into
 * HTML. Pure: no DOM, no KaTeX, so tests check contents in Node.
 *
 * TeX appears in three places: `math` blocks (display equations), `$...$` spans inside text and
 * value labels (inline). Plain text never contains a `$` of its own.
 */

export type Block =
  /** A paragraph; `$...$` spans are inline TeX. */
  | { kind: 'text'; text: string }
  /** A subheading inside the dialog. */
  | { kind: 'heading'; text: string }
  /** A display equation (TeX). */
  | { kind: 'math'; tex: string }
  /** Named live values: label (text with `$...$`) and its formatted value. */
  | { kind: 'values'; rows: ValueRow[] }
  /** A small table; cells are text with `$...$`. `highlight`: row indices to mark. */
  | { kind: 'table'; head: string[]; rows: string[][]; highlight?: number[] };

export interface ValueRow {
  label: string;
  value: string;
}

export interface ExplainContent {
  title: string;
  blocks: Block[];
}

/**
 * A number as the dialogs print it: integers as they are, others to `digits` significant digits
 * (trailing zeros dropped), exponent form below 1e-4 or from 1e9. NaN and infinities by name.
 */
export function num(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e9) return String(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(digits)));
}

/** `num(x)` as TeX: exponents as `\times 10^{k}`, infinities as `\infty`. */
export function texNum(x: number, digits = 4): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  const s = num(x, digits);
  const e = s.indexOf('e');
  return e < 0 ? s : `${s.slice(0, e)} \\times 10^{${Number(s.slice(e + 1))}}`;
}

/** `texNum(x)`, in parentheses when negative (for a term after an operator: `0.99 \times (-1.2)`). */
export function texTerm(x: number, digits = 4): string {
  const t = texNum(x, digits);
  return x < 0 || Object.is(x, -0) ? `(${t})` : t;
}

/** A probability as a percentage with one decimal: 0.04 -> "4.0%". */
export function percent(p: number): string {
  return Number.isFinite(p) ? `${(100 * p).toFixed(1)}%` : '–';
}

/** Every string of the content (text, TeX, labels, values), one per line: what tests search. */
export function contentText(c: ExplainContent): string {
  const parts: string[] = [c.title];
  for (const b of c.blocks) {
    if (b.kind === 'text' || b.kind === 'heading') parts.push(b.text);
    else if (b.kind === 'math') parts.push(b.tex);
    else if (b.kind === 'values') for (const r of b.rows) parts.push(`${r.label}: ${r.value}`);
    else parts.push(b.head.join(' | '), ...b.rows.map((r) => r.join(' | ')));
  }
  return parts.join('\n');
}

/** Every piece of TeX in the content, display and inline, in order (for render checks). */
export function contentTex(c: ExplainContent): { tex: string; display: boolean }[] {
  const out: { tex: string; display: boolean }[] = [];
  const inline = (text: string): void => {
    text.split('$').forEach((part, i) => {
      if (i % 2 === 1) out.push({ tex: part, display: false });
    });
  };
  for (const b of c.blocks) {
    if (b.kind === 'math') out.push({ tex: b.tex, display: true });
    else if (b.kind === 'text' || b.kind === 'heading') inline(b.text);
    else if (b.kind === 'values') for (const r of b.rows) inline(r.label);
    else for (const cell of [...b.head, ...b.rows.flat()]) inline(cell);
  }
  return out;
}
