/**
 * Reading run folders for plots: manifest.json (agent, layout, seed, ghosts), the episode rows
 * of metrics.jsonl (rl/metrics.ts) and its greedy evaluations (eval rows, train --eval-every). DQN and baseline runs have the same rows; manifests written
 * before baselines existed have no `agent` and are DQN runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { EpisodeRow, EvalRow } from '../../rl/metrics.js';
import { trailingMean } from './series.js';

export interface RunData {
  dir: string;
  agent: string;
  layout: string;
  ghosts: string;
  seed: number;
  episodes: EpisodeRow[];
  evals: EvalRow[];
}

interface ManifestFields {
  agent?: string;
  layout?: { name?: string };
  seed?: number;
  config?: { env?: { ghosts?: string } };
}

export function readRun(dir: string): RunData {
  const metricsPath = join(dir, 'metrics.jsonl');
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(metricsPath)) throw new ConfigError('RUN_DIR', `${dir}: no metrics.jsonl (a run folder written by npm run train?)`);
  let manifest: ManifestFields = {};
  if (existsSync(manifestPath)) {
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestFields;
    } catch (err) {
      throw new ConfigError('RUN_DIR', `${manifestPath} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const episodes: EpisodeRow[] = [];
  const evals: EvalRow[] = [];
  readFileSync(metricsPath, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new ConfigError('RUN_DIR', `${metricsPath}: line ${i + 1} is not JSON: ${line.slice(0, 60)}`);
    }
    const r = row as Partial<EpisodeRow>;
    if (r.type === 'episode' && typeof r.score === 'number' && typeof r.envSteps === 'number' && typeof r.won === 'boolean') episodes.push(r as EpisodeRow);
    const e = row as Partial<EvalRow>;
    if (e.type === 'eval' && typeof e.winRate === 'number' && typeof e.meanScore === 'number' && typeof e.envSteps === 'number' && typeof e.episodes === 'number') evals.push(e as EvalRow);
  });
  return {
    dir, agent: manifest.agent ?? 'dqn', layout: manifest.layout?.name ?? '?', ghosts: manifest.config?.env?.ghosts ?? '?',
    seed: typeof manifest.seed === 'number' ? manifest.seed : NaN, episodes, evals,
  };
}

export interface RunSummary {
  run: string;
  agent: string;
  layout: string;
  ghosts: string;
  seed: number;
  episodes: number;
  /** Env steps at the last episode's end. */
  steps: number;
  /** Episodes the final figures average over (the last `window`, or all if fewer). */
  window: number;
  meanScore: number;
  winRate: number;
  /** The last greedy evaluation (train --eval-every), or null. */
  greedy: ({ envSteps: number; episodes: number; winRate: number; meanScore: number } & Partial<Pick<EvalRow, 'caughtRate' | 'timeoutRate' | 'meanFood'>>) | null;
  /** Env steps of the best greedy evaluation (highest win rate, then score), or null. */
  bestGreedy: { envSteps: number; winRate: number; meanScore: number } | null;
}

export function summarizeRun(run: RunData, window: number): RunSummary {
  const rows = run.episodes;
  const last = rows.slice(-window);
  const n = last.length;
  const lastEval = run.evals.at(-1);
  const best = run.evals.reduce<EvalRow | undefined>((b, e) => (!b || e.winRate > b.winRate || (e.winRate === b.winRate && e.meanScore > b.meanScore) ? e : b), undefined);
  return {
    run: run.dir, agent: run.agent, layout: run.layout, ghosts: run.ghosts, seed: run.seed, episodes: rows.length,
    steps: rows.length ? rows[rows.length - 1].envSteps : 0, window: n,
    meanScore: n ? last.reduce((s, r) => s + r.score, 0) / n : NaN,
    winRate: n ? last.filter((r) => r.won).length / n : NaN,
    greedy: lastEval ? { envSteps: lastEval.envSteps, episodes: lastEval.evalEpisodes, winRate: lastEval.winRate, meanScore: lastEval.meanScore, ...endings(lastEval) } : null,
    bestGreedy: best ? { envSteps: best.envSteps, winRate: best.winRate, meanScore: best.meanScore } : null,
  };
}

/** How the evaluation's other episodes ended, where the row says (rows from 2026-11-28 on). */
function endings(row: EvalRow): Partial<Pick<EvalRow, 'caughtRate' | 'timeoutRate' | 'meanFood'>> {
  const { caughtRate, timeoutRate, meanFood } = row;
  return timeoutRate === undefined ? {} : { caughtRate, timeoutRate, meanFood };
}

/** The curves of one run: x per episode, raw scores, their trailing mean, trailing win rate. */
export interface RunCurves {
  label: string;
  x: Float64Array;
  score: Float64Array;
  meanScore: Float64Array;
  winRate: Float64Array;
  /** Greedy evaluations: x (env steps or training episodes so far), win rate, mean score. */
  evalX: Float64Array;
  evalWinRate: Float64Array;
  evalMeanScore: Float64Array;
}

export function runCurves(run: RunData, window: number, xAxis: 'steps' | 'episodes'): RunCurves {
  const rows = run.episodes;
  const score = Float64Array.from(rows, (r) => r.score);
  return {
    label: `${run.agent} ${run.layout} ${run.ghosts} seed ${Number.isNaN(run.seed) ? '?' : run.seed}`,
    x: Float64Array.from(rows, (r, i) => (xAxis === 'steps' ? r.envSteps : i + 1)),
    score,
    meanScore: trailingMean(score, window),
    winRate: trailingMean(Float64Array.from(rows, (r) => (r.won ? 1 : 0)), window),
    evalX: Float64Array.from(run.evals, (e) => (xAxis === 'steps' ? e.envSteps : e.episodes)),
    evalWinRate: Float64Array.from(run.evals, (e) => e.winRate),
    evalMeanScore: Float64Array.from(run.evals, (e) => e.meanScore),
  };
}
