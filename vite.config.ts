import { defineConfig } from 'vite';
import { SECURITY_HEADERS } from './src/security.js';

// Traps (DESIGN.md): tfjs, its backends and comlink must be pre-bundled for the dev worker.
// The dev server's own client injects inline scripts and uses eval-free HMR; its CSP would need
// 'unsafe-inline', so `npm run dev` sends COOP/COEP only and `npm start` (preview) sends all.
const { 'Content-Security-Policy': _csp, ...DEV_HEADERS } = SECURITY_HEADERS;

export default defineConfig({
  base: './',
  worker: { format: 'es' },
  optimizeDeps: {
    include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', 'comlink', 'pixi.js', 'seedrandom'],
  },
  // No data: URLs for assets: the CSP's connect-src is 'self' only (the judges' small JSON would be inlined).
  build: { target: 'es2022', chunkSizeWarningLimit: 4096, assetsInlineLimit: 0 },
  server: { headers: DEV_HEADERS },
  preview: { host: '127.0.0.1', headers: { ...SECURITY_HEADERS } },
});
