import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random.js';
import { LEVELS } from '../../../../src/gen/world/cells.js';
import { resolveLatentWorldConfig, resolvePixelWorldConfig } from '../../../../src/gen/world/config.js';
import { PlayDataset, type TransitionBatch } from '../../../../src/gen/world/data.js';
import { actionOneHot, levelClasses, levelOneHot, newestClasses } from '../../../../src/gen/world/encode.js';
import { LatentWorldModel } from '../../../../src/gen/world/latent-model.js';
import { createWorldModel, type WorldModel, type WorldModelName } from '../../../../src/gen/world/model.js';
import { PixelWorldModel } from '../../../../src/gen/world/pixel-model.js';
import { FRAME_SIZE } from '../../../../src/obs/raster.js';
import { layout, useCpu } from './helpers.js';

const TINY = { channels: [4, 8], pixelHidden: 4 };
const CONFIGS: Record<WorldModelName, object> = {
  'world-pixel': { ...TINY, midBlocks: 1, learningRate: 3e-3 },
  'world-latent': { ...TINY, latentDim: 8, hidden: 16, autoencoderSteps: 8, learningRate: 3e-3 },
};
let data: PlayDataset;
let batch: TransitionBatch;

beforeAll(async () => {
  await useCpu();
  data = PlayDataset.collect(layout('starter7'), { ghosts: 'directional' }, 200, 1);
  batch = data.sample(6, new RandomStreams(1).get('batch'));
});

describe('world model configs', () => {
  it('name the field and value in errors', () => {
    expect(() => resolvePixelWorldConfig({ contextNoise: 0.9 })).toThrow(/worldPixel\.contextNoise must be a number in \[0, 0\.5\], got 0\.9/);
    expect(() => resolveLatentWorldConfig({ latentDim: 0 })).toThrow(/worldLatent\.latentDim must be an integer in \[1, 256\], got 0/);
    expect(() => resolvePixelWorldConfig({ rewardValues: [9, -1] })).toThrow(/worldPixel\.rewardValues must be 1\.\.64 ascending distinct numbers, got \[9,-1\]/);
    expect(() => resolvePixelWorldConfig({ chanels: [1, 2] })).toThrow(/unknown worldPixel setting "chanels"/);
    expect(() => createWorldModel('world-dream' as WorldModelName, {}, 1)).toThrow(/model must be one of "world-latent", "world-pixel", got "world-dream"/);
  });
});

describe.each(['world-pixel', 'world-latent'] as const)('%s', (name) => {
  it('predicts raster-level frames, rewards from the vocabulary and probabilities; no tensor leaks; checks inputs', async () => {
    const before = tf.memory().numTensors;
    const m = createWorldModel(name, CONFIGS[name], 2);
    const p = await m.predict(batch.stacks, batch.actions);
    expect(p.frames.length).toBe(6 * FRAME_SIZE);
    expect(p.frames.every((v) => LEVELS.includes(v))).toBe(true);
    expect(Array.from(p.reward).every((r) => m.config.rewardValues.includes(r))).toBe(true);
    expect(Array.from(p.terminated).every((t) => t >= 0 && t <= 1)).toBe(true);
    await expect(m.predict(batch.stacks, [0, 1])).rejects.toThrow(/2 actions need 2 stacks/);
    await expect(m.predict(batch.stacks.subarray(0, 28224), [7])).rejects.toThrow(/action at index 0 must be an integer in \[0, 4\], got 7/);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('seeded smoke training: the loss falls (in each phase), tensors stay flat, save/load restores the predictions', async () => {
    const m = createWorldModel(name, CONFIGS[name], 3);
    const terms: Record<string, number>[] = [await m.trainStep(batch)];
    const flat = tf.memory().numTensors;
    for (let i = 1; i < 16; i++) terms.push(await m.trainStep(batch));
    expect(tf.memory().numTensors).toBe(flat);
    // The latent model switches from the autoencoder to the dynamics phase after 8 steps: each phase's loss must fall.
    const phases = name === 'world-latent' ? [terms.slice(0, 8), terms.slice(8)] : [terms];
    for (const phase of phases) {
      const avg = (part: Record<string, number>[]): number => part.reduce((a, t) => a + t.total, 0) / part.length;
      expect(avg(phase.slice(-3))).toBeLessThan(avg(phase.slice(0, 3)));
    }
    const state = await m.save();
    const copy = createWorldModel(name, CONFIGS[name], 99);
    copy.load(state);
    expect(copy.steps).toBe(m.steps);
    const [a, b] = [await m.predict(batch.stacks, batch.actions), await copy.predict(batch.stacks, batch.actions)];
    expect(Buffer.from(a.frames).equals(Buffer.from(b.frames))).toBe(true);
    expect(a.reward).toEqual(b.reward);
    expect(() => copy.load({ ...state, tensors: state.tensors.slice(1) })).toThrow(/checkpoint has no tensor/);
    m.dispose();
    copy.dispose();
  }, 40_000);

  it('same seed, same weights, same first loss (CPU)', async () => {
    const run = async (): Promise<number> => {
      const m: WorldModel = createWorldModel(name, CONFIGS[name], 5);
      const t = (await m.trainStep(batch)).total;
      m.dispose();
      return t;
    };
    expect(await run()).toBe(await run());
  });
});

describe('action conditioning', () => {
  it('the pixel net gives different frame logits for different actions at random init', async () => {
    const m = new PixelWorldModel(CONFIGS['world-pixel'], 4);
    const diff = tf.tidy(() => {
      const classes = levelClasses(batch.stacks.subarray(0, 28224));
      const stack = levelOneHot(classes, 1);
      const last = levelOneHot(newestClasses(classes, 1), 1);
      const a = m.net.apply(stack, last, actionOneHot([0]));
      const b = m.net.apply(stack, last, actionOneHot([2]));
      return tf.max(tf.abs(tf.sub(a.logits, b.logits)));
    });
    expect((await diff.data())[0]).toBeGreaterThan(1e-4);
    diff.dispose();
    m.dispose();
  });

  it('the latent GRU predicts a different next latent for different actions at random init', async () => {
    const m = new LatentWorldModel(CONFIGS['world-latent'], 4);
    const diff = tf.tidy(() => {
      const z = tf.randomNormal([1, 8], 0, 1, 'float32', 1) as tf.Tensor2D;
      const a = m.dynamics.predict([z], [actionOneHot([0])]);
      const b = m.dynamics.predict([z], [actionOneHot([3])]);
      return tf.max(tf.abs(tf.sub(a.z, b.z)));
    });
    expect((await diff.data())[0]).toBeGreaterThan(1e-4);
    diff.dispose();
    m.dispose();
  });
});
