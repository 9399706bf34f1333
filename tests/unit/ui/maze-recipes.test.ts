/** Per-maze recipes: the app trains corridors16 and medium20 the way their figures were measured. */
import { describe, expect, it } from 'vitest';
import { readRunConfig } from '../../../src/cli/run-config.js';
import { LAYOUT_CATALOGUE } from '../../../src/env/catalogue.js';
import { resolveEnvConfig } from '../../../src/env/env.js';
import { resolveDqnConfig } from '../../../src/rl/config.js';
import { recipeText } from '../../../src/ui/controls/layout-picker.js';
import { MAZE_RECIPES, recipeFor } from '../../../src/ui/controls/maze-recipes.js';
import { defaultRestart, rebaseRestart, type RestartSettings } from '../../../src/ui/controls/restart-config.js';
import { DEFAULT_DQN, explorationText, runConfig } from '../../../src/ui/controls/run-config.js';

const corridors = MAZE_RECIPES.corridors16;
const medium = MAZE_RECIPES.medium20;

describe('maze recipes', () => {
  it('are corridors16 (c16-n) and medium20 (m20-e); other mazes and odd names have none', () => {
    expect(Object.keys(MAZE_RECIPES).sort()).toEqual(['corridors16', 'medium20']);
    expect([recipeFor('corridors16')?.name, recipeFor('medium20')?.name]).toEqual(['c16-n', 'm20-e']);
    for (const name of ['starter7', 'classic28', 'constructor', 'toString', '']) expect(recipeFor(name), name).toBeUndefined();
  });

  it('each equals the docs/tuning-runs file its measured runs used, and validates', () => {
    for (const [layout, recipe] of Object.entries(MAZE_RECIPES)) {
      expect(recipe.file).toBe(`docs/tuning-runs/${layout}-${recipe.name}.json`);
      expect(readRunConfig(recipe.file), recipe.file).toEqual({ env: recipe.env, dqn: recipe.dqn });
      expect(() => resolveDqnConfig(recipe.dqn)).not.toThrow();
      expect(() => resolveEnvConfig(recipe.env)).not.toThrow();
    }
  });

  it("each is for a shipped maze whose expectations name it, and sets every restart setting itself", () => {
    for (const [layout, recipe] of Object.entries(MAZE_RECIPES)) {
      const entry = LAYOUT_CATALOGUE.find((e) => e.name === layout);
      expect(entry?.expect, layout).toContain(`recipe ${recipe.name}`);
      for (const key of ['replayCapacity', 'net', 'numEnvs', 'legalActionsOnly'] as const) expect(recipe.dqn[key], `${layout}: dqn.${key}`).toBeDefined();
      expect(recipe.env.ghosts, `${layout}: env.ghosts`).toBeDefined();
    }
  });
});

describe('a run on a maze with a recipe', () => {
  it('is the recipe exactly, not the page default with the recipe over it', () => {
    const c = runConfig({ name: 'medium20', text: '...' }, 500, 3, {}, medium);
    expect(c.dqn).toEqual(medium.dqn);
    expect(c.env).toEqual({ ghosts: 'directional', maxSteps: 500 });
    // The page default averages over ~1,000 updates; m20-e's runs over ~10,000, and never stopped while they had a move.
    expect(DEFAULT_DQN.policyAverageDecay).toBe(0.999);
    expect(c.dqn).toMatchObject({ policyAverageDecay: 0.9999, stopAction: false });
    expect(runConfig({ name: 'corridors16', text: '...' }, 300, 3, {}, corridors).dqn?.softmaxTemperature).toBe(0.1);
  });

  it("takes the restart panel's settings over the recipe", () => {
    const c = runConfig({ name: 'corridors16', text: '...' }, 300, 3, { replayCapacity: 100_000, ghosts: 'random', numEnvs: 4 }, corridors);
    expect(c.dqn).toEqual({ ...corridors.dqn, replayCapacity: 100_000, numEnvs: 4 });
    expect(c.env).toEqual({ ghosts: 'random', maxSteps: 300 });
  });
});

describe('the restart panel across mazes', () => {
  const page = defaultRestart();
  const c16 = defaultRestart(corridors);
  const m20 = defaultRestart(medium);

  it("starts from the recipe's restart settings, or the page's", () => {
    expect(page).toEqual({ replayCapacity: 20_000, net: 'small', numEnvs: 8, legalActionsOnly: true, stopAction: true, ghosts: 'directional' });
    expect(c16).toEqual({ replayCapacity: 50_000, net: 'small', numEnvs: 8, legalActionsOnly: true, stopAction: true, ghosts: 'directional' });
    expect(m20).toEqual({ ...c16, stopAction: false });
  });

  it('moves the settings a person left alone to the new maze, and keeps the ones they changed', () => {
    expect(rebaseRestart(page, page, c16)).toEqual(c16);
    expect(rebaseRestart(c16, c16, page)).toEqual(page);
    const changed: RestartSettings = { ...page, net: 'nature', replayCapacity: 5_000 };
    expect(rebaseRestart(changed, page, c16)).toEqual({ ...c16, net: 'nature', replayCapacity: 5_000 });
    // A setting changed to what the new maze uses anyway stays at that value.
    expect(rebaseRestart({ ...page, replayCapacity: 50_000 }, page, c16).replayCapacity).toBe(50_000);
    // medium20's agent never stops; leaving it for corridors16 gives Stop back, unless the person chose "keeps moving" there.
    expect(rebaseRestart(m20, m20, c16).stopAction).toBe(true);
    expect(rebaseRestart(c16, c16, m20).stopAction).toBe(false);
  });
});

describe('the layout picker', () => {
  it('says which settings a maze trains with', () => {
    expect(recipeText(corridors)).toBe(`Trains with this maze's recipe c16-n (docs/tuning-runs/corridors16-c16-n.json): ${corridors.summary}.`);
    expect(recipeText(undefined)).toBe("Trains with the page's default settings (tuned on starter7).");
  });
});

describe('the exploration note under epsilon', () => {
  it("names the softmax and its temperature, following the trainer's schedule, and corridor exploration; empty for a plain epsilon-greedy run", () => {
    expect(explorationText(DEFAULT_DQN, 0)).toBe('');
    expect(explorationText({ ...corridors.dqn, exploreCorridors: false }, 123_456)).toBe('the other moves: softmax over the Q-values at temperature 0.1');
    const falling = { softmaxTemperature: 0.3, softmaxTemperatureSteps: 300_000, softmaxTemperatureEnd: 0.05 };
    expect(explorationText(falling, 0)).toBe('the other moves: softmax over the Q-values at temperature 0.3 (0.3 → 0.05 over 300,000 env steps)');
    expect(explorationText(falling, 120_000)).toContain('temperature 0.2 (');
    expect(explorationText(falling, 900_000)).toContain('temperature 0.05 (');
    expect(explorationText(corridors.dqn, 0)).toBe(
      "epsilon's moves never reverse and keep to their corridor until the next junction; the other moves: softmax over the Q-values at temperature 0.1",
    );
    expect(explorationText({ exploreCorridors: true }, 0)).toBe("epsilon's moves never reverse and keep to their corridor until the next junction");
  });
});
