/**
 * Runs carried between sessions (scripts/save-row.sh --carry): docs/tuning-runs/ROW/checkpoint/
 * holds a compact checkpoint that `npm run train -- --resume` continues and `npm run eval` plays.
 * Each must decode, be compact, be the run its manifest describes and stand where its summary
 * says the run stopped; a corrupt or mismatched commit fails here, not sessions later.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCheckpointDir } from '../../../src/cli/run-dir.js';
import { decodeDqnCheckpoint } from '../../../src/rl/checkpoint.js';
import { policyFromCheckpoint } from '../../../src/rl/greedy-policy.js';

const DIR = 'docs/tuning-runs';

interface Manifest { seed: number; layout: { name: string }; config: { dqn: { net: string; nStep: number; stopAction?: boolean } } }

describe('carried runs in docs/tuning-runs', () => {
  const rows = readdirSync(DIR).filter((d) => existsSync(`${DIR}/${d}/checkpoint/checkpoint.json`));

  it('exist for the medium20 runs that later sessions continue', () => {
    expect(rows.some((row) => row.startsWith('medium20-'))).toBe(true);
  });

  it.each(rows)('%s: a compact checkpoint of the run its manifest and summary describe', (row) => {
    const manifest = JSON.parse(readFileSync(`${DIR}/${row}/manifest.json`, 'utf8')) as Manifest;
    const { checkpoint, source } = loadCheckpointDir(`${DIR}/${row}`);
    const { meta } = decodeDqnCheckpoint(checkpoint, source);
    expect(meta.part).toBe('policy');
    expect(meta.seed).toBe(manifest.seed);
    expect(meta.layout.name).toBe(manifest.layout.name);
    expect(meta.config).toMatchObject({ net: manifest.config.dqn.net, nStep: manifest.config.dqn.nStep });
    if (existsSync(`${DIR}/${row}/summary.json`)) {
      const summary = JSON.parse(readFileSync(`${DIR}/${row}/summary.json`, 'utf8')) as { envSteps: number; updates: number };
      expect(meta.counters).toMatchObject({ envSteps: summary.envSteps, updates: summary.updates });
    }
    // The metrics it continues from end where the checkpoint stands.
    const rowsText = readFileSync(`${DIR}/${row}/metrics.jsonl`, 'utf8').trim().split('\n');
    const last = JSON.parse(rowsText[rowsText.length - 1]) as { envSteps: number };
    expect(last.envSteps).toBeLessThanOrEqual(meta.counters.envSteps);
    expect(policyFromCheckpoint(checkpoint, source).values.length).toBeGreaterThan(0);
  });
});
