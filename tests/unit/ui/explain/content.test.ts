/** The explanations' number formats, the epsilon-greedy odds and the HTML renderer (with the real KaTeX). */
import { describe, expect, it } from 'vitest';
import { contentTex, contentText, type ExplainContent, num, percent, texNum, texTerm } from '../../../../src/ui/explain/content.js';
import { escapeHtml, renderContentHtml } from '../../../../src/ui/explain/render.js';
import { renderTex } from '../../../../src/ui/explain/tex.js';
import { epsilonGreedyOdds } from '../../../../src/ui/explain/topics/q-values.js';

describe('number formats', () => {
  it('prints integers whole, others to 4 significant digits, tiny and huge ones with exponents', () => {
    expect([num(42), num(-500), num(0.99), num(-0.01), num(1.23456), num(1234.56), num(0.000123)]).toEqual(['42', '-500', '0.99', '-0.01', '1.235', '1235', '0.000123']);
    expect([num(1.5e-5), num(2e10 + 0.5), num(NaN), num(Infinity), num(-Infinity)]).toEqual(['1.5e-5', '2e+10', 'NaN', '∞', '−∞']);
    expect([texNum(1.5e-5), texNum(-3), texNum(Infinity)]).toEqual(['1.5 \\times 10^{-5}', '-3', '\\infty']);
    expect([texTerm(-1.25), texTerm(0.5)]).toEqual(['(-1.25)', '0.5']);
    expect(percent(0.04)).toBe('4.0%');
  });
});

describe('epsilon-greedy odds', () => {
  it('a random move with probability epsilon; a move other than the greedy one with epsilon (A - 1) / A', () => {
    expect(epsilonGreedyOdds(0.05, 5)).toEqual({ random: 0.05, differs: 0.04 });
    expect(epsilonGreedyOdds(1, 5).differs).toBeCloseTo(0.8, 12);
    expect(epsilonGreedyOdds(0, 5)).toEqual({ random: 0, differs: 0 });
    expect(epsilonGreedyOdds(0.5, 1).differs).toBe(0);
  });
});

describe('render', () => {
  const content: ExplainContent = {
    title: 't',
    blocks: [
      { kind: 'text', text: 'a <b> & $\\gamma = 0.99$ b' },
      { kind: 'math', tex: 'y = r + \\gamma \\max_{a\'} Q(s\', a\')' },
      { kind: 'values', rows: [{ label: '$\\varepsilon$', value: '0.05' }] },
      { kind: 'table', head: ['a', '$Q$'], rows: [['North', '1.5'], ['South', '-2']], highlight: [1] },
      { kind: 'math', tex: '\\frac{1}{' },
    ],
  };

  it('escapes text, typesets TeX with KaTeX and shows TeX it cannot parse as source', () => {
    const html = renderContentHtml(content, renderTex);
    expect(html).toContain('a &lt;b&gt; &amp; ');
    expect(html).toContain('class="katex"');
    expect(html).toContain('<mn>0.99</mn>');
    expect(html).toContain('<tr class="explain-mark"><td>South</td><td>-2</td></tr>');
    expect(html).toContain('<code class="explain-tex-error">\\frac{1}{</code>');
    expect(escapeHtml('"\'')).toBe('&quot;&#39;');
  });

  it('lists every piece of TeX and every string', () => {
    expect(contentTex(content).map((t) => t.display)).toEqual([false, true, false, false, true]);
    expect(contentText(content)).toContain('North | 1.5');
  });
});
