/**
 * Greedy evaluation: a policy plays `episodes` whole episodes on a vector of envs; env i plays
 * episodes i, i + N, ... so short episodes are not favoured. Returns per-episode records.
 */
import { type RandomStream, RandomStreams } from '../core/random.js';
import { type EnvConfig, evaluationEnvConfig, type StepInfo } from '../env/env.js';
import type { Layout } from '../env/layout.js';
import { makePixelVectorEnv } from '../obs/pixel-vector-env.js';

/** Actions for `n` envs from their stacked observations; `legal` holds each env's legal-action bitmask (src/env/legal.ts). */
export type BatchPolicy = (obs: Uint8Array, n: number, legal: Uint8Array) => Promise<ArrayLike<number>>;

/**
 * What a set of finished episodes amounts to. Every episode ends one of three ways, so
 * winRate + caughtRate + timeoutRate = 1: a high timeoutRate with food left is a policy that
 * loops or wanders (greedy play is deterministic), a high caughtRate one that the ghosts catch.
 */
export interface EvalFigures {
  winRate: number;
  /** Share of episodes ended by a ghost. */
  caughtRate: number;
  /** Share cut by the step limit (env.maxSteps), neither won nor caught. */
  timeoutRate: number;
  meanScore: number;
  meanSteps: number;
  /** Mean pellets eaten per episode (capsules not counted). */
  meanFood: number;
}

export interface EvalSummary extends EvalFigures {
  episodes: number;
  records: StepInfo[];
}

export async function evaluatePolicy(layout: Layout, env: Partial<EnvConfig>, seed: number, episodes: number, policy: BatchPolicy, maxEnvs = 16): Promise<EvalSummary> {
  const n = Math.max(1, Math.min(maxEnvs, episodes));
  const vec = makePixelVectorEnv(layout, n, evaluationEnvConfig(env), seed);
  vec.reset();
  const quota = Array.from({ length: n }, (_, i) => Math.floor(episodes / n) + (i < episodes % n ? 1 : 0));
  const records: StepInfo[] = [];
  while (quota.some((q) => q > 0)) {
    const actions = await policy(vec.obs, n, vec.legal);
    const step = vec.step(actions);
    for (let i = 0; i < n; i++) {
      const info = step.finalInfos[i];
      if (info && quota[i] > 0) {
        records.push(info);
        quota[i]--;
      }
    }
  }
  return summarizeEpisodes(records);
}

/** What an episode's end says, for `summarizeEpisodes`: StepInfo, or any record with these fields. */
export type EpisodeOutcome = Pick<StepInfo, 'score' | 'steps' | 'won' | 'lost' | 'foodEaten'>;

/** The figures of finished episodes (any agent's); NaN for none. */
export function episodeFigures(records: readonly EpisodeOutcome[]): EvalFigures {
  const count = records.length;
  const share = (test: (r: EpisodeOutcome) => boolean) => records.filter(test).length / count;
  const mean = (field: 'score' | 'steps' | 'foodEaten') => records.reduce((s, r) => s + r[field], 0) / count;
  return {
    winRate: share((r) => r.won),
    caughtRate: share((r) => r.lost),
    timeoutRate: share((r) => !r.won && !r.lost),
    meanScore: mean('score'),
    meanSteps: mean('steps'),
    meanFood: mean('foodEaten'),
  };
}

/** `episodeFigures` of the records, with the records and their count. */
export function summarizeEpisodes(records: StepInfo[]): EvalSummary {
  return { episodes: records.length, ...episodeFigures(records), records };
}

/** The figures alone, for a report or a metrics row (the summary without its records). */
export function figuresOf(s: EvalFigures): EvalFigures {
  const { winRate, caughtRate, timeoutRate, meanScore, meanSteps, meanFood } = s;
  return { winRate, caughtRate, timeoutRate, meanScore, meanSteps, meanFood };
}

/** `win rate 12.0%, caught 40.0%, out of time 48.0%, mean score +146.3, mean food 46.1, mean steps 284.0`. */
export function describeFigures(f: EvalFigures): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const sign = f.meanScore >= 0 ? '+' : '';
  return `win rate ${pct(f.winRate)}, caught ${pct(f.caughtRate)}, out of time ${pct(f.timeoutRate)}, mean score ${sign}${f.meanScore.toFixed(1)}, mean food ${f.meanFood.toFixed(1)}, mean steps ${f.meanSteps.toFixed(1)}`;
}

/** What `agentPolicy` needs of an agent: DqnAgent.act's shape. */
export interface ActingAgent {
  act(obs: Uint8Array, n: number, epsilon: number, rng: RandomStream, legal?: Uint8Array): Promise<{ actions: ArrayLike<number> }>;
}

/**
 * The agent's epsilon-greedy policy (greedy at epsilon 0), its exploration drawn from the eval
 * seed's own stream, as `npm run eval` and the training run's periodic evaluations both play it:
 * the same weights, layout, env config and seed give the same episodes.
 */
export function agentPolicy(agent: ActingAgent, epsilon: number, seed: number): BatchPolicy {
  const exploration = new RandomStreams(seed).get('eval-exploration');
  return async (obs, n, legal) => (await agent.act(obs, n, epsilon, exploration, legal)).actions;
}

/** Uniform random actions from `rng` (the random baseline). */
export function randomPolicy(rng: RandomStream, numActions: number): BatchPolicy {
  return async (_obs, n) => Array.from({ length: n }, () => rng.int(numActions));
}
