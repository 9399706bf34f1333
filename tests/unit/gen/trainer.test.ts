import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLayout, layoutToText } from '../../../src/env/layout.js';
import { readFileSync } from 'node:fs';
import { createImageSource } from '../../../src/gen/datasets/create.js';
import { splitFrames } from '../../../src/gen/datasets/frames.js';
import { framesFromRandomPlay } from '../../../src/gen/datasets/frames-play.js';
import type { Judge } from '../../../src/gen/metrics/judge.js';
import { loadJudgeNode } from '../../../src/gen/metrics/judge-node.js';
import { GenTrainer, type GenTrainerOptions } from '../../../src/gen/trainer.js';
import type { ImageSource } from '../../../src/gen/types.js';
import { registerFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';

const TINY = {
  vae: { channels: [4, 8], latentDim: 4, batchSize: 8 },
  gan: { genChannels: [8, 8, 4], discChannels: [4, 8, 8], latentDim: 8, batchSize: 8 },
  diffusion: { channels: [4, 8], timesteps: 10, samplingSteps: 2, batchSize: 8 },
} as const;

let judge: Judge;
const sprites = (): ImageSource => createImageSource('sprites', { seed: 3, spritesPerClass: 8 });

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastCpuKernels();
  judge = loadJudgeNode('sprites');
});
afterAll(() => judge.dispose());

describe('GenTrainer', () => {
  it.each(['vae', 'gan', 'diffusion'] as const)('%s: trainStep draws a batch of the config and returns a step row', async (model) => {
    const trainer = new GenTrainer({ model, modelConfig: TINY[model], seed: 2 }, sprites(), judge);
    expect(trainer.model.config.imageSize).toBe(32);
    expect(trainer.model.config.numClasses).toBe(9);
    for (let i = 1; i <= 2; i++) {
      const row = await trainer.trainStep();
      expect(row.type).toBe('step');
      expect(row.step).toBe(i);
      expect(row.ms).toBeGreaterThanOrEqual(0);
      expect(Object.values(row.losses).every(Number.isFinite)).toBe(true);
    }
    expect(trainer.steps).toBe(2);
    trainer.dispose();
  });

  it('evaluates a conditional model: finite KID in the judge features, class accuracy, confusion; no tensor leak', async () => {
    const options: GenTrainerOptions = { model: 'vae', modelConfig: { ...TINY.vae, conditional: true }, seed: 4, metrics: { every: 2, samples: 18 } };
    const trainer = new GenTrainer(options, sprites(), judge);
    expect(trainer.scoresClasses).toBe(true);
    const m0 = await trainer.evaluate();
    expect(m0).toMatchObject({ type: 'metrics', step: 0, features: 'judge-sprites' });
    expect(Number.isFinite(m0.kid)).toBe(true);
    expect(m0.classAccuracy).toBeGreaterThanOrEqual(0);
    expect(m0.classAccuracy).toBeLessThanOrEqual(1);
    expect(m0.perClassAccuracy).toHaveLength(9);
    expect(m0.confusion).toHaveLength(9);
    expect(m0.confusion?.flat().reduce((a, b) => a + b, 0)).toBe(18);
    expect(m0.confusion?.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(new Array(9).fill(2));
    expect(m0.nearestReal).toBeUndefined();
    // The same evaluation seed and held-out set: an untouched model scores the same again.
    expect((await trainer.evaluate()).kid).toBe(m0.kid);

    await trainer.trainStep();
    expect(trainer.metricsDue).toBe(false);
    await trainer.trainStep();
    expect(trainer.metricsDue).toBe(true);
    await trainer.evaluate();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) await trainer.trainStep();
    const m = await trainer.evaluate();
    await trainer.sampleGrid(9, 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(m.step).toBe(6);
    trainer.dispose();
  });

  it('sampleGrid: a conditional model draws class i in row i; an unconditional one has no labels', async () => {
    const cond = new GenTrainer({ model: 'gan', modelConfig: { ...TINY.gan, conditional: true }, seed: 1 }, sprites(), judge);
    const grid = await cond.sampleGrid(27, 5);
    expect(cond.gridColumns(27)).toBe(3);
    expect(Array.from(grid.labels ?? [])).toEqual(Array.from({ length: 27 }, (_, i) => Math.floor(i / 3)));
    expect(grid.count).toBe(27);
    expect(Array.from((await cond.sampleGrid(27, 5)).pixels)).toEqual(Array.from(grid.pixels));
    cond.dispose();
    const plain = new GenTrainer({ model: 'gan', modelConfig: TINY.gan, seed: 1 }, sprites(), judge);
    const p = await plain.sampleGrid(16, 5);
    expect(p.labels).toBeUndefined();
    expect(plain.gridColumns(16)).toBe(4);
    expect(plain.scoresClasses).toBe(false);
    const m = await plain.evaluate();
    expect(m.classAccuracy).toBeUndefined();
    expect(Number.isFinite(m.kid)).toBe(true);
    plain.dispose();
  });

  it('without a judge skips KID (NaN, features "none"); frames at 84 are downscaled for the judge and get nearest-real distances', async () => {
    const layout = parseLayout(readFileSync('assets/layouts/starter7.lay'), 'starter7.lay');
    const { train, test } = splitFrames(framesFromRandomPlay(layoutToText(layout), 60, 1));
    const frames = (size: number): ImageSource => createImageSource('frames', { seed: 1, size }, { frames: train, framesTest: test });
    const none = new GenTrainer({ model: 'vae', modelConfig: TINY.vae, seed: 1, metrics: { every: 0, samples: 6 } }, frames(32), null);
    const m = await none.evaluate();
    expect(m.kid).toBeNaN();
    expect(m.features).toBe('none');
    expect(m.nearestReal).toBeGreaterThan(0);
    none.dispose();
    const big = new GenTrainer({ model: 'vae', modelConfig: TINY.vae, seed: 1, metrics: { every: 0, samples: 6 } }, frames(84), judge);
    expect(big.features).toBe('judge-sprites (on frames, area-downscaled 84->32)');
    const b = await big.evaluate();
    expect(Number.isFinite(b.kid)).toBe(true);
    expect(b.nearestReal).toBeGreaterThan(0);
    big.dispose();
  });

  it('refuses bad options with messages naming the field and the value', () => {
    expect(() => new GenTrainer({ model: 'vae', seed: 1, metrics: { every: 0, samples: 1 } }, sprites(), judge)).toThrow(/metrics.samples must be an integer in \[2, 10000\], got 1/);
    expect(() => new GenTrainer({ model: 'flow' as never, seed: 1 }, sprites(), judge)).toThrow(/model must be one of "vae", "gan", "diffusion", got "flow"/);
    expect(() => new GenTrainer({ model: 'vae', modelConfig: { latentDim: 0 }, seed: 1 }, sprites(), judge)).toThrow(/vae.latentDim/);
    expect(() => new GenTrainer({ model: 'vae', seed: 1 }, createImageSource('sprites', { size: 16, spritesPerClass: 2 }), judge)).toThrow(/judge reads 32x32 images but sprites images are 16x16/);
  });
});
