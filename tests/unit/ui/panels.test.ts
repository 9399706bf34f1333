/** The panels' pure parts: agent's-eye pixels, Q-value bars, status line and HUD text. */
import { describe, expect, it } from 'vitest';
import type { BoardState } from '../../../src/env/board.js';
import type { RlSnapshot } from '../../../src/rl/session.js';
import { hudFields } from '../../../src/ui/board/hud.js';
import { HUMAN_HINT, humanBannerText } from '../../../src/ui/human/human-text.js';
import { grayToRgba } from '../../../src/ui/eye/gray.js';
import { choiceLabel, qBars } from '../../../src/ui/qvalues/q-bars-model.js';
import { backendText, formatRate, statusItems } from '../../../src/ui/status/format.js';

const BOARD: BoardState = {
  width: 3, height: 3, food: new Uint8Array(9), capsules: new Uint8Array(9), pacman: { x: 1, y: 1, facing: 3 },
  ghosts: [], score: 42, steps: 7, won: false, lost: false, episode: 2,
};

function snapshot(over: Partial<RlSnapshot> = {}): RlSnapshot {
  return {
    running: true, mode: 'agent', human: null, alert: null, envSteps: 12345, updates: 678, episodes: 9,
    params: {} as RlSnapshot['params'], epsilon: 0.5, learningRateNow: 5e-4, board: BOARD, frames: new Uint8Array(4 * 84 * 84),
    qValues: [0, 0, 0, 0, 0], action: 1, randomAction: false, allowed: [true, true, true, true, true], meanScore100: -123.456, winRate100: 0.25,
    lastReport: { type: 'train', updates: 600, envSteps: 12000, episodes: 9, loss: 0.01234, meanQ: 1, gradNorm: 1, epsilon: 0.5, meanScore100: -123, winRate100: 0.25 },
    backend: { name: 'webgl', reason: 'WebGPU found no adapter (no usable GPU)', adapter: '' },
    envStepsPerSec: 1234.5, updatesPerSec: 3.456, replay: { size: 5000, capacity: 20000, bytes: 141_120_000 }, tensors: 10, recentEpisodes: [],
    ...over,
  };
}

describe('agent eye', () => {
  it('expands gray bytes to opaque RGBA', () => {
    const gray = new Uint8Array([9, 0, 128, 255, 7]);
    const out = new Uint8ClampedArray(12);
    grayToRgba(gray, 1, 3, out);
    expect(Array.from(out)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    expect(() => grayToRgba(gray, 3, 3, out)).toThrow(/frame needs 6/);
    expect(() => grayToRgba(gray, 0, 2, out)).toThrow(/expected 8/);
  });
});

describe('Q-value bars', () => {
  it('scales bars by the largest magnitude and marks chosen and best', () => {
    const bars = qBars([1, -2, 0.5, 0, NaN], 2);
    expect(bars.map((b) => b.name)).toEqual(['North', 'South', 'East', 'West', 'Stop']);
    expect(bars.map((b) => b.extent)).toEqual([0.5, -1, 0.25, 0, 0]);
    expect(bars.findIndex((b) => b.chosen)).toBe(2);
    expect(bars.findIndex((b) => b.best)).toBe(0);
    expect(qBars([0, 0, 0, 0, 0], -1).every((b) => b.extent === 0 && !b.chosen)).toBe(true);
  });

  it('with legal moves only, a move into a wall is neither best nor sets the scale', () => {
    // North into a wall holds the largest (never trained) value; West is the best legal move.
    const bars = qBars([9, -2, 0.5, 1, 0], 3, [false, true, true, true, true]);
    expect(bars.map((b) => b.allowed)).toEqual([false, true, true, true, true]);
    expect(bars.findIndex((b) => b.best)).toBe(3);
    expect(bars.map((b) => b.extent)).toEqual([0, -1, 0.25, 0.5, 0]);
  });

  it('says whether the action was random or greedy', () => {
    expect(choiceLabel(2, true, 0.4321)).toBe('random (ε = 0.43)');
    expect(choiceLabel(2, false, 0.4321)).toBe('greedy');
    expect(choiceLabel(2, false, 0.4321, true)).toMatch(/^your move/);
    expect(choiceLabel(-1, false, 1)).toBe('no action yet');
  });
});

describe('status line', () => {
  it('shows counters, rates, replay fill in MB and the last loss', () => {
    const items = Object.fromEntries(statusItems(snapshot()).map((i) => [i.key, i]));
    expect(items.envSteps.text).toBe('12,345');
    expect(items.envSteps.value).toBe(12345);
    expect(items.envStepsPerSec.text).toBe('1,235');
    expect(items.updatesPerSec.text).toBe('3.46');
    expect(items.replay.text).toBe('5,000 / 20,000 (141 MB)');
    expect(items.meanScore.text).toBe('-123.5');
    expect(items.winRate.text).toBe('25%');
    expect(items.loss.text).toBe('0.0123');
    expect(items.backend.title).toMatch(/not WebGPU: WebGPU found no adapter/);
  });

  it('shows dashes before the first episode and report', () => {
    const items = Object.fromEntries(statusItems(snapshot({ episodes: 0, lastReport: null })).map((i) => [i.key, i.text]));
    expect(items.meanScore).toBe('–');
    expect(items.winRate).toBe('–');
    expect(items.loss).toBe('–');
  });

  it('names the adapter when there is one', () => {
    expect(backendText({ name: 'webgpu', reason: '', adapter: 'nvidia' })).toEqual({ text: 'webgpu (nvidia)', title: 'the first choice runs' });
    expect(formatRate(0)).toBe('0');
    expect(formatRate(12.34)).toBe('12.3');
  });
});

describe('HUD', () => {
  it('shows score, steps of the limit, episode and outcome', () => {
    expect(hudFields(BOARD, 100)).toEqual({ score: '42', steps: '7 / 100', episode: '2', outcome: '' });
    expect(hudFields({ ...BOARD, lost: true }, null).outcome).toBe('caught');
    expect(hudFields({ ...BOARD, won: true }, null).steps).toBe('7');
  });
});

describe('play-yourself banner', () => {
  const status = { score: -3, steps: 3, games: 0, wins: 0, lastOutcome: null, lastScore: null, waitingForKey: false };
  it('hints at the keys in agent mode, explains control while playing, and reports a finished game', () => {
    expect(humanBannerText(null)).toBe(HUMAN_HINT);
    expect(humanBannerText(status)).toMatch(/You are playing.*Esc or Start hands back/);
    expect(humanBannerText({ ...status, games: 1, lastOutcome: 'lost', lastScore: -512, waitingForKey: true }))
      .toMatch(/Game over: you were caught, score -512\. Press a direction.*Your games: 1, won 0\./);
  });
});
