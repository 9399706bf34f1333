/** The real commands, end to end (as CleanRL tests its scripts): play, train, eval. */
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules/.bin/tsx');

async function cli(script: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(TSX, [`src/cli/${script}.ts`, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const jsonLines = (text: string): Record<string, unknown>[] => text.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('npm run play', () => {
  it('--list --json prints one object per shipped layout', async () => {
    const { stdout, code } = await cli('play', ['--list', '--json']);
    expect(code).toBe(0);
    const rows = jsonLines(stdout);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.find((r) => r.name === 'starter7')).toMatchObject({ width: 7, height: 7, food: 2, capsules: 0, ghosts: 1 });
    for (const r of rows) expect(Object.keys(r).sort()).toEqual(['capsules', 'description', 'food', 'ghosts', 'height', 'name', 'width']);
  });

  it('plays episodes as JSON lines plus a summary, the same for the same seed', async () => {
    const args = ['--layout', 'medium20', '--policy', 'random', '--ghosts', 'directional', '--episodes', '5', '--seed', '4', '--json'];
    const a = await cli('play', args);
    const b = await cli('play', args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const rows = jsonLines(a.stdout);
    expect(rows).toHaveLength(6);
    expect(Object.keys(rows[0]).sort()).toEqual(['capsulesEaten', 'episode', 'foodEaten', 'ghostsEaten', 'score', 'steps', 'terminated', 'truncated', 'won'].sort());
    expect(rows[5]).toMatchObject({ summary: true, episodes: 5, layout: 'medium20' });
  });

  it('refuses bad flags and bad layouts with a clear message and exit code 2', async () => {
    const bad = await cli('play', ['--episodes', '-3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--episodes must be an integer in \[1, 1000000\], got "-3"/);
    const unknown = await cli('play', ['--layout', 'nope']);
    expect(unknown.stderr).toMatch(/unknown layout "nope" \(shipped: .*starter7/);
    const dir = mkdtempSync(join(tmpdir(), 'paclab-'));
    writeFileSync(join(dir, 'bad.lay'), '%%%%\n%P.%\n%x %\n%%%%\n');
    const layoutError = await cli('play', ['--layout', join(dir, 'bad.lay')]);
    expect(layoutError.code).toBe(2);
    expect(layoutError.stderr).toMatch(/bad\.lay: line 3, column 2: unknown character "x"/);
  });
});

describe('npm run train / eval', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paclab-train-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ env: { maxSteps: 40 }, dqn: { batchSize: 8, replayCapacity: 1000, learningStarts: 50, trainEvery: 4, reportEvery: 5, targetSyncEvery: 20 } }));
  const trainArgs = (out: string, steps: number): string[] => ['--layout', 'starter7', '--steps', String(steps), '--seed', '3', '--net', 'small', '--envs', '2', '--config', config, '--out', out];

  it('two runs with the same seed write byte-identical metrics.jsonl; resume continues', async () => {
    const [a, b] = await Promise.all([cli('train', trainArgs(join(dir, 'a'), 300)), cli('train', trainArgs(join(dir, 'b'), 300))]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ma = readFileSync(join(dir, 'a', 'metrics.jsonl'), 'utf8');
    expect(ma).toBe(readFileSync(join(dir, 'b', 'metrics.jsonl'), 'utf8'));
    const rows = jsonLines(ma);
    expect(rows.some((r) => r.type === 'episode')).toBe(true);
    expect(rows.some((r) => r.type === 'train')).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'a', 'manifest.json'), 'utf8')) as { seed: number; backend: { name: string }; versions: Record<string, string>; config: { dqn: { net: string } } };
    expect(manifest).toMatchObject({ seed: 3, backend: { name: 'cpu' }, config: { dqn: { net: 'small' } } });
    expect(manifest.versions.tfjs).toMatch(/^4\./);
    const summary = JSON.parse(readFileSync(join(dir, 'a', 'summary.json'), 'utf8')) as { envSteps: number; updates: number };
    expect(summary.envSteps).toBe(300);

    const resumed = await cli('train', ['--resume', join(dir, 'a'), '--steps', '400', '--refill', '60']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = JSON.parse(readFileSync(join(dir, 'a', 'summary.json'), 'utf8')) as { envSteps: number; updates: number };
    expect(after.envSteps).toBe(400);
    expect(after.updates).toBeGreaterThan(summary.updates);
    expect(after.updates).toBeLessThanOrEqual(summary.updates + (100 - 60) / 4 + 1); // none before the 60 env steps of refill (at trainEvery 4)
    expect(readFileSync(join(dir, 'a', 'metrics.jsonl'), 'utf8').startsWith(ma)).toBe(true);

    // A resume may change settings through --config; the manifest records each resume and what it changed.
    const change = join(dir, 'change.json');
    writeFileSync(change, JSON.stringify({ dqn: { softmaxTemperature: 0.2, batchSize: 8, replayCapacity: 500 } }));
    const changed = await cli('train', ['--resume', join(dir, 'a'), '--steps', '450', '--config', change]);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).toContain('resumed at 400 env steps with {"dqn":{"softmaxTemperature":0.2,"replayCapacity":500}}');
    expect(changed.stderr).toContain('refilling the replay memory: learning continues after 500 env steps'); // by default, its capacity
    type Resumed = { config: { dqn: { softmaxTemperature: number; replayCapacity: number; batchSize: number } }; resumes: { atEnvSteps: number; steps: number; backend: string; refill: number; changed?: unknown }[] };
    const record = JSON.parse(readFileSync(join(dir, 'a', 'manifest.json'), 'utf8')) as Resumed;
    expect(record.config.dqn).toMatchObject({ softmaxTemperature: 0.2, replayCapacity: 500, batchSize: 8 });
    expect(record.resumes.map(({ atEnvSteps, steps, backend, refill, changed: c }) => ({ atEnvSteps, steps, backend, refill, changed: c }))).toEqual([
      { atEnvSteps: 300, steps: 400, backend: 'cpu', refill: 60, changed: undefined },
      { atEnvSteps: 400, steps: 450, backend: 'cpu', refill: 500, changed: { dqn: { softmaxTemperature: 0.2, replayCapacity: 500 } } },
    ]);
    const refilled = JSON.parse(readFileSync(join(dir, 'a', 'summary.json'), 'utf8')) as { envSteps: number; updates: number };
    expect(refilled).toMatchObject({ envSteps: 450, updates: after.updates }); // 50 env steps, all refilling
    const notResuming = await cli('train', [...trainArgs(join(dir, 'c'), 10), '--refill', '5']);
    expect(notResuming.code).toBe(2);
    expect(notResuming.stderr).toContain('--refill 5 is for --resume only');
    // What the checkpoint cannot take is refused, naming the setting and both values; nothing is written.
    writeFileSync(change, JSON.stringify({ dqn: { net: 'nature' } }));
    const refused = await cli('train', ['--resume', join(dir, 'a'), '--steps', '500', '--config', change]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/dqn\.net is "nature" but the run being resumed has "small"/);
    for (const [flag, value] of [['--envs', '4'], ['--layout', 'starter7'], ['--seed', '3']]) {
      const flagRefused = await cli('train', ['--resume', join(dir, 'a'), '--steps', '500', flag, value]);
      expect(flagRefused.code, flag).toBe(2);
      expect(flagRefused.stderr).toContain(`${flag} ${value}: a resumed run keeps its own; to change a setting on a resume, name it in --config FILE.json`);
    }
    expect((JSON.parse(readFileSync(join(dir, 'a', 'manifest.json'), 'utf8')) as Resumed).resumes).toHaveLength(2);

    const evaluation = await cli('eval', ['--checkpoint', join(dir, 'a'), '--episodes', '6', '--seed', '2', '--json']);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const result = jsonLines(evaluation.stdout)[0];
    expect(result).toMatchObject({ episodes: 6, layout: 'starter7' });
    expect(typeof result.winRate).toBe('number');
  }, 300_000);

  it('compact writes what plays in half precision; eval reads it and a copy of the run resumes from it', async () => {
    // The run folder of the test above; the row is what a session commits (docs/tuning-runs/ROW).
    const row = join(dir, 'row');
    mkdirSync(row);
    copyFileSync(join(dir, 'a', 'manifest.json'), join(row, 'manifest.json'));
    const compact = await cli('compact', ['--checkpoint', join(dir, 'a'), '--out', join(row, 'checkpoint')]);
    expect(compact.code, compact.stderr).toBe(0);
    const report = jsonLines(compact.stdout)[0] as { envSteps: number; bytes: number; fullBytes: number };
    // No policy average in this run: the full one holds online, target and Adam's two moments in float32.
    expect(report).toMatchObject({ envSteps: 450, fullBytes: 8 * report.bytes });
    const evaluation = await cli('eval', ['--checkpoint', row, '--episodes', '3', '--json']);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    expect(jsonLines(evaluation.stdout)[0]).toMatchObject({ episodes: 3, layout: 'starter7' });
    const resumed = await cli('train', ['--resume', row, '--steps', '520', '--refill', '20']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('is a compact checkpoint (npm run compact): the target net starts as the online net');
    const summary = JSON.parse(readFileSync(join(row, 'summary.json'), 'utf8')) as { envSteps: number; updates: number };
    expect(summary.envSteps).toBe(520);
    const refused = await cli('compact', ['--checkpoint', join(dir, 'a'), '--out', join(dir, 'a', 'checkpoint')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is the checkpoint being compacted; write the compact one elsewhere');
  }, 300_000);

  it('--eval-every writes greedy evaluations that npm run eval reproduces, without changing the training rows', async () => {
    const [plain, evaluated] = await Promise.all([
      cli('train', trainArgs(join(dir, 'plain'), 300)),
      cli('train', [...trainArgs(join(dir, 'evaluated'), 300), '--eval-every', '150', '--eval-episodes', '6']),
    ]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/greedy eval at 150 env steps: 6 episodes \(seed 3\), win rate \d+\.\d%, caught \d+\.\d%, out of time \d+\.\d%, mean score [+-]\d+.*; win rate's 95% interval \d+\.\d-\d+\.\d%/);
    const rows = readFileSync(join(dir, 'evaluated', 'metrics.jsonl'), 'utf8').split('\n');
    const evalRows = rows.filter((l) => l.includes('"type":"eval"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.filter((l) => !l.includes('"type":"eval"')).join('\n')).toBe(readFileSync(join(dir, 'plain', 'metrics.jsonl'), 'utf8'));
    expect(evalRows.map((r) => r.envSteps)).toEqual([150, 300]);
    expect(evalRows[1]).toMatchObject({ evalEpisodes: 6, seed: 3, episodes: expect.any(Number), updates: expect.any(Number), policy: 'online' });
    const manifest = JSON.parse(readFileSync(join(dir, 'evaluated', 'manifest.json'), 'utf8')) as { evaluation: unknown };
    expect(manifest.evaluation).toEqual({ every: 150, episodes: 6, seed: 3 });
    // The last evaluation is the final checkpoint's: npm run eval plays the same episodes.
    const replay = await cli('eval', ['--checkpoint', join(dir, 'evaluated'), '--episodes', '6', '--seed', '3', '--json']);
    expect(replay.code, replay.stderr).toBe(0);
    const replayed = jsonLines(replay.stdout)[0];
    const figures = ['winRate', 'caughtRate', 'timeoutRate', 'meanScore', 'meanSteps', 'meanFood'];
    expect(figures.map((k) => replayed[k])).toEqual(figures.map((k) => evalRows[1][k]));
    expect(Number(replayed.winRate) + Number(replayed.caughtRate) + Number(replayed.timeoutRate)).toBeCloseTo(1, 12);
    // RUN/best holds the better evaluation's checkpoint: npm run eval on it plays that row's episodes.
    const [first, last] = evalRows as unknown as { winRate: number; meanScore: number; envSteps: number }[];
    const better = last.winRate > first.winRate || (last.winRate === first.winRate && last.meanScore > first.meanScore) ? evalRows[1] : evalRows[0];
    expect(JSON.parse(readFileSync(join(dir, 'evaluated', 'best', 'eval.json'), 'utf8'))).toEqual(better);
    const replayBest = await cli('eval', ['--checkpoint', join(dir, 'evaluated', 'best'), '--episodes', '6', '--seed', '3', '--json']);
    expect(replayBest.code, replayBest.stderr).toBe(0);
    expect(figures.map((k) => jsonLines(replayBest.stdout)[0][k])).toEqual(figures.map((k) => better[k]));

    const orphan = await cli('train', [...trainArgs(join(dir, 'orphan'), 10), '--eval-seed', '4']);
    expect(orphan.code).toBe(2);
    expect(orphan.stderr).toMatch(/--eval-seed 4 needs --eval-every N/);
  }, 300_000);

  it('--episodes N stops with at most N training episodes; a policy-average run evaluates its average, as npm run eval does', async () => {
    const averaged = join(dir, 'averaged.json');
    writeFileSync(averaged, JSON.stringify({ env: { maxSteps: 40 }, dqn: { batchSize: 8, replayCapacity: 1000, learningStarts: 50, trainEvery: 4, reportEvery: 5, targetSyncEvery: 20, policyAverageDecay: 0.9 } }));
    const out = join(dir, 'capped');
    const args = [...trainArgs(out, 100_000).map((a) => (a === config ? averaged : a)), '--episodes', '13', '--eval-every', '1000000', '--eval-episodes', '4'];
    const run = await cli('train', args);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { episodes: number; envSteps: number; updates: number; greedy: Record<string, number | string> };
    expect(summary.episodes).toBeGreaterThan(13 - 2); // 2 envs: a tick ends at most 2 episodes
    expect(summary.episodes).toBeLessThanOrEqual(13);
    expect(summary.updates).toBeGreaterThan(0);
    const replay = await cli('eval', ['--checkpoint', out, '--episodes', '4', '--seed', '3', '--json']);
    expect(replay.code, replay.stderr).toBe(0);
    const replayed = jsonLines(replay.stdout)[0];
    expect(replayed.policy).toBe('average');
    expect(summary.greedy.policy).toBe('average');
    expect([replayed.winRate, replayed.meanScore, replayed.meanSteps]).toEqual([summary.greedy.winRate, summary.greedy.meanScore, summary.greedy.meanSteps]);
    const bad = await cli('train', [...trainArgs(join(dir, 'bad-episodes'), 10), '--episodes', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--episodes/);
  }, 300_000);

  it.each(['SIGINT', 'SIGTERM'] as const)('%s (Ctrl-C, kill) saves a checkpoint before exiting, and --resume continues from it', async (signal) => {
    const out = join(dir, `interrupted-${signal}`);
    // node --import tsx directly: the tsx wrapper process would answer the signal itself.
    // --eval-every far away: the only evaluation is the final one, which an interrupted run still gets.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/train.ts', ...trainArgs(out, 1_000_000), '--eval-every', '1000000', '--eval-episodes', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Wait until it is training (metrics appear), then interrupt.
    const started = Date.now();
    while (!existsSync(join(out, 'metrics.jsonl')) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain(`interrupted (${signal}): saving a checkpoint`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { interrupted: boolean; envSteps: number; greedy: { envSteps: number; evalEpisodes: number } };
    expect(summary.interrupted).toBe(true);
    expect(summary.greedy).toMatchObject({ envSteps: summary.envSteps, evalEpisodes: 2 });
    expect(existsSync(join(out, 'checkpoint', 'weights.bin'))).toBe(true);
    const resumed = await cli('train', ['--resume', out, '--steps', String(summary.envSteps + 20)]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { envSteps: number; updates: number; greedy: unknown };
    expect(after.envSteps).toBe(summary.envSteps + 20);
    // Those 20 env steps only refilled the replay: the policy is the one already evaluated, so no
    // evaluation repeats it at a later step.
    expect(after.updates).toBe((summary as unknown as { updates: number }).updates);
    expect(after.greedy).toBeNull();
    expect(readFileSync(join(out, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"eval"'))).toHaveLength(1);
  }, 120_000);

  it('refuses a config file with an unknown key, naming it', async () => {
    const badConfig = join(dir, 'bad.json');
    writeFileSync(badConfig, JSON.stringify({ dqn: { gama: 0.9 } }));
    const r = await cli('train', ['--out', join(dir, 'c'), '--config', badConfig]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown dqn setting "gama"/);
  });

  it('refuses a replay memory over the memory budget up front, with its cost and the limit', async () => {
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, JSON.stringify({ dqn: { replayCapacity: 5_000_000 } }));
    const r = await cli('train', ['--out', join(dir, 'd'), '--config', huge]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/replay capacity 5,000,000 needs [\d,]+ MB in all .* over the memory budget of [\d,]+ MB \(this Node's heap limit/);
  });
});
