/**
 * The Q-network's forward pass written out plainly (conv, dense, then the heads with separate
 * bias additions and Q = V + A - mean_a A, Wang et al. 2016), from a QNetwork's own variables by
 * name: what QNetwork.apply must equal, however it fuses its programs. Used on the CPU backend
 * (qnet.test.ts) and on WebGPU (tests/unit/tf/webgpu-fused.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { RandomStreams } from '../../../src/core/random.js';
import { logicalName, NET_SPECS, type NetPreset, QNetwork } from '../../../src/rl/qnet.js';

export function referenceQ(net: QNetwork, input: tf.Tensor4D): tf.Tensor2D {
  const byName = new Map(net.params.map((p) => [logicalName(p).split('/').slice(1).join('/'), p]));
  const param = (name: string): tf.Tensor => {
    const p = byName.get(name);
    if (!p) throw new Error(`no variable ${name} in ${[...byName.keys()].join(', ')}`);
    return p;
  };
  let x: tf.Tensor4D = input;
  NET_SPECS[net.shape.preset].convs.forEach((c, i) => {
    x = tf.relu(tf.add(tf.conv2d(x, param(`conv${i}/kernel`) as tf.Tensor4D, c.stride, 'valid'), param(`conv${i}/bias`))) as tf.Tensor4D;
  });
  const h = tf.relu(tf.add(tf.matMul(tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D, param('dense/kernel') as tf.Tensor2D), param('dense/bias'))) as tf.Tensor2D;
  const adv = tf.add(tf.matMul(h, param('advantage/kernel') as tf.Tensor2D), param('advantage/bias')) as tf.Tensor2D;
  if (!net.shape.dueling) return adv;
  const v = tf.add(tf.matMul(h, param('value/kernel') as tf.Tensor2D), param('value/bias'));
  return tf.add(v, tf.sub(adv, tf.mean(adv, 1, true))) as tf.Tensor2D;
}

const relError = (want: Float32Array, got: Float32Array): number => {
  let diff = 0;
  let scale = 0;
  want.forEach((w, i) => {
    diff = Math.max(diff, Math.abs(w - got[i]));
    scale = Math.max(scale, Math.abs(w));
  });
  return scale === 0 ? diff : diff / scale;
};

/**
 * A seeded network with non-zero biases (they start at zero): apply and its gradient for every
 * variable against referenceQ's, within `tolerance` relative to each output's largest value.
 */
export async function expectMatchesReference(preset: NetPreset, dueling: boolean, tolerance: number): Promise<void> {
  const net = new QNetwork({ preset, numActions: 5, dueling }, new RandomStreams(7).get('weights'), `reference-${preset}-${dueling}`);
  tf.tidy(() => net.params.forEach((p, i) => p.shape.length === 1 && p.assign(tf.randomUniform(p.shape, -0.5, 0.5, 'float32', 100 + i))));
  const input = tf.randomUniform([3, 84, 84, 4], 0, 1, 'float32', 5) as tf.Tensor4D;
  const weights = tf.tensor2d([[1, -2, 0.5, 3, -1], [0.2, 0.1, -0.3, 2, 1], [-1, 1, -1, 1, 0.7]]);
  // A loss that weights each Q differently, so a wrong centring or a lost bias changes its gradient.
  const lossOf = (f: (x: tf.Tensor4D) => tf.Tensor2D) => () => tf.sum(tf.mul(f(input), weights)) as tf.Scalar;
  const run = async (f: (x: tf.Tensor4D) => tf.Tensor2D): Promise<Float32Array[]> => {
    const out = tf.tidy(() => [f(input), ...Object.values(tf.variableGrads(lossOf(f), net.params).grads)]);
    const values = await Promise.all(out.map(async (t) => Float32Array.from(await t.data())));
    tf.dispose(out);
    return values;
  };
  const [want, got] = [await run((x) => referenceQ(net, x)), await run((x) => net.apply(x))];
  expect(got.length).toBe(net.params.length + 1);
  want.forEach((w, i) => {
    const what = i === 0 ? 'Q-values' : `gradient of ${logicalName(net.params[i - 1])}`;
    expect(w.some((v) => v !== 0), `${what}: the reference is all zeros`).toBe(true);
    expect(relError(w, got[i]), what).toBeLessThan(tolerance);
  });
  tf.dispose([input, weights]);
  net.dispose();
}
