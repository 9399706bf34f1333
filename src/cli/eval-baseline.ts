/**
 * `npm run eval -- --agent random|tabular|approx`: the baselines' evaluation, played as DQN
 * evaluation plays (same ghost streams per env, same episode split; see
 * rl/baselines/evaluate-state.ts).
 * - random needs no checkpoint: the layout comes from --layout, or from --checkpoint RUN_DIR's manifest.
 * - tabular needs --checkpoint (a run folder, its checkpoint/ folder, or the qtable.json file)
 *   and plays its own layout only: a table's state keys mean nothing on another maze.
 * - approx needs --checkpoint (approxq.json, found the same way) and plays its own layout, or
 *   another with --layout: its features mean the same on every maze.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { RandomStreams } from '../core/random.js';
import { type EnvConfig, resolveEnvConfig } from '../env/env.js';
import { type Layout, layoutToText, parseLayout } from '../env/layout.js';
import type { BaselineKind } from '../rl/baselines/baseline-trainer.js';
import type { AgentKind } from '../rl/baselines/config.js';
import { type EvalFigures, figuresOf } from '../rl/evaluate.js';
import { evaluateStatePolicy, randomStatePolicy, tabularStatePolicy, type UnseenCounter } from '../rl/baselines/evaluate-state.js';
import { decodeTabularCheckpoint, TABULAR_CHECKPOINT_FILE } from '../rl/baselines/tabular-checkpoint.js';
import { APPROX_CHECKPOINT_FILE, decodeApproxCheckpoint } from '../rl/baselines/approx-checkpoint.js';
import { ApproxQAgent } from '../rl/baselines/approx-agent.js';
import { CheckpointError } from '../tf/tensor-bundle.js';
import type { ParsedFlags } from './args.js';
import { catalogueEntry, loadLayout } from './layouts.js';
import { readJson } from './run-dir.js';

/** The `file` at PATH (PATH itself when it is that file), PATH/file or PATH/checkpoint/file; null if none. */
function findCheckpointFile(path: string, file: string): string | null {
  if (existsSync(path) && statSync(path).isFile()) return path.endsWith(file) ? path : null;
  return [join(path, file), join(path, 'checkpoint', file)].find((p) => existsSync(p)) ?? null;
}

/** The tabular agent's qtable.json at PATH, PATH/qtable.json or PATH/checkpoint/qtable.json; null if none. */
export function findTabularCheckpoint(path: string): string | null {
  return findCheckpointFile(path, TABULAR_CHECKPOINT_FILE);
}

/** The approximate Q-learner's approxq.json, found as findTabularCheckpoint finds a table; null if none. */
export function findApproxCheckpoint(path: string): string | null {
  return findCheckpointFile(path, APPROX_CHECKPOINT_FILE);
}

export interface EvalResult extends EvalFigures {
  agent: AgentKind;
  layout: string;
  ghosts: string;
  seed: number;
  episodes: number;
  /** Tabular only: share of greedy decisions made in states the table never saw, and its size. */
  unseenShare?: number;
  states?: number;
  /** DQN only: the weights that played, 'online' or 'average' (the run's dqn.policyAverageDecay Polyak average). */
  policy?: 'online' | 'average';
  /** The win rate's 95% Wilson interval [low, high] (src/core/win-interval.ts), added by eval's report. */
  winRateInterval95?: [number, number];
}

function envFor(layout: Layout, base: Partial<EnvConfig> | undefined, ghosts: unknown): EnvConfig {
  const entry = catalogueEntry(layout.name);
  return resolveEnvConfig({ ...(entry ? { maxSteps: entry.maxSteps } : {}), ...base, ...(ghosts ? { ghosts } : {}) });
}

