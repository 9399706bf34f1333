/**
 * Choices of the settings panel: stops of the live batch-size and target-sync sliders, and the
 * settings a run takes only when it is rebuilt (replay capacity, network preset, env count, the
 * ghosts' policy, legal moves only, whether the agent may stop), with the replay's memory cost. Pure: testable in Node.
 */
import { GHOST_POLICIES, type GhostPolicy } from '../../env/game.js';
import type { DqnConfig } from '../../rl/config.js';
import type { NetPreset } from '../../rl/qnet.js';
import type { MazeRecipe } from './maze-recipes.js';
import { DEFAULT_DQN, DEFAULT_ENV } from './run-config.js';

/** Replay memory per stored transition (two stacked 84x84x4 frames and the rest), in bytes. */
export const BYTES_PER_TRANSITION = 7_070;

export const BATCH_SIZES: readonly number[] = [8, 16, 32, 64, 128, 256];
export const TARGET_SYNC_STOPS: readonly number[] = [50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000];
export const REPLAY_CAPACITIES: readonly number[] = [5_000, 10_000, 20_000, 50_000, 100_000];
export const NET_CHOICES: readonly NetPreset[] = ['small', 'nature'];
export const MAX_ENVS = 32;
export const ENV_COUNTS: readonly number[] = Array.from({ length: MAX_ENVS }, (_, i) => i + 1);
export const GHOST_CHOICES: readonly GhostPolicy[] = GHOST_POLICIES;
/** The moves the agent chooses among: 'legal' = dqn.legalActionsOnly, 'all' = the five actions, walls too. */
export const MOVE_CHOICES = ['legal', 'all'] as const;
export type MoveChoice = (typeof MOVE_CHOICES)[number];
/** Whether the agent may pick Stop: 'yes' = dqn.stopAction true, 'no' = only where it is walled in (the rules still allow it). */
export const STOP_CHOICES = ['yes', 'no'] as const;
export type StopChoice = (typeof STOP_CHOICES)[number];

/** The settings that apply on Reset: the DQN's rebuild-only fields and the ghosts' policy (an env setting). */
export interface RestartSettings extends Pick<DqnConfig, 'replayCapacity' | 'net' | 'numEnvs' | 'legalActionsOnly' | 'stopAction'> {
  ghosts: GhostPolicy;
}

/** "20,000 (141 MB)": a replay capacity with its memory cost. */
export function replayLabel(capacity: number): string {
  const mb = Math.round((capacity * BYTES_PER_TRANSITION) / 1e6);
  return `${capacity.toLocaleString('en-US')} (${mb.toLocaleString('en-US')} MB)`;
}

/** The index of the stop nearest to `value` (slider position of a worker value). */
export function nearestStop(stops: readonly number[], value: number): number {
  let best = 0;
  for (let i = 1; i < stops.length; i++) if (Math.abs(stops[i] - value) < Math.abs(stops[best] - value)) best = i;
  return best;
}

/** The keys whose value in `next` differs from `applied`. */
export function pendingKeys(applied: RestartSettings, next: RestartSettings): (keyof RestartSettings)[] {
  return (Object.keys(next) as (keyof RestartSettings)[]).filter((k) => next[k] !== applied[k]);
}

/**
 * The restart settings of a maze's default run: its recipe's (maze-recipes.ts; a recipe names all
 * five but stopAction, which is true unless it says), else the page's default run's.
 */
export function defaultRestart(recipe?: MazeRecipe): RestartSettings {
  const dqn = recipe?.dqn ?? DEFAULT_DQN;
  return {
    replayCapacity: dqn.replayCapacity ?? 20_000,
    net: dqn.net ?? 'small',
    numEnvs: dqn.numEnvs ?? 8,
    legalActionsOnly: dqn.legalActionsOnly ?? false,
    stopAction: dqn.stopAction ?? true,
    ghosts: (recipe?.env ?? DEFAULT_ENV).ghosts ?? 'random',
  };
}

/**
 * The restart settings when the maze changes from one with defaults `from` to one with defaults
 * `to`: a setting the person left at `from`'s default follows the new maze; one they changed stays.
 */
export function rebaseRestart(current: RestartSettings, from: RestartSettings, to: RestartSettings): RestartSettings {
  const next = { ...current };
  for (const key of Object.keys(to) as (keyof RestartSettings)[]) {
    if (current[key] === from[key]) Object.assign(next, { [key]: to[key] });
  }
  return next;
}

/** Largest run seed (the CLI's and the links' limit). */
export const MAX_SEED = 2 ** 31 - 1;

/** A seed typed into the field: an integer in [0, MAX_SEED], else undefined. */
export function parseSeed(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const v = Number(t);
  return v <= MAX_SEED ? v : undefined;
}
