/** The random baseline: deterministic per seed, and played exactly as the pixel evaluation plays it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random.js';
import { parseLayout } from '../../../../src/env/layout.js';
import { BaselineTrainer } from '../../../../src/rl/baselines/baseline-trainer.js';
import { evaluateStatePolicy, randomStatePolicy } from '../../../../src/rl/baselines/evaluate-state.js';
import { evaluatePolicy, randomPolicy } from '../../../../src/rl/evaluate.js';

const STARTER = parseLayout(readFileSync('assets/layouts/starter7.lay'), 'starter7');

function scores(seed: number): number[] {
  const trainer = new BaselineTrainer({ agent: 'random', layout: STARTER, env: { maxSteps: 100 }, seed });
  const out: number[] = [];
  while (trainer.episodes < 30) {
    const row = trainer.step();
    if (row) out.push(row.score);
  }
  return out;
}

describe('random baseline', () => {
  it('same seed, same episodes; another seed, others', () => {
    expect(scores(4)).toEqual(scores(4));
    expect(scores(5)).not.toEqual(scores(4));
  });

  it('evaluates to the very episodes evaluatePolicy(randomPolicy) plays on pixels, without rendering', async () => {
    const env = { ghosts: 'directional' as const, maxSteps: 100 };
    const state = evaluateStatePolicy(STARTER, env, 7, 40, randomStatePolicy(new RandomStreams(7).get('eval-exploration')));
    const pixels = await evaluatePolicy(STARTER, env, 7, 40, randomPolicy(new RandomStreams(7).get('eval-exploration'), 5));
    expect(state.records).toEqual(pixels.records);
  });
});
