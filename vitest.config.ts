import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on the 2-core CI machine that is one, and
    // the suite ran file after file (795 s, session 13). Two workers overlap the CPU-bound learning
    // test with the browser and WebGPU tests, which wait on Chromium and Dawn; the whole suite
    // passed that way even with two training runs loading both cores (958 s, session 14).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
