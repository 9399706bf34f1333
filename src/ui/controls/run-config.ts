/**
 * The page's run settings as plain data: the default run, the speed stops and the slider
 * scales (share/share-link.ts reads and writes them in links). Pure: testable in Node.
 */
import { linearSchedule } from '../../core/schedule.js';
import type { EnvConfig } from '../../env/env.js';
import type { DqnConfig } from '../../rl/config.js';
import type { RlInitConfig } from '../../rl/session.js';
import type { BackendPreference } from '../../tf/backend.js';
import type { MazeRecipe } from './maze-recipes.js';
import type { RestartSettings } from './restart-config.js';

export const DEFAULT_LAYOUT = 'starter7';
export const DEFAULT_SEED = 1;

/**
 * The page's default run: issue 7's tuned configuration, docs/tuning-runs/starter7-t21-polyak.json
 * (a test keeps the two equal), measured with `npm run train`/`eval` on starter7 with the
 * directional ghost after at most 1,000 training episodes (~15-17k env steps): greedy 97 / 99 / 99%
 * on seeds 1-3 (session 12; BENCHMARKS.md). One update per env step (batch 16, Adam 5e-4 decaying
 * to 5e-5 over 16,000 env steps), a short epsilon schedule, gamma 0.9, legal moves only, and a
 * greedy policy that plays the Polyak average of the last ~1,000 updates' weights
 * (docs/tuning.md, trials 20 and 21).
 */
export const DEFAULT_ENV: Partial<EnvConfig> = { ghosts: 'directional' };
export const DEFAULT_DQN: Partial<DqnConfig> = {
  net: 'small', numEnvs: 8, replayCapacity: 20_000, learningStarts: 500, epsilonSteps: 2_000, epsilonEnd: 0.01,
  trainEvery: 1, targetSyncEvery: 100, nStep: 3, prioritized: true, dueling: true, learningRate: 5e-4, batchSize: 16,
  gamma: 0.9, legalActionsOnly: true, reportEvery: 50, learningRateDecaySteps: 16_000, learningRateEnd: 5e-5, policyAverageDecay: 0.999,
};

/** Backends the worker can be asked for; 'auto' tries WebGPU, then WebGL, then CPU. */
export const BACKENDS: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'cpu'];

/**
 * `restart`: the settings panel's restart settings over the defaults (`ghosts` goes to the env,
 * the rest to the DQN). `maxSteps`: the catalogue's step limit for a shipped maze, 0 (the
 * engine's default) for a file. `recipe`: the maze's own measured configuration
 * (maze-recipes.ts); where there is one it replaces the page's default whole, so the run is the
 * recipe's file exactly, as the CLI would build it.
 */
export function runConfig(layout: { name: string; text: string }, maxSteps: number, seed: number, restart: Partial<RestartSettings> = {}, recipe?: MazeRecipe): RlInitConfig {
  const { ghosts, ...dqn } = restart;
  const base = recipe ?? { env: DEFAULT_ENV, dqn: DEFAULT_DQN };
  return { layout, env: { ...base.env, ...(ghosts === undefined ? {} : { ghosts }), maxSteps }, dqn: { ...base.dqn, ...dqn }, seed };
}

/** Speed stops of the speed slider, slowest first; 0 moves per second = turbo (as fast as training goes). */
export const SPEED_STOPS: readonly { label: string; movesPerSecond: number }[] = [
  { label: 'watch · 10 moves/s', movesPerSecond: 10 },
  { label: '30 moves/s', movesPerSecond: 30 },
  { label: '100 moves/s', movesPerSecond: 100 },
  { label: '500 moves/s', movesPerSecond: 500 },
  { label: 'turbo', movesPerSecond: 0 },
];

/** Motion is blended between snapshots only at speeds a person can follow. */
export function smoothAt(movesPerSecond: number): boolean {
  return movesPerSecond > 0 && movesPerSecond <= 30;
}

/** A log-scale slider: position in [0, 1] <-> value in [min, max]. */
export function fromLogPosition(position: number, min: number, max: number): number {
  const p = Math.min(1, Math.max(0, position));
  return min * Math.pow(max / min, p);
}

export function toLogPosition(value: number, min: number, max: number): number {
  if (!(value > 0)) return 0;
  return Math.min(1, Math.max(0, Math.log(value / min) / Math.log(max / min)));
}

/** Learning-rate slider range (Adam step size). */
export const LEARNING_RATE_RANGE = { min: 1e-5, max: 1e-2 } as const;

/** A run's learning-rate decay, as its DQN config names it (runConfig's `dqn` always names both). */
export type LearningRateDecay = Pick<Partial<DqnConfig>, 'learningRateDecaySteps' | 'learningRateEnd'>;

/** A step size in two significant digits, exponent form: 3.2e-4, 5e-5. */
export function compactRate(rate: number): string {
  return Number(rate.toPrecision(2)).toExponential();
}

/**
 * The note under the learning-rate slider, whose value is the configured (starting) rate: the
 * rate Adam uses at `envSteps`, "now 3.2e-4 (decays to 5e-5 by step 16,000)", then "now 5e-5
 * (decay ended at step 16,000)"; '' when the run has no decay (the slider's value is the rate).
 */
export function learningRateNowText(now: number, envSteps: number, decay: LearningRateDecay): string {
  const steps = decay.learningRateDecaySteps ?? 0;
  if (steps <= 0 || decay.learningRateEnd === undefined) return '';
  const at = steps.toLocaleString('en-US');
  return envSteps < steps
    ? `now ${compactRate(now)} (decays to ${compactRate(decay.learningRateEnd)} by step ${at})`
    : `now ${compactRate(now)} (decay ended at step ${at})`;
}

/** A run's exploration settings beyond epsilon, as its DQN config names them. */
export type ExplorationSettings = Pick<Partial<DqnConfig>, 'softmaxTemperature' | 'softmaxTemperatureSteps' | 'softmaxTemperatureEnd' | 'exploreCorridors'>;

/**
 * The note under the epsilon controls for a run that explores beyond plain epsilon: with
 * dqn.exploreCorridors, epsilon's moves follow their corridor (rl/corridor-exploration.ts); with
 * dqn.softmaxTemperature > 0, the moves epsilon leaves to the agent are drawn from
 * softmax(Q / temperature), not the argmax, at the temperature the trainer uses at `envSteps`
 * (its linear schedule where it has one, rl/trainer.ts). '' for a plain epsilon-greedy run.
 */
export function explorationText(run: ExplorationSettings, envSteps: number): string {
  const parts: string[] = [];
  if (run.exploreCorridors) parts.push("epsilon's moves never reverse and keep to their corridor until the next junction");
  const start = run.softmaxTemperature ?? 0;
  if (start > 0) {
    const steps = run.softmaxTemperatureSteps ?? 0;
    const lead = 'the other moves: softmax over the Q-values at temperature';
    if (steps <= 0) parts.push(`${lead} ${start}`);
    else {
      const end = run.softmaxTemperatureEnd ?? 0;
      const now = linearSchedule(start, end, steps, envSteps);
      parts.push(`${lead} ${Number(now.toPrecision(2))} (${start} → ${end} over ${steps.toLocaleString('en-US')} env steps)`);
    }
  }
  return parts.join('; ');
}

/** Gamma slider range; gamma must stay below 1. */
export const GAMMA_RANGE = { min: 0, max: 0.999, step: 0.001 } as const;
