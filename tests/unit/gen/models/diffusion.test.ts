import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Diffusion } from '../../../../src/gen/diffusion/diffusion.js';
import { resolveDiffusionConfig } from '../../../../src/gen/diffusion/config.js';
import { ddimTimesteps, makeSchedule, snr } from '../../../../src/gen/diffusion/schedule.js';
import { epsFromVelocity, qSample, velocity } from '../../../../src/gen/diffusion/sampler.js';
import { bars, CLASSES, expectFinite, inUnitRange, maxAbsDiff, mean, SIZE, useCpu } from './helpers.js';

const TINY = { imageSize: SIZE, channels: [4, 8], timesteps: 20, samplingSteps: 5 };

beforeAll(useCpu);

describe('noise schedules', () => {
  it.each(['linear', 'cosine'] as const)('%s: alphaBar falls from ~1 to ~0, SNR falls', (kind) => {
    const s = makeSchedule(kind, 200);
    expect(s.alphaBar[0]).toBeGreaterThan(0.98);
    expect(s.alphaBar[199]).toBeLessThan(0.01);
    for (let t = 1; t < 200; t++) {
      expect(s.alphaBar[t]).toBeLessThan(s.alphaBar[t - 1]);
      expect(snr(s, t)).toBeLessThan(snr(s, t - 1));
    }
  });

  it('DDIM timesteps descend from T-1 to 0', () => {
    expect(ddimTimesteps(20, 5)).toEqual([19, 14, 10, 5, 0]);
    expect(ddimTimesteps(20, 1)).toEqual([19]);
  });

  it('config errors name the field and value', () => {
    expect(() => resolveDiffusionConfig({ schedule: 'quadratic' })).toThrow(/diffusion\.schedule must be one of "linear", "cosine", got "quadratic"/);
    expect(() => resolveDiffusionConfig({ samplingSteps: 500, timesteps: 100 })).toThrow(/diffusion\.samplingSteps .*got 500/);
    expect(() => resolveDiffusionConfig({ imageSize: 84, channels: [4, 8, 16, 32] })).toThrow(/imageSize 84 does not halve 3 times/);
  });
});

