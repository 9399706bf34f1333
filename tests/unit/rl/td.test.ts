import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { huber, pickActions, tdTarget } from '../../../src/rl/td.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('TD targets, by hand', () => {
  // Two transitions, three actions. gamma = 0.9 folded into discounts; the second terminated.
  const returns = [1, -5];
  const discounts = [0.9, 0];
  const qNextTarget = [[2, 10, 4], [7, 8, 9]];
  const qNextOnline = [[5, 1, 3], [0, 0, 1]];

  it('plain DQN: y = r + gamma * max_a Q_target(s\', a)', async () => {
    const y = tdTarget(tf.tensor1d(returns), tf.tensor1d(discounts), tf.tensor2d(qNextTarget), null);
    // 1 + 0.9 * 10 = 10; -5 + 0 (terminated: no bootstrap)
    expect(Array.from(await y.data())).toEqual([10, -5].map((v) => Math.fround(v)));
  });

  it('Double DQN: the online net picks a\', the target net rates it', async () => {
    const y = tdTarget(tf.tensor1d(returns), tf.tensor1d(discounts), tf.tensor2d(qNextTarget), tf.tensor2d(qNextOnline));
    // online argmax of row 0 is action 0 -> target Q = 2: 1 + 0.9 * 2 = 2.8
    const values = Array.from(await y.data());
    expect(values[0]).toBeCloseTo(2.8, 6);
    expect(values[1]).toBe(-5);
  });

  it('Q(s, a) is picked with a one-hot mask', async () => {
    const q = pickActions(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), tf.tensor1d([2, 0], 'int32'));
    expect(Array.from(await q.data())).toEqual([3, 4]);
  });

  it('Huber loss is quadratic inside delta and linear outside', async () => {
    const l = huber(tf.tensor1d([0.5, -2, 3]), 1);
    const v = Array.from(await l.data());
    expect(v[0]).toBeCloseTo(0.125, 6);
    expect(v[1]).toBeCloseTo(1.5, 6);
    expect(v[2]).toBeCloseTo(2.5, 6);
  });
});
