/**
 * Rows a training run writes (metrics.jsonl) and the running statistics shown live.
 * Rows hold no wall-clock values: two runs with the same seed and config on the CPU backend
 * write byte-identical metrics. Timing goes to the progress output and the summary.
 */
export interface EpisodeRow {
  type: 'episode';
  episode: number;
  /** Env steps (transitions, all envs together) when the episode ended. */
  envSteps: number;
  env: number;
  score: number;
  steps: number;
  won: boolean;
  lost: boolean;
  foodEaten: number;
  ghostsEaten: number;
  terminated: boolean;
  truncated: boolean;
}

export interface TrainRow {
  type: 'train';
  updates: number;
  envSteps: number;
  episodes: number;
  loss: number;
  meanQ: number;
  gradNorm: number;
  epsilon: number;
  /** Mean score of the last (up to) 100 episodes. */
  meanScore100: number;
  winRate100: number;
}

/**
 * A greedy evaluation during training (`npm run train -- --eval-every N`): the online network as
 * it was at `envSteps`, played for `evalEpisodes` whole episodes on its own envs and seed, exactly
 * as `npm run eval -- --checkpoint ... --seed <seed>` would play that checkpoint.
 */
export interface EvalRow {
  type: 'eval';
  envSteps: number;
  updates: number;
  /** Training episodes finished so far. */
  episodes: number;
  evalEpisodes: number;
  seed: number;
  ghosts: string;
  winRate: number;
  meanScore: number;
  meanSteps: number;
  /** How the other episodes ended and the food eaten (src/rl/evaluate.ts EvalFigures); absent in rows written before session 13 (2026-11-28). */
  caughtRate?: number;
  timeoutRate?: number;
  meanFood?: number;
  /**
   * The weights that played: the online net, or the Polyak average of a run with
   * dqn.policyAverageDecay. Absent in rows written before session 12 (2026-11-28): the online net.
   */
  policy?: 'online' | 'average';
}

export type MetricsRow = EpisodeRow | TrainRow | EvalRow;

/** The last `size` episodes' scores and outcomes. */
export class EpisodeWindow {
  private readonly scores: number[] = [];
  private readonly wins: boolean[] = [];
  constructor(private readonly size = 100) {}

  push(score: number, won: boolean): void {
    this.scores.push(score);
    this.wins.push(won);
    if (this.scores.length > this.size) {
      this.scores.shift();
      this.wins.shift();
    }
  }

  get count(): number {
    return this.scores.length;
  }

  get meanScore(): number {
    return this.scores.length ? this.scores.reduce((a, b) => a + b, 0) / this.scores.length : 0;
  }

  get winRate(): number {
    return this.wins.length ? this.wins.filter(Boolean).length / this.wins.length : 0;
  }
}

/** Rounds floats in rows so a metrics file is stable text (6 significant digits). */
export function roundForLog(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}