describe('forward noising', () => {
  it('matches the closed form sqrt(abar) x0 + sqrt(1 - abar) eps exactly for a given eps', async () => {
    const s = makeSchedule('linear', 100);
    const x0 = tf.randomUniform([3, 4, 4, 1], -1, 1, 'float32', 1) as tf.Tensor4D;
    const eps = tf.randomNormal([3, 4, 4, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const ts = [0, 50, 99];
    const xt = qSample(s, x0, ts, eps);
    const [x, e, y] = await Promise.all([x0.data(), eps.data(), xt.data()]);
    for (let i = 0; i < y.length; i++) {
      const ab = s.alphaBar[ts[Math.floor(i / 16)]];
      expect(y[i]).toBeCloseTo(Math.sqrt(ab) * x[i] + Math.sqrt(1 - ab) * e[i], 5);
    }
    tf.dispose([x0, eps, xt]);
  });

  it('velocity: v = sqrt(abar) eps - sqrt(1 - abar) x0, and epsFromVelocity recovers eps from x_t and v', async () => {
    const s = makeSchedule('linear', 100);
    const x0 = tf.randomUniform([2, 4, 4, 1], -1, 1, 'float32', 4) as tf.Tensor4D;
    const eps = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    for (const t of [0, 60, 99]) {
      const ts = [t, t];
      const xt = qSample(s, x0, ts, eps);
      const v = velocity(s, x0, ts, eps);
      const back = epsFromVelocity(s, xt, t, v);
      const [x, e, vv, b] = await Promise.all([x0.data(), eps.data(), v.data(), back.data()]);
      const ab = s.alphaBar[t];
      for (let i = 0; i < e.length; i++) {
        expect(vv[i]).toBeCloseTo(Math.sqrt(ab) * e[i] - Math.sqrt(1 - ab) * x[i], 5);
        expect(b[i]).toBeCloseTo(e[i], 4);
      }
      tf.dispose([xt, v, back]);
    }
    tf.dispose([x0, eps]);
  });

  it('has the closed-form mean and variance over many draws', async () => {
    const s = makeSchedule('linear', 100);
    const n = 4096;
    const t = 40;
    const x0 = tf.fill([n, 1, 1, 1], 0.5) as tf.Tensor4D;
    const eps = tf.randomNormal([n, 1, 1, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const xt = qSample(s, x0, new Array<number>(n).fill(t), eps);
    const v = Array.from(await xt.data());
    tf.dispose([x0, eps, xt]);
    const m = mean(v);
    const variance = mean(v.map((x) => (x - m) ** 2));
    const ab = s.alphaBar[t];
    expect(Math.abs(m - Math.sqrt(ab) * 0.5)).toBeLessThan(0.05);
    expect(variance).toBeGreaterThan(0.9 * (1 - ab));
    expect(variance).toBeLessThan(1.1 * (1 - ab));
  });

  it('forwardNoising shows each image at each t, image-major, in [0, 1]', async () => {
    const model = new Diffusion({ ...TINY, timesteps: 100 }, 1);
    const batch = bars(2, 1);
    const many = await model.forwardNoising(batch, [0, 10, 99], 1);
    expect(many.count).toBe(6);
    expect(Array.from(many.labels ?? [])).toEqual([0, 1, 2].map(() => batch.labels?.[0]).concat([0, 1, 2].map(() => batch.labels?.[1])));
    expect(inUnitRange(many)).toBe(true);
    // At t = 0 the image is nearly clean.
    expect(maxAbsDiff(many.pixels.subarray(0, SIZE * SIZE), batch.pixels.subarray(0, SIZE * SIZE))).toBeLessThan(0.1);
    await expect(model.forwardNoising(batch, [100], 1)).rejects.toThrow(/t must be an integer in \[0, 100\), got 100/);
    model.dispose();
  });
});

describe('diffusion model', () => {
  it('reports a finite mse; DDPM and DDIM samples have their shapes and are seeded', async () => {
    const model = new Diffusion(TINY, 1);
    const terms = await model.trainStep(bars(8, 1));
    expectFinite(terms, ['mse', 'mse0', 't0', 'alphaBar0', 'noiseStd0', 'snr0']);
    // For the explanations: image 0's timestep and noise level, as the schedule gave them.
    expect(Number.isInteger(terms.t0) && terms.t0 >= 0 && terms.t0 < model.config.timesteps).toBe(true);
    expect(terms.alphaBar0).toBe(model.alphaBar[terms.t0]);
    expect(terms.noiseStd0 ** 2 + terms.alphaBar0).toBeCloseTo(1, 12);
    expect(terms.snr0).toBe(model.snr(terms.t0));
    expectFinite(await model.trainStep(bars(8, 2)), ['mse']);
    for (const method of ['ddpm', 'ddim'] as const) {
      const a = await model.sampleTrajectory(3, { seed: 5, method, frames: 4 });
      expect([a.samples.count, a.samples.size]).toEqual([3, SIZE]);
      expect(inUnitRange(a.samples)).toBe(true);
      expect(a.frames).toHaveLength(4);
      expect(a.frames[3].step).toBe(method === 'ddpm' ? 19 : 4);
      expect(a.frames[0].x0.count).toBe(3);
      const b = await model.sampleTrajectory(3, { seed: 5, method, frames: 0 });
      expect(maxAbsDiff(a.samples.pixels, b.samples.pixels)).toBe(0);
      const c = await model.sample(3, { seed: 6 });
      expect(maxAbsDiff(a.samples.pixels, c.pixels)).toBeGreaterThan(0);
    }
    model.dispose();
  });

  it('a conditional model gives different samples for different labels', async () => {
    // The output conv starts at zero, so labels matter only once a few steps have trained it.
    const model = new Diffusion({ ...TINY, conditional: true, numClasses: CLASSES, learningRate: 1e-2 }, 2);
    for (let i = 0; i < 8; i++) await model.trainStep(bars(8, i));
    const a = await model.sample(2, { seed: 3, labels: Int32Array.from([0, 0]) });
    const b = await model.sample(2, { seed: 3, labels: Int32Array.from([3, 3]) });
    expect(Array.from(b.labels ?? [])).toEqual([3, 3]);
    expect(maxAbsDiff(a.pixels, b.pixels)).toBeGreaterThan(0);
    // The noise prediction itself depends on the label (samples of an untrained net saturate).
    const x = tf.randomNormal([2, SIZE, SIZE, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    const e0 = model.unet.apply(x, [10, 10], Int32Array.from([0, 0]));
    const e3 = model.unet.apply(x, [10, 10], Int32Array.from([3, 3]));
    const [d0, d3] = (await Promise.all([e0.data(), e3.data()])) as Float32Array[];
    expect(maxAbsDiff(d0, d3)).toBeGreaterThan(1e-3);
    tf.dispose([x, e0, e3]);
    model.dispose();
  });

  it('classifier-free guidance: at scale 0 the label is ignored, at scale 2 it matters', async () => {
    const trained = async (guidance: number): Promise<Diffusion> => {
      const model = new Diffusion({ ...TINY, conditional: true, numClasses: CLASSES, learningRate: 1e-2, labelDropout: 0.5, guidance }, 2);
      for (let i = 0; i < 8; i++) await model.trainStep(bars(8, i));
      return model;
    };
    const unguided = await trained(0);
    const a = await unguided.sample(2, { seed: 3, labels: Int32Array.from([0, 0]) });
    const b = await unguided.sample(2, { seed: 3, labels: Int32Array.from([3, 3]) });
    expect(maxAbsDiff(a.pixels, b.pixels)).toBe(0);
    unguided.dispose();
    const guided = await trained(2);
    const c = await guided.sample(2, { seed: 3, labels: Int32Array.from([0, 0]) });
    const d = await guided.sample(2, { seed: 3, labels: Int32Array.from([3, 3]) });
    expect(maxAbsDiff(c.pixels, d.pixels)).toBeGreaterThan(0);
    guided.dispose();
    expect(() => resolveDiffusionConfig({ guidance: -1 })).toThrow(/diffusion\.guidance .*got -1/);
    expect(() => resolveDiffusionConfig({ labelDropout: 1 })).toThrow(/diffusion\.labelDropout .*got 1/);
  });

  it('samples from the weight average, which trails the weights; checkpoints carry it or rebuild it', async () => {
    const model = new Diffusion({ ...TINY, emaDecay: 0.9 }, 5);
    const average = model.average;
    if (!average) throw new Error('emaDecay 0.9 built no average');
    const w = model.unet.store.trainable;
    const a = average.store.trainable;
    expect(maxAbsDiff(await w[0].data() as Float32Array, await a[0].data() as Float32Array)).toBe(0);
    for (let i = 0; i < 5; i++) await model.trainStep(bars(8, i));
    const gap = maxAbsDiff(await w[0].data() as Float32Array, await a[0].data() as Float32Array);
    expect(gap).toBeGreaterThan(0);
    const state = await model.save();
    expect(state.tensors.some((t) => t.name.startsWith('diffusion/ema/'))).toBe(true);
    // Into a model without an average: left out. From a checkpoint without one: rebuilt from the weights.
    const plain = new Diffusion({ ...TINY, emaDecay: 0 }, 6);
    plain.load(state);
    expect(plain.average).toBeNull();
    const older = await plain.save();
    const fresh = new Diffusion({ ...TINY, emaDecay: 0.9 }, 7);
    fresh.load(older);
    const fw = await fresh.unet.store.trainable[0].data() as Float32Array;
    expect(maxAbsDiff(fw, await w[0].data() as Float32Array)).toBe(0);
    expect(maxAbsDiff(fw, await (fresh.average as NonNullable<typeof fresh.average>).store.trainable[0].data() as Float32Array)).toBe(0);
    [model, plain, fresh].forEach((m) => m.dispose());
  });

  it('keeps the tensor count flat over 20 steps and sampling', async () => {
    const model = new Diffusion(TINY, 3);
    const batch = bars(8, 3);
    await model.trainStep(batch);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await model.trainStep(batch);
    await model.sampleTrajectory(2, { seed: 1, method: 'ddpm', frames: 3 });
    await model.forwardNoising(batch, [1, 5], 1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('learns bars: the eps-prediction loss falls (seeded smoke run)', async () => {
    const model = new Diffusion({ ...TINY, learningRate: 3e-3, prediction: 'eps' }, 4);
    const losses: number[] = [];
    for (let i = 0; i < 40; i++) losses.push((await model.trainStep(bars(16, 300 + i))).mse);
    expect(mean(losses.slice(-8))).toBeLessThan(0.8 * mean(losses.slice(0, 8)));
    model.dispose();
  });

  it('v-prediction (the default) learns bars too, and samples in [0, 1]', async () => {
    const model = new Diffusion({ ...TINY, learningRate: 3e-3 }, 4);
    expect(model.config.prediction).toBe('v');
    const losses: number[] = [];
    for (let i = 0; i < 40; i++) losses.push((await model.trainStep(bars(16, 300 + i))).mse);
    expect(mean(losses.slice(-8))).toBeLessThan(0.8 * mean(losses.slice(0, 8)));
    const out = await model.sample(3, { seed: 1 });
    expect(out.pixels.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(() => resolveDiffusionConfig({ prediction: 'x0' })).toThrow(/diffusion\.prediction must be one of "eps", "v", got "x0"/);
    model.dispose();
  });

  it('same seed, same losses', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const model = new Diffusion({ ...TINY, schedule: 'cosine' }, seed);
      const out: number[] = [];
      for (let i = 0; i < 3; i++) out.push((await model.trainStep(bars(8, i))).mse);
      model.dispose();
      return out;
    };
    expect(await run(9)).toEqual(await run(9));
    expect(await run(10)).not.toEqual(await run(9));
  });
});
