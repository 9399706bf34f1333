/** The baselines and the plot command end to end: train --agent tabular, eval, eval --agent random, plot. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/core/win-interval.js';

const run = promisify(execFile);

async function cli(script: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const jsonLines = (text: string): Record<string, unknown>[] => text.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('baselines and plots, through the real commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paclab-baselines-'));
  const tabular = join(dir, 'tabular');

  it('train --agent tabular writes a run folder; eval plays its Q-table greedily; plot draws it', async () => {
    const trained = await cli('train', ['--agent', 'tabular', '--layout', 'tiny7', '--steps', '2000', '--seed', '2', '--out', tabular]);
    expect(trained.code, trained.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(tabular, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ command: 'train', agent: 'tabular', seed: 2, steps: 2000, layout: { name: 'tiny7' }, config: { tabular: { alpha: 0.2, gamma: 0.8, epsilon: 0.05 } } });
    const rows = jsonLines(readFileSync(join(tabular, 'metrics.jsonl'), 'utf8'));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.every((r) => r.type === 'episode')).toBe(true);
    expect(existsSync(join(tabular, 'checkpoint', 'qtable.json'))).toBe(true);

    const evaluation = await cli('eval', ['--agent', 'tabular', '--checkpoint', tabular, '--episodes', '20', '--json']);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const result = jsonLines(evaluation.stdout)[0];
    expect(result).toMatchObject({ agent: 'tabular', layout: 'tiny7', episodes: 20 });
    expect(result.winRate).toBeGreaterThan(0.9);
    expect(typeof result.unseenShare).toBe('number');

    const png = join(tabular, 'plot.png');
    const plotted = await cli('plot', [tabular, '--out', png, '--window', '20']);
    expect(plotted.code, plotted.stderr).toBe(0);
    expect(jsonLines(plotted.stdout)[0]).toMatchObject({ agent: 'tabular', layout: 'tiny7', seed: 2, window: 20 });
    const bytes = readFileSync(png);
    expect(Array.from(bytes.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1000, 700]);
  }, 120_000);

  it('eval --agent random needs no checkpoint and is the same for the same seed', async () => {
    const args = ['--agent', 'random', '--layout', 'starter7', '--episodes', '20', '--seed', '3', '--json'];
    const [a, b] = [await cli('eval', args), await cli('eval', args)];
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const result = jsonLines(a.stdout)[0];
    expect(result).toMatchObject({ agent: 'random', layout: 'starter7', episodes: 20 });
    // The win rate comes with its 95% interval, in the JSON and in the sentence.
    expect(result.winRateInterval95).toEqual(wilsonInterval(Math.round((result.winRate as number) * 20), 20));
    const text = await cli('eval', args.filter((arg) => arg !== '--json'));
    expect(text.stdout).toMatch(/starter7 \(random\): 20 greedy episodes, win rate \d+\.\d%.*; win rate's 95% interval \d+\.\d-\d+\.\d%/);
  }, 60_000);

  it('train --agent approx learns medium20 in 30 games; eval plays its weights; the DQN eval names it', async () => {
    const out = join(dir, 'approx');
    const trained = await cli('train', ['--agent', 'approx', '--layout', 'medium20', '--episodes', '30', '--seed', '1', '--ghosts', 'random', '--out', out]);
    expect(trained.code, trained.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ agent: 'approx', episodes: 30, config: { approx: { alpha: 0.2, gamma: 0.8, epsilon: 0.05 } } });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { weights: Record<string, number> };
    expect(Object.keys(summary.weights)).toEqual(['bias', 'ghostsOneStepAway', 'eatsFood', 'closestFood']);
    const evaluation = await cli('eval', ['--agent', 'approx', '--checkpoint', out, '--episodes', '30', '--seed', '4', '--json']);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const result = jsonLines(evaluation.stdout)[0];
    expect(result).toMatchObject({ agent: 'approx', layout: 'medium20', ghosts: 'random', episodes: 30 });
    expect(result.winRate).toBeGreaterThan(0.5);
    const asDqn = await cli('eval', ['--checkpoint', out]);
    expect(asDqn.stderr).toMatch(/holds an approximate Q-learner's weights: add --agent approx/);
  }, 60_000);

  it('train --agent random writes the same run shape without a checkpoint', async () => {
    const out = join(dir, 'random');
    const r = await cli('train', ['--agent', 'random', '--layout', 'starter7', '--episodes', '30', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(jsonLines(readFileSync(join(out, 'metrics.jsonl'), 'utf8'))).toHaveLength(30);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ agent: 'random', episodes: 30, steps: null });
    expect(existsSync(join(out, 'checkpoint'))).toBe(false);
  }, 60_000);

  it('refuses flags that do not fit the agent, naming them', async () => {
    const dqnAlpha = await cli('train', ['--out', join(dir, 'x'), '--alpha', '0.5']);
    expect(dqnAlpha.code).toBe(2);
    expect(dqnAlpha.stderr).toMatch(/--alpha is for --agent tabular or approx only/);
    const badGamma = await cli('train', ['--agent', 'tabular', '--out', join(dir, 'y'), '--gamma', '1.5']);
    expect(badGamma.stderr).toMatch(/--gamma must be a number in \[0, 1\], got "1.5"/);
    const noLayout = await cli('eval', ['--agent', 'random']);
    expect(noLayout.stderr).toMatch(/--agent random needs --layout/);
    const wrongAgent = await cli('eval', ['--checkpoint', tabular]);
    expect(wrongAgent.stderr).toMatch(/holds a tabular Q-table: add --agent tabular/);
    const badAgent = await cli('train', ['--agent', 'ppo']);
    expect(badAgent.stderr).toMatch(/--agent must be one of dqn, random, tabular, approx, got "ppo"/);
  }, 60_000);
});
