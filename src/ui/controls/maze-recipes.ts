/**
 * Per-maze training recipes: the configuration measured best on a maze where it differs from the
 * page's default (which is starter7's, run-config.ts). Picking such a maze in the layout picker
 * builds its run from the recipe alone, over the engine's defaults, exactly as
 * `npm run train -- --config FILE` does, so the app trains the way the figures in the picker's
 * "what to expect" were measured. Pure data: testable in Node.
 *
 * Contract: each recipe equals its file under docs/tuning-runs (`file`), the config the benchmark
 * runs name (a test keeps the two equal), and names every restart setting (replay capacity, net,
 * env count, legal moves; ghosts in `env`). The restart panel follows the recipe for the settings
 * a person has not changed (rebaseRestart).
 */
import type { EnvConfig } from '../../env/env.js';
import type { DqnConfig } from '../../rl/config.js';

export interface MazeRecipe {
  /** The tuning log's name for it (docs/tuning.md), e.g. "c16-f". */
  name: string;
  /** The same config as a file, for `npm run train -- --config FILE`. */
  file: string;
  /** One line for the layout picker: what differs from the page's default and why. */
  summary: string;
  env: Partial<EnvConfig>;
  dqn: Partial<DqnConfig>;
}

/** The long-horizon settings shared by the corridors16 and medium20 recipes. */
const LONG_MAZE_DQN: Partial<DqnConfig> = {
  net: 'small', numEnvs: 8, replayCapacity: 50_000, learningStarts: 1_000, epsilonEnd: 0.01,
  trainEvery: 2, targetSyncEvery: 250, nStep: 3, prioritized: true, dueling: true, learningRate: 5e-4,
  reportEvery: 100, batchSize: 16, gamma: 0.99, legalActionsOnly: true, learningRateEnd: 5e-5,
};

/** Recipes by layout name; a maze without one runs the page's default. */
export const MAZE_RECIPES: Readonly<Record<string, MazeRecipe>> = {
  corridors16: {
    name: 'c16-f',
    file: 'docs/tuning-runs/corridors16-c16-f.json',
    summary: 'gamma 0.99 (the last pellets are far apart), replay 50,000, an update every 2 env steps, target sync 250, '
      + 'learning rate 5e-4 decaying to 5e-5 over 400,000 env steps, softmax exploration at temperature 0.1, '
      + 'and a greedy policy that plays the average of its recent weights',
    env: { ghosts: 'directional' },
    dqn: { ...LONG_MAZE_DQN, epsilonSteps: 10_000, learningRateDecaySteps: 400_000, softmaxTemperature: 0.1, policyAverageDecay: 0.999 },
  },
  medium20: {
    name: 'm20-c',
    file: 'docs/tuning-runs/medium20-m20-c.json',
    summary: 'gamma 0.99, replay 50,000, an update every 2 env steps, target sync 250, a 20,000-step epsilon schedule, '
      + 'learning rate 5e-4 decaying to 5e-5 over 200,000 env steps',
    env: { ghosts: 'directional' },
    dqn: { ...LONG_MAZE_DQN, epsilonSteps: 20_000, learningRateDecaySteps: 200_000 },
  },
};

/** The recipe of a shipped maze, or undefined (the page's default applies). */
export function recipeFor(layoutName: string): MazeRecipe | undefined {
  return Object.hasOwn(MAZE_RECIPES, layoutName) ? MAZE_RECIPES[layoutName] : undefined;
}
