/**
 * Greedy evaluations during a training run (`npm run train -- --eval-every N`): every N env
 * steps, and once more at the end, the agent's greedy policy (the online network, or its Polyak
 * average with dqn.policyAverageDecay) plays `episodes` whole episodes on envs of its own, and
 * an `eval` row (rl/metrics.ts) goes to metrics.jsonl. These are the figures issue 7's targets
 * are stated in, as a curve instead of one point per checkpoint.
 *
 * Contracts:
 * - An evaluation plays exactly what `npm run eval -- --checkpoint DIR --episodes K --seed S`
 *   plays on a checkpoint saved at that step (same policy function, envs and seed), so the rows
 *   can be checked against it.
 * - A run stopped by Ctrl-C still gets its final evaluation, after its checkpoint is saved (a
 *   second Ctrl-C skips it).
 * - It does not touch training: its envs, exploration stream and env seed are its own, so the
 *   episode and train rows of a run are byte-identical with and without evaluations.
 */
import { winRateIntervalClause } from '../core/win-interval.js';
import type { EnvConfig } from '../env/env.js';
import type { Layout } from '../env/layout.js';
import type { DqnAgent } from '../rl/dqn-agent.js';
import { agentPolicy, describeFigures, type EvalFigures, evaluatePolicy, figuresOf } from '../rl/evaluate.js';
import { LoopYield, MID_TICK_YIELD_MS } from '../rl/loop-yield.js';
import type { EvalRow } from '../rl/metrics.js';

/** What a run records in its manifest, so that --resume goes on evaluating the same way. */
export interface EvalSchedule {
  /** Env steps between evaluations. */
  every: number;
  episodes: number;
  /** The evaluation seed (by default the run's seed, as the targets are measured). */
  seed: number;
}

/** Where the counters come from: the trainer. */
interface TrainingState {
  readonly agent: DqnAgent;
  readonly envSteps: number;
  readonly updates: number;
  readonly episodes: number;
}

export class PeriodicEval {
  /** Env steps at which the next evaluation is due. */
  private nextAt: number;
  /** The last evaluation run in this process, or null. */
  lastRow: (EvalRow & EvalFigures) | null = null;

  /** The update count of the last policy evaluated; -1 when none is known. */
  private evaluatedUpdates: number;

  /**
   * `resumedAtUpdates`: for a resumed run, its update count at the restore. Its checkpoint's
   * policy was evaluated when it was saved, and it does not change while the replay refills
   * (trainer.restore), so evaluations fall due but are skipped until an update has been made:
   * they would repeat the same figures at later env steps, a flat stretch in the curve that
   * training did not make.
   */
  constructor(readonly schedule: EvalSchedule, private readonly layout: Layout, private readonly env: EnvConfig, startSteps: number, resumedAtUpdates: number | null = null) {
    this.nextAt = (Math.floor(startSteps / schedule.every) + 1) * schedule.every;
    this.evaluatedUpdates = resumedAtUpdates ?? -1;
  }

  /** Whether an evaluation is due at `envSteps`: one is scheduled, and the policy has changed since the last. */
  due(envSteps: number, updates: number): boolean {
    if (envSteps < this.nextAt) return false;
    if (updates !== this.evaluatedUpdates) return true;
    this.nextAt = (Math.floor(envSteps / this.schedule.every) + 1) * this.schedule.every;
    return false;
  }

  /** True when the state at `envSteps` has not been evaluated yet (for the final evaluation). */
  pending(envSteps: number, updates: number): boolean {
    return this.lastRow?.envSteps !== envSteps && updates !== this.evaluatedUpdates;
  }

  async run(state: TrainingState): Promise<EvalRow & EvalFigures> {
    const { episodes, seed, every } = this.schedule;
    const policy = agentPolicy(state.agent.greedyActor(), 0, seed);
    // Yield to the event loop now and then, so that a signal (Ctrl-C) is heard during a long evaluation.
    const loop = new LoopYield();
    const yielding: typeof policy = async (obs, n, legal) => {
      await loop.maybe(MID_TICK_YIELD_MS);
      return policy(obs, n, legal);
    };
    const summary = await evaluatePolicy(this.layout, this.env, seed, episodes, yielding);
    this.nextAt = (Math.floor(state.envSteps / every) + 1) * every;
    this.evaluatedUpdates = state.updates;
    this.lastRow = {
      type: 'eval', envSteps: state.envSteps, updates: state.updates, episodes: state.episodes, evalEpisodes: summary.episodes,
      seed, ghosts: this.env.ghosts, ...figuresOf(summary),
      policy: state.agent.policyKind,
    };
    return this.lastRow;
  }
}

/**
 * One line for the console: `greedy eval at 20,000 env steps: 100 episodes (seed 1), win rate 12.0%,
 * caught ...; win rate's 95% interval 7.0-19.8%` (the interval as `npm run eval` gives it, so a
 * swing between two evaluations can be told from noise).
 */
export function describeEval(row: EvalRow & EvalFigures): string {
  return `greedy eval at ${row.envSteps.toLocaleString('en-US')} env steps: ${row.evalEpisodes} episodes (seed ${row.seed}), ${describeFigures(row)}${winRateIntervalClause(row.winRate, row.evalEpisodes)}`;
}
