/** `npm run gen` end to end: tiny models via --config, a few steps, every output file checked; a DQN trained in a world model's dream (`npm run train -- --dream`). */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../src/cli/args.js';
import { GEN_FLAGS, resolveGenRun } from '../../src/cli/gen/options.js';

const run = promisify(execFile);

async function gen(args: string[], entry = 'src/cli/gen.ts'): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', entry, ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function expectPng(path: string): { width: number; height: number } {
  expect(existsSync(path), path).toBe(true);
  const bytes = readFileSync(path);
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const rows = (path: string): Record<string, unknown>[] => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

function tempWith(config: object): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pac-lab-gen-'));
  const path = join(dir, 'tiny.json');
  writeFileSync(path, JSON.stringify(config));
  return { dir, config: path };
}

describe('npm run gen', () => {
  it('trains a tiny conditional VAE on digits and writes grids, views, metrics.jsonl and manifest.json', async () => {
    const { dir, config } = tempWith({ channels: [4, 8], latentDim: 4, batchSize: 8 });
    const out = join(dir, 'run');
    const r = await gen(['--model', 'vae', '--data', 'digits', '--conditional', '--steps', '4', '--seed', '3', '--out', out, '--config', config,
      '--metrics-every', '2', '--metrics-samples', '20', '--sample-every', '2', '--log-every', '1']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/vae on digits: 4 steps/);
    for (const step of ['000000', '000002', '000004']) {
      // One row of 8 per class: 10 rows of 32 px plus 1 px padding.
      expect(expectPng(join(out, 'samples', `step-${step}.png`))).toEqual({ width: 8 * 33 + 1, height: 10 * 33 + 1 });
    }
    expectPng(join(out, 'samples.png'));
    expectPng(join(out, 'reconstructions.png'));
    expectPng(join(out, 'interpolation.png'));
    const metrics = rows(join(out, 'metrics.jsonl'));
    expect(metrics.filter((m) => m.type === 'step').map((m) => m.step)).toEqual([1, 2, 3, 4]);
    const evals = metrics.filter((m) => m.type === 'metrics');
    expect(evals.map((m) => m.step)).toEqual([0, 2, 4]);
    for (const m of evals) {
      expect(m.features).toBe('judge-digits');
      expect(typeof m.kid).toBe('number');
      expect(m.classAccuracy).toBeGreaterThanOrEqual(0);
      expect(m.confusion).toHaveLength(10);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Record<string, any>;
    expect(manifest).toMatchObject({ command: 'gen', model: 'vae', data: 'digits', seed: 3, steps: 4 });
    expect(manifest.config).toMatchObject({ conditional: true, latentDim: 4, channels: [4, 8], batchSize: 8, imageSize: 32, numClasses: 10, beta: 1 });
    expect(manifest.backend.name).toBe('cpu');
    expect(manifest.versions.tfjs).toMatch(/^4\./);
    expect(manifest.dataset.info).toMatchObject({ name: 'digits', size: 32 });
    expect(manifest.judge).toMatchObject({ dataset: 'digits', features: 'judge-digits', scoresClasses: true });
    expect(manifest.timings.totalSeconds).toBeGreaterThan(0);
    expect(manifest.final.metrics.step).toBe(4);
  }, 40_000);

  it('gan writes its fixed-noise grid; diffusion on frames writes forward-noising and reverse strips', async () => {
    const { dir, config } = tempWith({ genChannels: [8, 8, 4], discChannels: [4, 8, 8], latentDim: 8, batchSize: 8 });
    const ganOut = join(dir, 'gan');
    const g = await gen(['--model', 'gan', '--data', 'digits', '--steps', '2', '--out', ganOut, '--config', config, '--metrics-samples', '10', '--sample-every', '1']);
    expect(g.code).toBe(0);
    expectPng(join(ganOut, 'fixed-noise', 'step-000002.png'));
    expectPng(join(ganOut, 'samples', 'step-000001.png'));
    const diff = tempWith({ channels: [4, 8], timesteps: 10, samplingSteps: 2, batchSize: 4 });
    const dOut = join(diff.dir, 'diffusion');
    const d = await gen(['--model', 'diffusion', '--data', 'frames', '--frames', '60', '--steps', '1', '--out', dOut, '--config', diff.config, '--metrics-samples', '6']);
    expect(d.code).toBe(0);
    expectPng(join(dOut, 'forward-noising.png'));
    expectPng(join(dOut, 'reverse.png'));
    const manifest = JSON.parse(readFileSync(join(dOut, 'manifest.json'), 'utf8')) as Record<string, any>;
    expect(manifest.dataset.frames).toMatchObject({ generator: 'framesFromRandomPlay', layout: 'starter7', count: 60 });
    expect(manifest.judge.features).toBe('judge-sprites (on frames)');
    const last = rows(join(dOut, 'metrics.jsonl')).filter((m) => m.type === 'metrics').at(-1) as Record<string, number>;
    expect(last.nearestReal).toBeGreaterThan(0);
  }, 40_000);

  it('saves model.paclab; --load goes on from it, and --steps 0 measures the same weights again', async () => {
    const { dir, config } = tempWith({ channels: [4, 8], timesteps: 10, samplingSteps: 2, batchSize: 4 });
    const first = join(dir, 'first');
    const common = ['--model', 'diffusion', '--data', 'digits', '--conditional', '--seed', '5', '--metrics-samples', '20'];
    expect((await gen([...common, '--steps', '2', '--config', config, '--out', first])).code).toBe(0);
    const kidOf = (out: string): number => (rows(join(out, 'metrics.jsonl')).filter((m) => m.type === 'metrics').at(-1) as { kid: number }).kid;
    const firstManifest = JSON.parse(readFileSync(join(first, 'manifest.json'), 'utf8')) as Record<string, any>;
    expect(firstManifest.outputs.files).toContain('model.paclab');

    const remeasured = join(dir, 'remeasured');
    expect((await gen([...common, '--steps', '0', '--load', join(first, 'model.paclab'), '--out', remeasured])).code).toBe(0);
    expect(kidOf(remeasured)).toBe(kidOf(first));

    // Going on: 1 more step, with a sampling option changed on top of the saved config.
    const sampling = tempWith({ samplingSteps: 1 });
    const more = join(dir, 'more');
    const r = await gen([...common, '--steps', '1', '--load', join(first, 'model.paclab'), '--config', sampling.config, '--out', more]);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(more, 'manifest.json'), 'utf8')) as Record<string, any>;
    expect(manifest).toMatchObject({ stepsBefore: 2, steps: 3, config: { channels: [4, 8], samplingSteps: 1, timesteps: 10 } });
    expect(manifest.runSeed).not.toBe(5);
    expect(rows(join(more, 'metrics.jsonl')).filter((m) => m.type === 'metrics').map((m) => m.step)).toEqual([2, 3]);

    const wrong = await gen(['--model', 'vae', '--data', 'digits', '--steps', '0', '--load', join(first, 'model.paclab'), '--out', join(dir, 'wrong')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/holds a diffusion model, not vae/);
  }, 60_000);

  it('bad flag values give a message naming the flag and the value', async () => {
    const bad = await gen(['--model', 'flow', '--out', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--model must be one of vae, gan, diffusion, got "flow"/);
    // The same checks in-process (each CLI start costs seconds here).
    const resolve = (args: string[]): unknown => resolveGenRun(parseFlags(args, GEN_FLAGS), args);
    expect(() => resolve(['--model', 'vae', '--data', 'digits', '--size', '84', '--out', 'x'])).toThrow(/--size must be 32 for --data digits .*got "84"/);
    expect(() => resolve(['--model', 'vae', '--data', 'frames', '--size', '40', '--out', 'x'])).toThrow(/--size must be 32 or 84 for --data frames, got "40"/);
    expect(() => resolve(['--model', 'vae', '--data', 'frames', '--conditional', '--out', 'x'])).toThrow(/--conditional needs a labelled dataset/);
    expect(() => resolve(['--model', 'vae', '--data', 'digits', '--layout', 'starter7', '--out', 'x'])).toThrow(/--layout is for --data frames only/);
    expect(() => resolve(['--model', 'vae', '--steps', '-1', '--out', 'x'])).toThrow(/--steps must be an integer in \[0, 10000000\], got "-1"/);
    expect(() => resolve(['--model', 'vae'])).toThrow(/--out DIR is required/);
    expect(() => resolve(['--model', 'vae', '--config', join(tmpdir(), 'no-such.json'), '--out', 'x'])).toThrow(/--config file not found/);
    const { config } = tempWith({ latentDim: -1 });
    const field = await gen(['--model', 'vae', '--steps', '1', '--config', config, '--out', join(tmpdir(), 'pac-lab-gen-never')]);
    expect(field.code).toBe(2);
    expect(field.stderr).toMatch(/vae.latentDim must be an integer in \[1, 256\], got -1/);
  }, 40_000);

  it('world models: trains on random play and reports 1-step and open-loop cell accuracy, PSNR, reward and termination against the engine', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pac-lab-world-'));
    const r = await gen(['--model', 'world-pixel', '--layout', 'starter7', '--steps', '2', '--transitions', '100', '--eval-episodes', '3', '--out', out, '--log-every', '1']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as Record<string, any>;
    expect(summary).toMatchObject({ model: 'world-pixel', layout: 'starter7', steps: 2 });
    expect(summary.oneStep.cellsGhostsAside).toBeGreaterThanOrEqual(0);
    expect(summary.oneStep.psnr).toBeGreaterThan(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Record<string, any>;
    expect(Object.keys(report.report.rollout)).toEqual(['1', '5', '20']);
    expect(rows(join(out, 'metrics.jsonl'))).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ model: 'world-pixel', data: { transitions: 100 } });
    // The saved model measures again from --load, with decoding options on top of its config.
    const again = mkdtempSync(join(tmpdir(), 'pac-lab-world-'));
    const { config } = tempWith({ keepMargin: 2, singlePacman: true });
    const loaded = await gen(['--model', 'world-pixel', '--layout', 'starter7', '--steps', '0', '--transitions', '100', '--eval-episodes', '3', '--load', join(out, 'model.paclab'), '--config', config, '--out', again]);
    expect(loaded.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(again, 'manifest.json'), 'utf8')) as Record<string, any>;
    expect(manifest).toMatchObject({ stepsBefore: 2, config: { keepMargin: 2, singlePacman: true } });
    const wrong = await gen(['--model', 'world-latent', '--steps', '0', '--transitions', '100', '--load', join(out, 'model.paclab'), '--out', again]);
    expect(wrong.stderr).toMatch(/holds a world-pixel model, not world-latent/);
    // A DQN trained inside the model's dream, then played in the real game.
    const dreamRun = join(again, 'dream-run');
    const dqn = tempWith({ dqn: { net: 'small', numEnvs: 2, learningStarts: 4, batchSize: 4, replayCapacity: 100, reportEvery: 1 } });
    const trained = await gen(['--layout', 'starter7', '--dream', join(out, 'model.paclab'), '--dream-endings', 'sampled', '--config', dqn.config, '--steps', '12', '--seed', '2', '--out', dreamRun], 'src/cli/train.ts');
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stderr).toMatch(/learning inside the dream of world-pixel \(2 training steps/);
    expect(JSON.parse(readFileSync(join(dreamRun, 'manifest.json'), 'utf8'))).toMatchObject({ dream: { model: 'world-pixel', steps: 2, endings: 'sampled' }, layout: { name: 'starter7' } });
    expect(rows(join(dreamRun, 'metrics.jsonl')).length).toBeGreaterThan(0);
    const played = await gen(['--checkpoint', dreamRun, '--episodes', '2', '--seed', '1', '--json'], 'src/cli/eval.ts');
    expect(played.code, played.stderr).toBe(0);
    expect(JSON.parse(played.stdout.trim().split('\n').at(-1) as string)).toMatchObject({ episodes: 2 });
    const vae = await gen(['--layout', 'starter7', '--dream', join(tmpdir(), 'pac-lab-no-such-model.paclab'), '--steps', '4', '--out', join(again, 'never')], 'src/cli/train.ts');
    expect(vae.code).toBe(2);
    expect(vae.stderr).toMatch(/--dream file not found: .*pac-lab-no-such-model\.paclab/);
    const stray = await gen(['--layout', 'starter7', '--dream-endings', 'sampled', '--steps', '4', '--out', join(again, 'never')], 'src/cli/train.ts');
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--dream-endings sampled needs --dream MODEL\.paclab/);
    const bad = await gen(['--model', 'world-latent', '--layout', 'starter7', '--steps', '-2', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--steps must be an integer in \[0, 10000000\], got "-2"/);
  }, 180_000);
});
