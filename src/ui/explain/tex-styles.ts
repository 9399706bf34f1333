/**
 * The page's KaTeX: the renderer with KaTeX's stylesheet, whose fonts Vite bundles as files of
 * this origin (the CSP's font-src is 'self'; assetsInlineLimit 0 keeps them out of data: URLs).
 * Loaded on the first "?" (see explainer.ts), so the page's first load carries no KaTeX.
 */
import 'katex/dist/katex.min.css';

export { renderTex } from './tex.js';
