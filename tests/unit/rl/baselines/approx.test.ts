/**
 * The approximate Q-learner (Berkeley's ApproximateQAgent with SimpleExtractor): its features,
 * that it learns medium20 within 50 games as Berkeley's does, determinism, and its checkpoint.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random.js';
import { Action } from '../../../../src/env/grid.js';
import { loadLayout } from '../../../../src/cli/layouts.js';
import { ApproxQAgent } from '../../../../src/rl/baselines/approx-agent.js';
import { decodeApproxCheckpoint, encodeApproxCheckpoint } from '../../../../src/rl/baselines/approx-checkpoint.js';
import { BaselineTrainer } from '../../../../src/rl/baselines/baseline-trainer.js';
import { resolveTabularConfig } from '../../../../src/rl/baselines/config.js';
import { evaluateStatePolicy } from '../../../../src/rl/baselines/evaluate-state.js';
import { NUM_FEATURES, SimpleFeatures } from '../../../../src/rl/baselines/features.js';
import { envOf } from '../../env/helpers.js';

function featuresOf(rows: string[], action: number): number[] {
  const env = envOf(rows);
  const out = new Float64Array(NUM_FEATURES);
  new SimpleFeatures(env.game.width, env.game.height).extract(env.game, action, out);
  return Array.from(out, (v) => v * 10); // undo SimpleExtractor's divideAll(10)
}

describe('SimpleFeatures (Berkeley SimpleExtractor)', () => {
  it('rates the cell an action leads to: food there, ghosts one step from it, the maze distance to the nearest food', () => {
    const far = ['%%%%%%%%', '%P.   G%', '%%%%%%%%'];
    expect(featuresOf(far, Action.East)).toEqual([1, 0, 1, 0]);
    // West is a wall: Pac-Man stays, one move from the food, in a maze of 24 cells.
    expect(featuresOf(far, Action.West)).toEqual([1, 0, 0, 1 / 24]);
    const near = ['%%%%%%%%', '%P.G   %', '%%%%%%%%'];
    // The ghost is one step from (2,1): the food there is not "eaten" by the feature.
    expect(featuresOf(near, Action.East)).toEqual([1, 1, 0, 0]);
    expect(featuresOf(near, Action.Stop)).toEqual([1, 0, 0, 1 / 24]);
  });
});

function trainApprox(seed: number, episodes: number, ghosts: 'random' | 'directional') {
  const layout = loadLayout('medium20');
  const trainer = new BaselineTrainer({ agent: 'approx', layout, env: { ghosts }, seed });
  while (trainer.episodes < episodes) trainer.step();
  const agent = trainer.approx;
  if (!agent) throw new Error('not an approx trainer');
  return { layout, agent };
}

describe('ApproxQAgent', () => {
  it('wins medium20 most of the time after 50 games, as Berkeley reports; weights as expected in sign', () => {
    const { layout, agent } = trainApprox(1, 50, 'random');
    const [bias, ghostsNear, eatsFood, closestFood] = agent.weights;
    expect(ghostsNear).toBeLessThan(0);
    expect(eatsFood).toBeGreaterThan(0);
    expect(closestFood).toBeLessThan(0);
    expect(bias).toBeGreaterThan(0);
    const streams = new RandomStreams(7);
    const greedy = new ApproxQAgent(layout, agent.config, streams.get('x'), streams.get('ties'), agent.weights);
    const result = evaluateStatePolicy(layout, { ghosts: 'random' }, 7, 50, (game) => greedy.act(game, 0));
    expect(result.winRate).toBeGreaterThanOrEqual(0.7);
  });

  it('the same seed gives the same weights; another seed other ones', () => {
    const a = trainApprox(3, 5, 'directional').agent.weights;
    expect(trainApprox(3, 5, 'directional').agent.weights).toEqual(a);
    expect(trainApprox(4, 5, 'directional').agent.weights).not.toEqual(a);
  });

  it('checkpoints its weights exactly and names what is wrong in a bad file', () => {
    const weights = Float64Array.of(1.5, -2.25, 0.1 + 0.2, -1e-7);
    const meta = { config: resolveTabularConfig({}), env: { ghosts: 'directional' as const }, layout: { name: 'x', text: '%%%' }, seed: 2, counters: { envSteps: 10, episodes: 1 } };
    const text = encodeApproxCheckpoint(weights, meta);
    const back = decodeApproxCheckpoint(text, 'a.json');
    expect(Array.from(back.weights)).toEqual(Array.from(weights));
    expect(back.meta).toEqual(meta);
    const broken = text.replace('"eatsFood": 0.30000000000000004', '"eatsFood": "high"');
    expect(() => decodeApproxCheckpoint(broken, 'b.json')).toThrow(/b\.json: weight "eatsFood" must be a finite number, got "high"/);
    expect(() => decodeApproxCheckpoint('{"format":"pac-lab/tabular-q"}', 'c.json')).toThrow(/c\.json is not an approximate Q-learner checkpoint/);
    expect(() => new ApproxQAgent(loadLayout('starter7'), {}, new RandomStreams(1).get('a'), new RandomStreams(1).get('b'), new Float64Array(3))).toThrow(/4 expected, got 3/);
  });
});
