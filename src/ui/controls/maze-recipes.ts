/**
 * Per-maze training recipes: the configuration measured best on a maze where it differs from the
 * page's default (which is starter7's, run-config.ts). Picking such a maze in the layout picker
 * builds its run from the recipe alone, over the engine's defaults, exactly as
 * `npm run train -- --config FILE` does, so the app trains the way the figures in the picker's
 * "what to expect" were measured. Pure data: testable in Node.
 *
 * Contract: each recipe is its file under docs/tuning-runs (`file`), imported, the config the
 * benchmark runs name, and names every restart setting (replay capacity, net, env count, legal
 * moves; ghosts in `env`): a test checks both, and that the file validates. The restart panel follows the recipe for the settings
 * a person has not changed (rebaseRestart).
 */
import type { EnvConfig } from '../../env/env.js';
import type { DqnConfig } from '../../rl/config.js';
// The measured configs themselves (the files `npm run train -- --config FILE` reads), not copies.
import c16n from '../../../docs/tuning-runs/corridors16-c16-n.json';
import m20e from '../../../docs/tuning-runs/medium20-m20-e.json';

export interface MazeRecipe {
  /** The tuning log's name for it (docs/tuning.md), e.g. "c16-n". */
  name: string;
  /** The config file, for `npm run train -- --config FILE`. */
  file: string;
  /** One line for the layout picker: what differs from the page's default and why. */
  summary: string;
  env: Partial<EnvConfig>;
  dqn: Partial<DqnConfig>;
}

/** A config file as a recipe (JSON imports type enums as strings; a test validates each file). */
const fromFile = (file: { env: object; dqn: object }): Pick<MazeRecipe, 'env' | 'dqn'> => ({ env: file.env as Partial<EnvConfig>, dqn: file.dqn as Partial<DqnConfig> });

/** Recipes by layout name; a maze without one runs the page's default. */
export const MAZE_RECIPES: Readonly<Record<string, MazeRecipe>> = {
  corridors16: {
    name: 'c16-n',
    file: 'docs/tuning-runs/corridors16-c16-n.json',
    summary: 'gamma 0.99 (the last pellets are far apart), replay 50,000, an update every 2 env steps, target sync 250, '
      + 'learning rate 5e-4 decaying to 5e-5 over 400,000 env steps, softmax exploration at temperature 0.1, '
      + 'corridor exploration at epsilon 0.03 (an exploratory move never reverses and is carried to the next junction), '
      + 'and a greedy policy that plays the average of its weights over the last ~10,000 updates',
    ...fromFile(c16n),
  },
  medium20: {
    name: 'm20-e',
    file: 'docs/tuning-runs/medium20-m20-e.json',
    summary: "corridors16's recipe c16-n (gamma 0.99, replay 50,000, an update every 2 env steps, target sync 250, "
      + 'learning rate 5e-4 decaying to 5e-5 over 400,000 env steps, softmax exploration at temperature 0.1, corridor exploration '
      + 'at epsilon 0.03, a greedy policy that plays the average of its weights over ~10,000 updates), and an agent that never '
      + 'stops while it has a move: with Stop, it stood still in a third of its moves until a ghost came',
    ...fromFile(m20e),
  },
};

/** The recipe of a shipped maze, or undefined (the page's default applies). */
export function recipeFor(layoutName: string): MazeRecipe | undefined {
  return Object.hasOwn(MAZE_RECIPES, layoutName) ? MAZE_RECIPES[layoutName] : undefined;
}
