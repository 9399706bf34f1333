/** The controls' pure parts: the default run, slider scales and layout checks. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAYOUT_CATALOGUE } from '../../../src/env/catalogue.js';
import { chooseLayout } from '../../../src/ui/controls/layout-picker.js';
import {
  compactRate, DEFAULT_DQN, DEFAULT_ENV, DEFAULT_LAYOUT, fromLogPosition, learningRateNowText, runConfig, smoothAt, SPEED_STOPS, toLogPosition,
} from '../../../src/ui/controls/run-config.js';
import { shippedLayouts } from '../../../src/ui/layouts.js';

describe('the default run', () => {
  it("is starter7, the directional ghost, the small net with issue 7's tuned config over 8 envs", () => {
    const c = runConfig({ name: 'starter7', text: '...' }, 100, 7);
    expect(DEFAULT_LAYOUT).toBe('starter7');
    expect(c).toEqual({
      layout: { name: 'starter7', text: '...' }, seed: 7, env: { ghosts: 'directional', maxSteps: 100 },
      dqn: {
        net: 'small', numEnvs: 8, replayCapacity: 20000, learningStarts: 500, epsilonSteps: 2000, epsilonEnd: 0.01,
        trainEvery: 1, targetSyncEvery: 100, nStep: 3, prioritized: true, dueling: true, learningRate: 5e-4, batchSize: 16,
        gamma: 0.9, legalActionsOnly: true, reportEvery: 50, learningRateDecaySteps: 16000, learningRateEnd: 5e-5, policyAverageDecay: 0.999,
      },
    });
  });

  it('is the measured configuration: the same as the tuning run the benchmarks name', () => {
    const measured = JSON.parse(readFileSync('docs/tuning-runs/starter7-t21-polyak.json', 'utf8')) as { env: unknown; dqn: unknown };
    expect(measured).toEqual({ env: DEFAULT_ENV, dqn: DEFAULT_DQN });
  });

  it('goes from watch (10 moves/s) to turbo (0), blending motion only at watch speeds', () => {
    expect(SPEED_STOPS[0].movesPerSecond).toBe(10);
    expect(SPEED_STOPS.at(-1)).toEqual({ label: 'turbo', movesPerSecond: 0 });
    expect(smoothAt(10)).toBe(true);
    expect(smoothAt(0)).toBe(false);
    expect(smoothAt(500)).toBe(false);
  });

  it('maps the learning-rate slider on a log scale both ways', () => {
    expect(fromLogPosition(0, 1e-5, 1e-2)).toBeCloseTo(1e-5, 12);
    expect(fromLogPosition(1, 1e-5, 1e-2)).toBeCloseTo(1e-2, 12);
    expect(fromLogPosition(1 / 3, 1e-5, 1e-2)).toBeCloseTo(1e-4, 10);
    for (const v of [1e-5, 3e-5, 1e-4, 2.5e-3]) expect(fromLogPosition(toLogPosition(v, 1e-5, 1e-2), 1e-5, 1e-2)).toBeCloseTo(v, 12);
    expect(toLogPosition(1, 1e-5, 1e-2)).toBe(1);
    expect(toLogPosition(0, 1e-5, 1e-2)).toBe(0);
  });

  it('notes the learning rate in use under the slider while the run decays it, and nothing without a decay', () => {
    expect(compactRate(3.2e-4)).toBe('3.2e-4');
    expect(compactRate(5e-5)).toBe('5e-5');
    expect(compactRate(3.2456e-4)).toBe('3.2e-4');
    expect(compactRate(1e-3)).toBe('1e-3');
    const decay = { learningRateDecaySteps: 16_000, learningRateEnd: 5e-5 };
    expect(learningRateNowText(3.2e-4, 6_400, decay)).toBe('now 3.2e-4 (decays to 5e-5 by step 16,000)');
    expect(learningRateNowText(5e-4, 0, DEFAULT_DQN)).toBe('now 5e-4 (decays to 5e-5 by step 16,000)');
    expect(learningRateNowText(5e-5, 16_000, decay)).toBe('now 5e-5 (decay ended at step 16,000)');
    expect(learningRateNowText(5e-4, 6_400, { learningRateDecaySteps: 0, learningRateEnd: 5e-5 })).toBe('');
    expect(learningRateNowText(5e-4, 6_400, {})).toBe('');
  });
});

describe('layouts', () => {
  it('ships every catalogue entry, in order, and each parses', () => {
    const shipped = shippedLayouts();
    expect(shipped.slice(0, LAYOUT_CATALOGUE.length).map((l) => l.name)).toEqual(LAYOUT_CATALOGUE.map((l) => l.name));
    for (const s of shipped) expect(chooseLayout(s.text, s.name, s.maxSteps).layout.width).toBeGreaterThan(2);
  });

  it('refuses a bad file with the parser message: file, line and column', () => {
    expect(() => chooseLayout('%%%%%\n%P .%\n%%%\n%%%%%\n', 'bad.lay', 0)).toThrow(/bad\.lay: line 3, column 4/);
    expect(() => chooseLayout(new TextEncoder().encode('%%%%\n%P.%\n% %%\n'), 'hole.lay', 0)).toThrow(/hole\.lay: line 3, column 2/);
  });

  it('hands the worker clean text that parses to the same maze', () => {
    const c = chooseLayout('%%%%%  \r\n%P .%x\r\n%%%%%\r\n', 'messy.lay', 0);
    expect(c.layout.warnings.length).toBeGreaterThan(0);
    expect(chooseLayout(c.text, 'messy.lay', 0).layout.walls).toEqual(c.layout.walls);
  });
});