export function evalBaseline(flags: ParsedFlags): EvalResult {
  const agent = flags.agent as BaselineKind;
  const seed = flags.seed as number;
  const episodes = flags.episodes as number;
  const streams = new RandomStreams(seed);
  const checkpoint = flags.checkpoint as string | undefined;
  if (agent === 'random') {
    let layout: Layout;
    let base: Partial<EnvConfig> | undefined;
    if (flags.layout) layout = loadLayout(flags.layout as string);
    else if (checkpoint) {
      const manifest = readJson<{ layout?: { name: string; text: string }; config?: { env?: Partial<EnvConfig> } }>(join(checkpoint, 'manifest.json'), 'manifest of the --checkpoint run');
      if (!manifest.layout) throw new ConfigError('--checkpoint', `${join(checkpoint, 'manifest.json')} names no layout`);
      layout = parseLayout(manifest.layout.text, manifest.layout.name);
      base = manifest.config?.env;
    } else throw new ConfigError('--layout', '--agent random needs --layout NAME (or --checkpoint RUN_DIR to take its layout)');
    const env = envFor(layout, base, flags.ghosts);
    const s = evaluateStatePolicy(layout, env, seed, episodes, randomStatePolicy(streams.get('eval-exploration')));
    return { agent, layout: layout.name, ghosts: env.ghosts, seed, episodes: s.episodes, ...figuresOf(s) };
  }
  if (!checkpoint) throw new ConfigError('--checkpoint', `--agent ${agent} needs --checkpoint DIR (a run folder written by npm run train -- --agent ${agent})`);
  if (agent === 'approx') return evalApprox(flags, checkpoint);
  const file = findTabularCheckpoint(checkpoint);
  if (!file) throw new CheckpointError(`no tabular checkpoint in ${checkpoint} (expected ${TABULAR_CHECKPOINT_FILE} there or in ${join(checkpoint, 'checkpoint')})`);
  const { meta, table } = decodeTabularCheckpoint(readFileSync(file, 'utf8'), file);
  const layout = parseLayout(meta.layout.text, meta.layout.name);
  if (flags.layout) {
    const asked = loadLayout(flags.layout as string);
    if (layoutToText(asked) !== meta.layout.text) throw new ConfigError('--layout', `--layout ${String(flags.layout)} is not the maze this Q-table learned (${meta.layout.name}): a table only plays its own layout`);
  }
  const env = envFor(layout, meta.env, flags.ghosts);
  const counter: UnseenCounter = { decisions: 0, unseen: 0 };
  const policy = tabularStatePolicy(layout, table, streams.get('eval-ties'), streams.get('eval-exploration'), flags.epsilon as number, counter);
  const s = evaluateStatePolicy(layout, env, seed, episodes, policy);
  return {
    agent, layout: layout.name, ghosts: env.ghosts, seed, episodes: s.episodes, ...figuresOf(s),
    unseenShare: counter.decisions ? counter.unseen / counter.decisions : 0, states: table.size,
  };
}

/** `--agent approx`: greedy play (or --epsilon) by the checkpoint's feature weights. */
function evalApprox(flags: ParsedFlags, checkpoint: string): EvalResult {
  const seed = flags.seed as number;
  const file = findApproxCheckpoint(checkpoint);
  if (!file) throw new CheckpointError(`no approximate Q-learner checkpoint in ${checkpoint} (expected ${APPROX_CHECKPOINT_FILE} there or in ${join(checkpoint, 'checkpoint')})`);
  const { meta, weights } = decodeApproxCheckpoint(readFileSync(file, 'utf8'), file);
  const layout = flags.layout ? loadLayout(flags.layout as string) : parseLayout(meta.layout.text, meta.layout.name);
  const env = envFor(layout, meta.env, flags.ghosts);
  const streams = new RandomStreams(seed);
  const agent = new ApproxQAgent(layout, meta.config, streams.get('eval-exploration'), streams.get('eval-ties'), weights);
  const epsilon = flags.epsilon as number;
  const s = evaluateStatePolicy(layout, env, seed, flags.episodes as number, (game) => agent.act(game, epsilon));
  return { agent: 'approx', layout: layout.name, ghosts: env.ghosts, seed, episodes: s.episodes, ...figuresOf(s) };
}
