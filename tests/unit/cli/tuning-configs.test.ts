/** Every run config shipped under docs/tuning-runs is one `npm run train -- --config FILE` accepts. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRunConfig } from '../../../src/cli/run-config.js';

describe('docs/tuning-runs configs', () => {
  const files = readdirSync('docs/tuning-runs').filter((f) => f.endsWith('.json')).map((f) => `docs/tuning-runs/${f}`);

  it('are there, and each one validates (no misspelt or out-of-range setting)', () => {
    expect(files).toContain('docs/tuning-runs/corridors16-c16-g.json');
    for (const file of files) expect(() => readRunConfig(file), file).not.toThrow();
  });
});
