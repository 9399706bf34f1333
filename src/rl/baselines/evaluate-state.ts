/**
 * Evaluation of policies that read the game state instead of pixels (the baselines), played
 * exactly as rl/evaluate.ts plays pixel policies: N envs with ghost streams 'ghosts/i' of the
 * evaluation seed, env i playing episodes i, i + N, ...; each round asks the policy for env 0's
 * action, then env 1's, and so on. So a random policy drawing one action per env per round from
 * the same stream gives the very episodes evaluatePolicy(randomPolicy) gives, without rendering.
 */
import type { RandomStream } from '../../core/random.js';
import { type EnvConfig, evaluationEnvConfig, gameInfo, PacmanEnv, type StepInfo } from '../../env/env.js';
import type { PacmanGame } from '../../env/game.js';
import { type Action, NUM_ACTIONS } from '../../env/grid.js';
import type { Layout } from '../../env/layout.js';
import { type EvalSummary, summarizeEpisodes } from '../evaluate.js';
import { legalActions } from '../../env/legal.js';
import type { QTable } from './q-table.js';
import { StateKeyer } from './state-key.js';

/** Chooses env `index`'s action from its game (read-only). */
export type StatePolicy = (game: PacmanGame, index: number) => number;

export function evaluateStatePolicy(layout: Layout, env: Partial<EnvConfig>, seed: number, episodes: number, policy: StatePolicy, maxEnvs = 16): EvalSummary {
  const n = Math.max(1, Math.min(maxEnvs, episodes));
  const envs = Array.from({ length: n }, (_, i) => new PacmanEnv(layout, evaluationEnvConfig(env), seed, `ghosts/${i}`));
  for (const e of envs) e.reset();
  const quota = Array.from({ length: n }, (_, i) => Math.floor(episodes / n) + (i < episodes % n ? 1 : 0));
  const actions = new Array<number>(n);
  const records: StepInfo[] = [];
  while (quota.some((q) => q > 0)) {
    for (let i = 0; i < n; i++) actions[i] = policy(envs[i].game, i);
    for (let i = 0; i < n; i++) {
      const { terminated, truncated } = envs[i].play(actions[i] as Action);
      if (!terminated && !truncated) continue;
      if (quota[i] > 0) {
        records.push(gameInfo(envs[i].game));
        quota[i]--;
      }
      envs[i].reset();
    }
  }
  return summarizeEpisodes(records);
}

/** Uniformly random actions of all five, one draw per env per round (as rl/evaluate.ts's randomPolicy). */
export function randomStatePolicy(rng: RandomStream): StatePolicy {
  return () => rng.int(NUM_ACTIONS);
}

/** Counts how many decisions a greedy tabular policy made in states its table never saw. */
export interface UnseenCounter {
  decisions: number;
  unseen: number;
}

/**
 * Greedy play from a Q-table: a seen state's best legal action (ties by `ties`), an unseen
 * state's random legal action (from `ties` too); with chance `epsilon` a random legal action
 * (from `exploration`). `counter` tallies the unseen states met.
 */
export function tabularStatePolicy(layout: Layout, table: QTable, ties: RandomStream, exploration: RandomStream, epsilon: number, counter: UnseenCounter): StatePolicy {
  const keyer = new StateKeyer(layout);
  const legal = new Uint8Array(5);
  return (game) => {
    const n = legalActions(game, legal);
    const key = keyer.key(game);
    counter.decisions++;
    if (!table.has(key)) counter.unseen++;
    if (epsilon > 0 && exploration.next() < epsilon) return legal[exploration.int(n)];
    return table.greedy(key, legal, n, ties);
  };
}
