/**
 * `npm run train -- --agent random|tabular|approx`: the baselines' training runs, in the
 * run-folder shape of DQN runs (run-dir.ts): manifest.json (with `agent`), metrics.jsonl (the
 * same episode rows), summary.json, and checkpoint/qtable.json (tabular) or
 * checkpoint/approxq.json (approx, with its weights also in summary.json). No tfjs is used.
 * Budget: `--steps N` env steps, or `--episodes N` whole episodes (then --steps is ignored).
 */
import { join } from 'node:path';
import { existsSync, rmSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';
import { resolveEnvConfig, type EnvConfig } from '../env/env.js';
import { layoutToText } from '../env/layout.js';
import { BaselineTrainer, type BaselineKind } from '../rl/baselines/baseline-trainer.js';
import { resolveTabularConfig, type TabularConfig } from '../rl/baselines/config.js';
import { encodeTabularCheckpoint, TABULAR_CHECKPOINT_FILE } from '../rl/baselines/tabular-checkpoint.js';
import { APPROX_CHECKPOINT_FILE, encodeApproxCheckpoint } from '../rl/baselines/approx-checkpoint.js';
import { FEATURE_NAMES } from '../rl/baselines/features.js';
import type { ParsedFlags } from './args.js';
import { catalogueEntry, loadLayout } from './layouts.js';
import { Progress } from './progress.js';
import { readRunConfig } from './run-config.js';
import { ensureDir, MetricsWriter, packageVersions, writeAtomic, writeJson } from './run-dir.js';
import { catchInterrupt } from './interrupt.js';

export interface BaselineManifest {
  command: 'train';
  agent: BaselineKind;
  layout: { name: string; text: string };
  seed: number;
  /** `tabular` for the tabular agent, `approx` for the approximate one: the same settings. */
  config: { env: EnvConfig; tabular?: TabularConfig; approx?: TabularConfig };
  /** Env-step budget; null when the budget is counted in episodes. */
  steps: number | null;
  episodes: number | null;
  versions: Record<string, string>;
}

/** Flags of `train` that only the DQN reads: refused for the baselines rather than ignored. */
const DQN_ONLY_FLAGS = ['net', 'envs', 'resume', 'dream', 'dream-endings'] as const;
/** Flags only the Q-learners (tabular, approx) read. */
export const TABULAR_FLAGS = ['alpha', 'gamma', 'epsilon'] as const;

export async function trainBaseline(flags: ParsedFlags): Promise<void> {
  const agent = flags.agent as BaselineKind;
  for (const name of DQN_ONLY_FLAGS) if (flags[name] !== undefined) throw new ConfigError(`--${name}`, `--${name} is for --agent dqn only (got --agent ${agent})`);
  if (agent === 'random') for (const name of TABULAR_FLAGS) if (flags[name] !== undefined) throw new ConfigError(`--${name}`, `--${name} is for --agent tabular or approx only (got --agent random)`);
  const out = flags.out as string;
  if (!out) throw new ConfigError('--out', '--out DIR is required (the run folder to write)');
  const fileConfig = readRunConfig(flags.config as string | undefined);
  const layout = loadLayout(flags.layout as string);
  const entry = catalogueEntry(layout.name);
  const env = resolveEnvConfig({ ...(entry ? { maxSteps: entry.maxSteps } : {}), ...fileConfig.env, ...(flags.ghosts ? { ghosts: flags.ghosts } : {}) });
  const episodeBudget = (flags.episodes as number | undefined) ?? 0;
  const tabular = agent !== 'random'
    ? resolveTabularConfig({ ...Object.fromEntries(TABULAR_FLAGS.filter((k) => flags[k] !== undefined).map((k) => [k, flags[k]])), episodes: episodeBudget })
    : undefined;
  const manifest: BaselineManifest = {
    command: 'train', agent, layout: { name: layout.name, text: layoutToText(layout) }, seed: flags.seed as number,
    config: { env, ...(tabular ? { [agent === 'approx' ? 'approx' : 'tabular']: tabular } : {}) },
    steps: episodeBudget ? null : (flags.steps as number), episodes: episodeBudget || null, versions: packageVersions(),
  };
  ensureDir(out);
  const metricsPath = join(out, 'metrics.jsonl');
  if (existsSync(metricsPath)) rmSync(metricsPath);
  writeJson(join(out, 'manifest.json'), manifest);
  const metrics = new MetricsWriter(metricsPath);
  const trainer = new BaselineTrainer({ agent, layout, env, seed: manifest.seed, ...(tabular ? { tabular } : {}) });

  const stop = catchInterrupt('saving the run');
  const progress = new Progress(process.stdout.isTTY === true);
  const started = performance.now();
  const totalSteps = manifest.steps ?? 0;
  const figures = () => {
    const rate = trainer.envSteps / ((performance.now() - started) / 1000);
    const fraction = episodeBudget ? trainer.episodes / episodeBudget : trainer.envSteps / totalSteps;
    return { envSteps: trainer.envSteps, totalSteps: Math.max(trainer.envSteps, Math.round(trainer.envSteps / Math.max(fraction, 1e-9))), episodes: trainer.episodes, meanScore100: trainer.window.meanScore, winRate100: trainer.window.winRate, epsilon: trainer.epsilon, updatesPerSec: 0, envStepsPerSec: rate };
  };
  const done = (): boolean => stop.interrupted || (episodeBudget ? trainer.episodes >= episodeBudget : trainer.envSteps >= totalSteps);
  while (!done()) {
    const row = trainer.step();
    if (row) metrics.write(row);
    if ((trainer.envSteps & 4095) === 0) {
      progress.update(figures());
      await new Promise((r) => setImmediate(r)); // let Ctrl-C through
    }
  }
  progress.update(figures(), true);
  progress.done();
  const meta = tabular && { config: tabular, env, layout: manifest.layout, seed: manifest.seed, counters: { envSteps: trainer.envSteps, episodes: trainer.episodes } };
  if (meta && (trainer.tabular || trainer.approx)) ensureDir(join(out, 'checkpoint'));
  if (meta && trainer.tabular) writeAtomic(join(out, 'checkpoint', TABULAR_CHECKPOINT_FILE), encodeTabularCheckpoint(trainer.tabular.table, meta));
  if (meta && trainer.approx) writeAtomic(join(out, 'checkpoint', APPROX_CHECKPOINT_FILE), encodeApproxCheckpoint(trainer.approx.weights, meta));
  const seconds = (performance.now() - started) / 1000;
  writeJson(join(out, 'summary.json'), {
    agent, envSteps: trainer.envSteps, episodes: trainer.episodes, interrupted: stop.interrupted, meanScore100: trainer.window.meanScore, winRate100: trainer.window.winRate,
    ...(trainer.tabular ? { states: trainer.tabular.table.size } : {}),
    ...(trainer.approx ? { weights: Object.fromEntries(FEATURE_NAMES.map((name, k) => [name, trainer.approx?.weights[k]])) } : {}), seconds, envStepsPerSec: trainer.envSteps / seconds,
  });
  console.log(`run saved in ${out} (${agent}, ${trainer.episodes} episodes, win rate of the last 100: ${(trainer.window.winRate * 100).toFixed(0)}%)`);
  if (stop.interrupted) process.exit(130);
}
