/**
 * Every run config shipped under docs/tuning-runs is one `npm run train -- --config FILE` accepts,
 * and is the config its measured runs used: a fresh run from the file trains (and evaluates) the
 * way the figures in BENCHMARKS.md were made.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRunConfig } from '../../../src/cli/run-config.js';
import { resolveDqnConfig } from '../../../src/rl/config.js';

const DIR = 'docs/tuning-runs';

/**
 * Settings runs changed on a resume by editing manifest.json, before `--resume DIR --config FILE`
 * recorded such changes in the manifest's `resumes` (docs/tuning.md tells these): `run dir: keys`.
 */
const DOCUMENTED_RESUME_CHANGES: Record<string, readonly string[]> = {
  'corridors16-c16-d-s2': ['policyAverageDecay'],
  'corridors16-c16-d-s3': ['policyAverageDecay'],
};

/** The manifests of a config's runs: DIR/NAME-sK/manifest.json and DIR/NAME/seedK/manifest.json. */
function runManifests(name: string): string[] {
  const own = readdirSync(DIR).filter((d) => d === name || new RegExp(`^${name}-s\\d+$`).test(d));
  return own.flatMap((d) => {
    const top = `${DIR}/${d}/manifest.json`;
    const seeds = readdirSync(`${DIR}/${d}`).filter((s) => /^seed\d+$/.test(s)).map((s) => `${DIR}/${d}/${s}/manifest.json`);
    return [top, ...seeds].filter((m) => existsSync(m));
  });
}

describe('docs/tuning-runs configs', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => `${DIR}/${f}`);

  it('are there, and each one validates (no misspelt or out-of-range setting)', () => {
    expect(files).toContain(`${DIR}/corridors16-c16-g.json`);
    for (const file of files) expect(() => readRunConfig(file), file).not.toThrow();
  });

  it("match their runs' manifests in every setting the manifest records", () => {
    let compared = 0;
    for (const file of files) {
      const name = file.slice(DIR.length + 1, -'.json'.length);
      const resolved = resolveDqnConfig(readRunConfig(file).dqn ?? {}) as unknown as Record<string, unknown>;
      for (const manifest of runManifests(name)) {
        const { config, resumes = [] } = JSON.parse(readFileSync(manifest, 'utf8')) as {
          config: { dqn: Record<string, unknown> }; resumes?: { changed?: { dqn?: Record<string, unknown> } }[];
        };
        const recorded = config.dqn;
        const allowed = [...(DOCUMENTED_RESUME_CHANGES[manifest.split('/')[2]] ?? []), ...resumes.flatMap((r) => Object.keys(r.changed?.dqn ?? {}))];
        // Keys newer than the run are absent from its manifest: they had their default then.
        for (const key of Object.keys(recorded).filter((k) => k in resolved && !allowed.includes(k))) {
          expect(recorded[key], `${manifest}: dqn.${key} (${file} says ${String(resolved[key])})`).toEqual(resolved[key]);
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});
