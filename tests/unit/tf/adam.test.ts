import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from '../../../src/tf/adam.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function problem(): { params: tf.Variable[]; loss: () => tf.Scalar } {
  const w = tf.variable(tf.tensor2d([[0.5, -1], [2, 0.25]]));
  const b = tf.variable(tf.tensor1d([0.1, -0.2]));
  const x = tf.tensor2d([[1, 2], [3, -1], [0.5, 0.5]]);
  const y = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);
  return { params: [w, b], loss: () => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b), y))) as tf.Scalar };
}

describe('Adam', () => {
  it('matches tfjs Adam step for step', async () => {
    const ours = problem();
    const theirs = problem();
    const adam = new Adam(ours.params, { learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, clipNorm: 0 });
    const reference = tf.train.adam(0.05, 0.9, 0.999, 1e-7);
    for (let i = 0; i < 20; i++) {
      const r = adam.minimize(ours.loss);
      tf.dispose([r.loss, r.gradNorm]);
      tf.dispose(reference.minimize(theirs.loss, true, theirs.params) ?? undefined);
    }
    for (let i = 0; i < 2; i++) {
      const a = await ours.params[i].data();
      const b = await theirs.params[i].data();
      a.forEach((v, j) => expect(v).toBeCloseTo(b[j], 4)); // float32, eps placed slightly differently
    }
  });

  it('reports the gradient norm and clips to clipNorm', async () => {
    const p = problem();
    const before = await p.params[1].data();
    const adam = new Adam(p.params, { learningRate: 1, beta1: 0, beta2: 0, epsilon: 1e-12, clipNorm: 1e-3 });
    const { gradNorm, loss } = adam.minimize(p.loss);
    expect((await gradNorm.data())[0]).toBeGreaterThan(1e-3);
    // beta1 = beta2 = 0: the step is lr * g / |g| per element (sign), whatever the scale.
    const after = await p.params[1].data();
    after.forEach((v, j) => expect(Math.abs(v - before[j])).toBeCloseTo(1, 3));
    tf.dispose([gradNorm, loss]);
  });

  it('lets the learning rate change between steps', () => {
    const p = problem();
    const adam = new Adam(p.params, { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, clipNorm: 0 });
    adam.settings = { ...adam.settings, learningRate: 0 };
    const before = p.params[0].arraySync();
    tf.dispose(Object.values(adam.minimize(p.loss)));
    expect(p.params[0].arraySync()).toEqual(before);
  });
});
