import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImageSource } from '../../../../src/gen/datasets/create.js';
import { loadDigitsNode } from '../../../../src/gen/datasets/digits-node.js';
import { featureRows, kernelInceptionDistance } from '../../../../src/gen/metrics/kid.js';
import { decodeJudge, encodeJudge } from '../../../../src/gen/metrics/judge-io.js';
import { loadJudgeNode } from '../../../../src/gen/metrics/judge-node.js';
import { conditionalAccuracy, evaluateJudge, shiftBatch, trainJudge } from '../../../../src/gen/metrics/judge-train.js';
import { RandomStream } from '../../../../src/core/random.js';
import { registerFastCpuKernels } from '../../../../src/tf/kernels/cpu/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastCpuKernels();
});

describe('shipped judges', () => {
  it('the digits judge scores >= 95% on 600 held-out digits', async () => {
    const judge = loadJudgeNode('digits');
    const test = createImageSource('digits', {}, { digits: loadDigitsNode() }).testSet(600);
    const report = await evaluateJudge(judge, test);
    expect(report.count).toBe(600);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(judge.meta.classNames).toHaveLength(10);
    judge.dispose();
  });

  it('the sprites judge scores >= 95% on held-out sprites, and its features tell real from noise', async () => {
    const judge = loadJudgeNode('sprites');
    const source = createImageSource('sprites', { spritesPerClass: 60 });
    const test = source.testSet(200);
    expect((await conditionalAccuracy(judge, test)).accuracy).toBeGreaterThanOrEqual(0.95);
    const real = await judge.featuresOf(source.next(200));
    const held = await judge.featuresOf(test);
    const rng = new RandomStream('noise');
    const noise = await judge.featuresOf({ count: 100, size: 32, pixels: Float32Array.from({ length: 100 * 1024 }, () => rng.next()) });
    const self = kernelInceptionDistance(featureRows(real, 0, 100), featureRows(real, 100, 100));
    const heldOut = kernelInceptionDistance(real, held);
    const vsNoise = kernelInceptionDistance(real, noise);
    expect(vsNoise).toBeGreaterThan(20 * Math.max(Math.abs(self), Math.abs(heldOut)));
    judge.dispose();
  });
});

describe('judge training', () => {
  it('is deterministic for a seed, learns, and round-trips through its bundle', async () => {
    const train = (): ReturnType<typeof trainJudge> => trainJudge(createImageSource('sprites', { seed: 2, spritesPerClass: 20 }), { steps: 30, batchSize: 32, seed: 5 });
    const losses: number[] = [];
    const a = await trainJudge(createImageSource('sprites', { seed: 2, spritesPerClass: 20 }), { steps: 30, batchSize: 32, seed: 5 }, (_, loss) => losses.push(loss));
    const b = await train();
    expect(await a.params[4].data()).toEqual(await b.params[4].data());
    expect(losses.at(-1)).toBeLessThan(Math.log(9));
    const { header, blob } = await encodeJudge(a);
    const c = decodeJudge(header, blob, 'mem');
    const batch = createImageSource('sprites', { spritesPerClass: 20 }).testSet(36);
    expect(await c.predict(batch)).toEqual(await a.predict(batch));
    expect(c.meta.featureScale).toBe(a.meta.featureScale);
    expect((await c.featuresOf(batch)).values).toEqual((await a.featuresOf(batch)).values);
    await expect(a.predict({ count: 1, size: 16, pixels: new Float32Array(256) })).rejects.toThrow(/reads 32x32 images, got 16x16/);
    await expect(trainJudge(createImageSource('sprites', { spritesPerClass: 2 }), { steps: 0 })).rejects.toThrow(/judge.steps must be an integer >= 1, got 0/);
    expect(() => decodeJudge(header.replace('gen-judge', 'dqn'), blob, 'x.json')).toThrow(/x\.json: a "dqn" checkpoint, expected "gen-judge"/);
    for (const j of [a, b, c]) j.dispose();
  });

  it('shifts images by whole pixels with a black fill', () => {
    const pixels = new Float32Array(9).fill(0);
    pixels[4] = 1;
    let moved = false;
    const rng = new RandomStream('shift');
    for (let i = 0; i < 10; i++) {
      const out = shiftBatch({ count: 1, size: 3, pixels }, 1, rng).pixels;
      expect(out.reduce((a, b) => a + b)).toBe(1);
      if (out[4] === 0) moved = true;
    }
    expect(moved).toBe(true);
  });
});
