import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Gan } from '../../../../src/gen/gan/gan.js';
import { resolveGanConfig } from '../../../../src/gen/gan/config.js';
import { bars, CLASSES, expectFinite, inUnitRange, maxAbsDiff, mean, SIZE, useCpu } from './helpers.js';

const TINY = { imageSize: SIZE, latentDim: 8, genChannels: [16, 8, 4], discChannels: [4, 8, 16], previewColumns: 3 };

beforeAll(useCpu);

describe('GAN config', () => {
  it('names the field and value it refuses', () => {
    expect(() => resolveGanConfig({ imageSize: 84 })).toThrow(/gan\.imageSize must be one of 32, got 84/);
    expect(() => resolveGanConfig({ beta1: 1 })).toThrow(/gan\.beta1 .*got 1/);
    expect(() => resolveGanConfig({ genChannels: [8, 8] })).toThrow(/gan\.genChannels must be 3 integers/);
  });
});

describe('GAN', () => {
  it('reports d, g, dReal and dFake, and its views have their shapes', async () => {
    const gan = new Gan(TINY, 1);
    const terms = await gan.trainStep(bars(8, 1));
    expectFinite(terms, ['d', 'g', 'dReal', 'dFake']);
    expect(terms.dReal).toBeGreaterThan(0);
    expect(terms.dReal).toBeLessThan(1);
    const s = await gan.sample(5, { seed: 2 });
    expect([s.count, s.size, s.pixels.length]).toEqual([5, SIZE, 5 * SIZE * SIZE]);
    expect(inUnitRange(s)).toBe(true);
    const grid = await gan.fixedGrid();
    expect(grid.count).toBe(9);
    expect((await gan.interpolate(4, { seed: 1 })).count).toBe(4);
    gan.dispose();
  });

  it('the fixed-noise grid is the same noise every call (it changes only as G trains)', async () => {
    const gan = new Gan({ ...TINY, output: 'sigmoid' }, 2);
    const a = await gan.fixedGrid();
    const b = await gan.fixedGrid();
    expect(maxAbsDiff(a.pixels, b.pixels)).toBe(0);
    await gan.trainStep(bars(8, 2));
    const c = await gan.fixedGrid();
    expect(maxAbsDiff(a.pixels, c.pixels)).toBeGreaterThan(0);
    gan.dispose();
  });

  it('a cGAN draws a row per class, and labels change the images', async () => {
    const gan = new Gan({ ...TINY, conditional: true, numClasses: CLASSES }, 3);
    await gan.trainStep(bars(8, 3));
    const grid = await gan.fixedGrid();
    expect(grid.count).toBe(CLASSES * 3);
    expect(Array.from(grid.labels ?? [])).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    const a = await gan.sample(2, { seed: 4, labels: Int32Array.from([0, 0]) });
    const b = await gan.sample(2, { seed: 4, labels: Int32Array.from([2, 2]) });
    expect(maxAbsDiff(a.pixels, b.pixels)).toBeGreaterThan(1e-5);
    await expect(gan.trainStep({ ...bars(4, 1), labels: undefined })).rejects.toThrow(/labelled/);
    gan.dispose();
  });

  it('conditions D by projection or by label planes; the auxiliary classifier learns the real classes', async () => {
    const concat = new Gan({ ...TINY, conditional: true, numClasses: CLASSES, conditioning: 'concat', classWeight: 0 }, 5);
    const planesIn = concat.discriminator.store.entries().find((e) => e.name.endsWith('conv1/kernel'));
    expect(planesIn?.variable.shape[2]).toBe(1 + CLASSES);
    const terms = await concat.trainStep(bars(8, 5));
    expect('dClass' in terms || 'gClass' in terms).toBe(false);
    concat.dispose();

    const gan = new Gan({ ...TINY, conditional: true, numClasses: CLASSES, learningRate: 2e-3 }, 6);
    const names = gan.discriminator.store.entries().map((e) => e.name);
    expect(names).toContain('gan/discriminator/projection/embedding');
    expect(gan.discriminator.store.entries().find((e) => e.name.endsWith('conv1/kernel'))?.variable.shape[2]).toBe(1);
    const first = await gan.trainStep(bars(16, 100));
    expectFinite(first, ['d', 'g', 'dReal', 'dFake', 'dClass', 'gClass']);
    expect(first.dClass).toBeCloseTo(Math.log(CLASSES), 0);
    const later: number[] = [];
    for (let i = 0; i < 30; i++) later.push((await gan.trainStep(bars(16, 101 + i))).dClass);
    // Four bar positions are easy: D's class head reads the real class far better than chance.
    expect(mean(later.slice(-5))).toBeLessThan(0.5 * Math.log(CLASSES));
    gan.dispose();
    expect(() => resolveGanConfig({ conditioning: 'film' })).toThrow(/gan\.conditioning must be one of "concat", "projection", got "film"/);
    expect(() => resolveGanConfig({ classWeight: 11 })).toThrow(/gan\.classWeight .*got 11/);
  });

  it('keeps the tensor count flat over 20 steps and views', async () => {
    const gan = new Gan(TINY, 4);
    const batch = bars(8, 4);
    await gan.trainStep(batch);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await gan.trainStep(batch);
    await gan.sample(3, { seed: 1 });
    await gan.fixedGrid();
    await gan.interpolate(3, { seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    gan.dispose();
  });

  it('learns: the discriminator tells bars from early fakes, and the generator loss moves (seeded smoke run)', async () => {
    const gan = new Gan({ ...TINY, learningRate: 1e-3 }, 5);
    const terms = [];
    for (let i = 0; i < 30; i++) terms.push(await gan.trainStep(bars(16, 200 + i)));
    // D starts at chance (d = 2 ln 2 ~ 1.386) and gets better than chance.
    expect(mean(terms.slice(-5).map((t) => t.d))).toBeLessThan(mean(terms.slice(0, 3).map((t) => t.d)));
    expect(terms.every((t) => Number.isFinite(t.g))).toBe(true);
    gan.dispose();
  });

  it('same seed, same losses and fixed grid', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const gan = new Gan(TINY, seed);
      const out: number[] = [];
      for (let i = 0; i < 3; i++) out.push(...Object.values(await gan.trainStep(bars(8, i))));
      out.push(...(await gan.fixedGrid()).pixels.slice(0, 50));
      gan.dispose();
      return out;
    };
    expect(await run(7)).toEqual(await run(7));
    expect(await run(8)).not.toEqual(await run(7));
  });
});
