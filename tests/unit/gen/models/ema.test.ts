import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random.js';
import { averageDecay, copyWeights, updateAverage } from '../../../../src/gen/nn/ema.js';
import { ParamStore } from '../../../../src/gen/nn/params.js';
import { useCpu } from './helpers.js';

beforeAll(useCpu);

function store(prefix: string, seed: number, shapes: number[][]): ParamStore {
  const s = new ParamStore(prefix, new RandomStreams(seed).get('init'));
  shapes.forEach((shape, i) => s.param(`w${i}`, shape, { kind: 'normal', std: 1 }));
  return s;
}

describe('weight averages', () => {
  it('average <- d * average + (1 - d) * weights, variable by variable, leaking nothing', async () => {
    const w = store('net', 1, [[3], [2, 2]]);
    const a = store('avg', 2, [[3], [2, 2]]);
    const before = await Promise.all([...w.trainable, ...a.trainable].map((v) => v.data()));
    const count = tf.memory().numTensors;
    updateAverage(a, w, 0.75);
    expect(tf.memory().numTensors).toBe(count);
    for (let i = 0; i < 2; i++) {
      const got = await a.trainable[i].data();
      got.forEach((v, j) => expect(v).toBeCloseTo(0.75 * before[2 + i][j] + 0.25 * before[i][j], 6));
    }
    copyWeights(a, w);
    expect(Array.from(await a.trainable[1].data())).toEqual(Array.from(before[1]));
    w.dispose();
    a.dispose();
  });

  it('warms the decay up: (1 + n) / (10 + n) until it reaches the configured value', () => {
    expect(averageDecay(0.999, 0)).toBeCloseTo(0.1, 10);
    expect(averageDecay(0.999, 90)).toBeCloseTo(91 / 100, 10);
    expect(averageDecay(0.99, 100_000)).toBe(0.99);
  });

  it('refuses stores that are not twins, naming both', () => {
    const w = store('net', 1, [[3]]);
    const a = store('avg', 2, [[4]]);
    expect(() => updateAverage(a, w, 0.5)).toThrow(/avg \(1 variables\) is not a twin of net \(1\)/);
    w.dispose();
    a.dispose();
  });
});
