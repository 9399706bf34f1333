/**
 * Greedy evaluation: a policy plays `episodes` whole episodes on a vector of envs; env i plays
 * episodes i, i + N, ... so short episodes are not favoured. Returns per-episode records.
 */
import { type RandomStream, RandomStreams } from '../core/random.js';
import type { EnvConfig, StepInfo } from '../env/env.js';
import type { Layout } from '../env/layout.js';
import { makePixelVectorEnv } from '../obs/pixel-vector-env.js';

/** Actions for `n` envs from their stacked observations; `legal` holds each env's legal-action bitmask (src/env/legal.ts). */
export type BatchPolicy = (obs: Uint8Array, n: number, legal: Uint8Array) => Promise<ArrayLike<number>>;

export interface EvalSummary {
  episodes: number;
  winRate: number;
  meanScore: number;
  meanSteps: number;
  records: StepInfo[];
}

export async function evaluatePolicy(layout: Layout, env: Partial<EnvConfig>, seed: number, episodes: number, policy: BatchPolicy, maxEnvs = 16): Promise<EvalSummary> {
  const n = Math.max(1, Math.min(maxEnvs, episodes));
  const vec = makePixelVectorEnv(layout, n, env, seed);
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

/** Win rate, mean score and mean length of finished episodes (any agent's). */
export function summarizeEpisodes(records: StepInfo[]): EvalSummary {
  const count = records.length;
  return {
    episodes: count,
    winRate: records.filter((r) => r.won).length / count,
    meanScore: records.reduce((s, r) => s + r.score, 0) / count,
    meanSteps: records.reduce((s, r) => s + r.steps, 0) / count,
    records,
  };
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
