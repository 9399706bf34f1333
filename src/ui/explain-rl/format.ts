/** Numbers as the explanations print them. Pure: testable in Node. */

/** Four significant digits, trailing zeros dropped; exponent form outside [0.001, 10,000). */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e4 || a < 1e-3) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

/** `num(x)`, in parentheses when negative (for a term inside a sum or product). */
export function term(x: number): string {
  return x < 0 ? `(${num(x)})` : num(x);
}

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A non-negative integer as superscript digits (γ² for gamma squared). */
export function sup(n: number): string {
  return String(n).split('').map((d) => SUPERSCRIPTS[Number(d)]).join('');
}
