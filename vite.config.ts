import { defineConfig } from 'vite';

// Traps (DESIGN.md): tfjs, its backends and comlink must be pre-bundled for the dev worker.
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  optimizeDeps: {
    include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', 'comlink', 'pixi.js', 'seedrandom'],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: { host: '127.0.0.1' },
});
