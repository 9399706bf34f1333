import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Vae } from '../../../../src/gen/vae/vae.js';
import { resolveVaeConfig } from '../../../../src/gen/vae/config.js';
import { batchToTensor } from '../../../../src/gen/nn/images.js';
import { bars, CLASSES, expectFinite, inUnitRange, maxAbsDiff, mean, SIZE, useCpu } from './helpers.js';

const TINY = { imageSize: SIZE, channels: [4, 8], latentDim: 2, learningRate: 3e-3 };

beforeAll(useCpu);

describe('VAE config', () => {
  it('names the field and value it refuses', () => {
    expect(() => resolveVaeConfig({ beta: -1 })).toThrow(/vae\.beta .*got -1/);
    expect(() => resolveVaeConfig({ imageSize: 28 })).toThrow(/vae\.imageSize must be one of 32, 84, got 28/);
    expect(() => resolveVaeConfig({ conditional: true, numClasses: 0 })).toThrow(/vae\.conditional/);
    expect(() => resolveVaeConfig({ latnetDim: 3 })).toThrow(/unknown vae setting "latnetDim"/);
  });
});

describe('VAE', () => {
  it('reports finite recon, kl and total, and every view has its shape', async () => {
    const vae = new Vae(TINY, 1);
    const batch = bars(8, 1);
    const terms = await vae.trainStep(batch);
    expectFinite(terms, ['recon', 'kl', 'total']);
    expect(terms.total).toBeCloseTo(terms.recon + terms.kl, 3);
    // For the explanations: the encoder's sigma, and one latent as the step drew it.
    expectFinite(terms, ['sigmaMean', 'mu0', 'sigma0', 'eps0', 'z0']);
    expect(terms.sigma0).toBeGreaterThan(0);
    expect(terms.sigmaMean).toBeGreaterThan(0);
    expect(terms.z0).toBeCloseTo(terms.mu0 + terms.sigma0 * terms.eps0, 5);
    const s = await vae.sample(5, { seed: 3 });
    expect([s.count, s.size, s.pixels.length]).toEqual([5, SIZE, 5 * SIZE * SIZE]);
    expect(inUnitRange(s)).toBe(true);
    const r = await vae.reconstruct(batch);
    expect(r.reconstruction.count).toBe(8);
    expect(r.reconstruction.pixels.length).toBe(batch.pixels.length);
    const path = await vae.interpolate(bars(1, 2), bars(1, 3), 6);
    expect(path.count).toBe(6);
    const map = await vae.latentMap(4);
    expect(map.count).toBe(16);
    const d = await vae.denoise(batch, 5);
    expect([d.corrupted.count, d.denoised.count]).toEqual([8, 8]);
    expect(maxAbsDiff(d.corrupted.pixels, batch.pixels)).toBeGreaterThan(0);
    const stats = await vae.encodeStats(batch);
    expect(stats.mean.length).toBe(8 * 2);
    expect(stats.sigma.every((v) => v > 0)).toBe(true);
    expect(stats.klPerDim.length).toBe(2);
    vae.dispose();
  });

  it('passes the reconstruction gradient through z to the encoder (reparameterisation)', () => {
    const vae = new Vae(TINY, 2);
    const batch = bars(4, 2);
    const x = batchToTensor(batch);
    const eps = tf.randomNormal([4, 2], 0, 1, 'float32', 7) as tf.Tensor2D;
    const { grads, value } = tf.variableGrads(() => vae.losses(x, x, null, eps).recon, vae.encoder.store.trainable);
    for (const v of vae.encoder.store.trainable) {
      const norm = tf.tidy(() => tf.sum(tf.abs(grads[v.name])).arraySync() as number);
      expect(norm, v.name).toBeGreaterThan(0);
    }
    tf.dispose([x, eps, value, ...Object.values(grads)]);
    vae.dispose();
  });

  it('latentMap refuses a latent size other than 2', async () => {
    const vae = new Vae({ ...TINY, latentDim: 3 }, 1);
    await expect(vae.latentMap(4)).rejects.toThrow(/latentDim 2, got 3/);
    vae.dispose();
  });

  it('a conditional VAE draws different images for different labels from the same noise', async () => {
    const vae = new Vae({ ...TINY, conditional: true, numClasses: CLASSES }, 3);
    await vae.trainStep(bars(8, 3));
    const a = await vae.sample(2, { seed: 9, labels: Int32Array.from([0, 0]) });
    const b = await vae.sample(2, { seed: 9, labels: Int32Array.from([3, 3]) });
    expect(Array.from(a.labels ?? [])).toEqual([0, 0]);
    expect(maxAbsDiff(a.pixels, b.pixels)).toBeGreaterThan(1e-4);
    await expect(vae.trainStep({ ...bars(4, 1), labels: undefined })).rejects.toThrow(/labelled/);
    vae.dispose();
  });

  it('keeps the tensor count flat over 20 steps and views', async () => {
    const vae = new Vae({ ...TINY, corruption: 'mask' }, 4);
    const batch = bars(8, 4);
    await vae.trainStep(batch);
    await vae.sample(2, { seed: 1 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await vae.trainStep(batch);
    await vae.sample(2, { seed: 1 });
    await vae.reconstruct(batch);
    await vae.denoise(batch, 1);
    await vae.encodeStats(batch);
    await vae.latentMap(3);
    await vae.interpolate(batch, batch, 3);
    expect(tf.memory().numTensors).toBe(before);
    vae.dispose();
  });

  it('learns bars: the loss of the last steps is well below the first (seeded smoke run)', async () => {
    const vae = new Vae({ ...TINY, latentDim: 4 }, 5);
    const losses: number[] = [];
    for (let i = 0; i < 60; i++) losses.push((await vae.trainStep(bars(16, 100 + i))).total);
    expect(mean(losses.slice(-5))).toBeLessThan(0.8 * mean(losses.slice(0, 5)));
    vae.dispose();
  });

  it('same seed, same losses and samples; another seed differs', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const vae = new Vae({ ...TINY, corruption: 'gaussian' }, seed);
      const out: number[] = [];
      for (let i = 0; i < 3; i++) out.push((await vae.trainStep(bars(8, i))).total);
      out.push(...(await vae.sample(1, { seed: 2 })).pixels.slice(0, 50));
      vae.dispose();
      return out;
    };
    expect(await run(11)).toEqual(await run(11));
    expect(await run(12)).not.toEqual(await run(11));
  });
});
