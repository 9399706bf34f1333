/** The explanations' pure parts: number format, the TD lines, the replay viewer's lines. */
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES } from '../../../../src/env/grid.js';
import type { ReplayTransitionView, TdExplanation, UpdateExplanation } from '../../../../src/rl/explain/types.js';
import { num, sup, term } from '../../../../src/ui/explain-rl/format.js';
import { clampIndex, positionText, transitionLines } from '../../../../src/ui/explain-rl/replay-view-model.js';
import { nextQRows, tdLines, updateLines } from '../../../../src/ui/explain-rl/td-text.js';

const TD: TdExplanation = {
  updates: 41, replayIndex: 17, action: 2, rewards: [-0.01], ret: -0.01, nStep: 1, gamma: 0.99, discount: 0.99,
  terminated: false, truncated: false, double: true,
  qNextTarget: [0.5, 0.2, 0.1, 0.9, 0.3], qNextOnline: [0.7, 0.1, 0.2, 0.4, 0.0], bootstrapAction: 0, bootstrap: 0.5,
  target: 0.485, plainTarget: 0.881, q: 0.25, tdError: 0.235, huberDelta: 1, loss: 0.0276125, weight: 1,
};
const byKey = (lines: { key: string; text: string; value: number | null }[]) => Object.fromEntries(lines.map((l) => [l.key, l]));

describe('number format', () => {
  it('keeps four significant digits and brackets negative terms', () => {
    expect(num(0.48512345)).toBe('0.4851');
    expect(num(-12.5)).toBe('-12.5');
    expect(num(0)).toBe('0');
    expect(num(1.23e-5)).toBe('1.230e-5');
    expect(num(123456)).toBe('1.235e+5');
    expect(num(NaN)).toBe('NaN');
    expect(term(-0.5)).toBe('(-0.5)');
    expect(term(0.5)).toBe('0.5');
    expect(sup(12)).toBe('¹²');
  });
});

describe('TD lines', () => {
  it('spell out y = R + d Q_target(s′, a*) with the reported numbers, and what plain DQN would do', () => {
    const lines = byKey(tdLines(TD, ACTION_NAMES));
    expect(lines.return.text).toBe('R = r = -0.01');
    expect(lines.discount.text).toBe('d = γ = 0.99 = 0.99');
    expect(lines.bootstrapAction.text).toMatch(/^a\* = argmax over a′ of Q_online\(s′, a′\) = North \(Double DQN/);
    expect(lines.target.text).toBe('y = R + d·Q_target(s′, a*) = -0.01 + 0.99·0.5 = 0.485');
    expect(lines.target.value).toBe(0.485);
    expect(lines.plainTarget.text).toBe('plain DQN would bootstrap from max over a′ of Q_target(s′, a′) = 0.9 (West): y = 0.881, 0.396 higher');
    expect(lines.q.text).toBe('Q_online(s, East) = 0.25 (before the update)');
    expect(lines.tdError.text).toBe('δ = y − Q(s, a) = 0.485 − 0.25 = 0.235');
    expect(lines.loss.text).toMatch(/^L = ½δ² = 0\.02761 \(\|δ\| ≤ κ = 1/);
    expect(lines.weight).toBeUndefined();
    expect(nextQRows(TD, ACTION_NAMES).filter((r) => r.star).map((r) => r.action)).toEqual(['North']);
  });

  it('covers plain DQN, n-step windows, termination, the linear Huber part and weights', () => {
    const e: TdExplanation = {
      ...TD, double: false, nStep: 3, rewards: [1, -2, 0.5], ret: 1 - 0.99 * 2 + 0.9801 * 0.5, discount: 0, terminated: true,
      bootstrapAction: 3, tdError: -2.5, loss: 2, weight: 0.5,
    };
    const lines = byKey(tdLines(e, ACTION_NAMES));
    expect(lines.plainTarget).toBeUndefined();
    expect(lines.bootstrapAction.text).toBe('a* = argmax over a′ of Q_target(s′, a′) = West');
    expect(lines.return.text).toBe('R = r₀ + γr₁ + γ²r₂ = 1 + γ·(-2) + γ²·0.5 = -0.4899');
    expect(lines.discount.text).toMatch(/^d = 0: the episode terminated/);
    expect(lines.loss.text).toMatch(/^L = κ\(\|δ\| − κ\/2\) = 2 \(\|δ\| > κ = 1/);
    expect(lines.weight.value).toBe(0.5);
    const truncated = byKey(tdLines({ ...e, terminated: false, truncated: true, rewards: [1, 2], discount: 0.9801 }, ACTION_NAMES));
    expect(truncated.discount.text).toBe('d = γ² = 0.99² = 0.9801 (the step limit truncated the episode: it still bootstraps)');
  });

  it('say which step was taken and which batch the update drew', () => {
    const u: UpdateExplanation = {
      envSteps: 1200, updates: 42, epsilon: 0.25,
      step: { action: 3, random: true, reward: 10, storedReward: 0.1, terminated: false, truncated: false },
      batchIndices: [17, 3, 99], loss: 0.0123, sampleAt: 0, sample: TD, frames: new Uint8Array(0), nextFrames: new Uint8Array(0),
    };
    const lines = byKey(updateLines(u, ACTION_NAMES));
    expect(lines.step.text).toBe('env step 1200: the shown game moved West, chosen at random (ε = 0.25); reward 10, stored for learning as 0.1');
    expect(lines.batch.text).toBe('update 42 drew 3 transitions from replay slots 17, 3, 99');
    expect(lines.batchLoss.value).toBe(0.0123);
    const fromQ = { ...u, step: { ...u.step, random: false } };
    expect(byKey(updateLines(fromQ, ACTION_NAMES)).step.text).toMatch(/chosen greedily \(ε = 0\.25\)/);
    expect(byKey(updateLines({ ...fromQ, temperature: 0.1 }, ACTION_NAMES)).step.text).toMatch(/chosen by a softmax draw over Q \(T = 0\.1, ε = 0\.25\)/);
  });
});

describe('replay viewer model', () => {
  it('clamps the index and describes a transition', () => {
    expect(clampIndex(-3, 10)).toBe(0);
    expect(clampIndex(12, 10)).toBe(9);
    expect(clampIndex(NaN, 10)).toBe(0);
    expect(clampIndex(4, 0)).toBe(0);
    const view: ReplayTransitionView = {
      index: 1234, slot: 77, frames: new Uint8Array(0), nextFrame: new Uint8Array(0), action: 1, reward: -5, terminated: true, truncated: false,
    };
    expect(positionText(view, 5000)).toBe('transition 1,235 of 5,000 · replay slot 77');
    const lines = byKey(transitionLines(view, ACTION_NAMES));
    expect(lines.action.text).toBe('South');
    expect(lines.reward.text).toMatch(/^-5 /);
    expect(lines.done.text).toMatch(/^terminated/);
  });
});
