/**
 * TeX to HTML through KaTeX (bundled; its CSS and fonts come from tex-styles.ts, same origin).
 * Throws on TeX that KaTeX cannot parse: the explanations' TeX is ours, and a test renders all of it.
 */
import katex from 'katex';

export type TexRenderer = (tex: string, display: boolean) => string;

export const renderTex: TexRenderer = (tex, display) =>
  katex.renderToString(tex, { displayMode: display, throwOnError: true, output: 'htmlAndMathml', strict: 'error', trust: false });
