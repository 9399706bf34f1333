/**
 * Training and scoring the judge. The loop is written out (no model.fit): tfjs's fit and
 * tf.util.shuffle draw from the unseeded platform generator, so batches come from the
 * ImageSource's seeded epochs and augmentation from our own stream.
 */
import * as tf from '@tensorflow/tfjs';
import { type RandomStream, RandomStreams } from '../../core/random.js';
import { checkInteger, checkNumber, mergeKnown } from '../../core/validate.js';
import { Adam } from '../../tf/adam.js';
import type { ImageBatch, ImageSource } from '../types.js';
import { type ClassificationReport, classificationReport } from './classification.js';
import { Judge } from './judge.js';

export interface JudgeTrainConfig {
  /** Optimiser steps, >= 1. */
  steps: number;
  /** Images per step, >= 1. */
  batchSize: number;
  /** Adam learning rate, (0, 1). */
  learningRate: number;
  /** Largest random shift (pixels, each axis) applied to training images, [0, 4]; 0 = none. */
  maxShift: number;
  /** Seed of the initial weights and of the augmentation stream (integer). */
  seed: number;
}

export const DEFAULT_JUDGE_TRAIN_CONFIG: JudgeTrainConfig = { steps: 1500, batchSize: 64, learningRate: 1e-3, maxShift: 2, seed: 1 };

export function resolveJudgeTrainConfig(overrides: unknown): JudgeTrainConfig {
  const c = mergeKnown('judge', DEFAULT_JUDGE_TRAIN_CONFIG, overrides);
  checkInteger('judge.steps', c.steps, 1);
  checkInteger('judge.batchSize', c.batchSize, 1, 4096);
  checkNumber('judge.learningRate', c.learningRate, 1e-6, 1, true);
  checkInteger('judge.maxShift', c.maxShift, 0, 4);
  checkInteger('judge.seed', c.seed, 0);
  return c;
}

/** A copy of `batch` with each image moved by a random whole-pixel (dx, dy) in [-max, max], black fill. */
export function shiftBatch(batch: ImageBatch, maxShift: number, rng: RandomStream): ImageBatch {
  const s = batch.size;
  const out = new Float32Array(batch.pixels.length);
  for (let n = 0; n < batch.count; n++) {
    const dx = rng.int(2 * maxShift + 1) - maxShift;
    const dy = rng.int(2 * maxShift + 1) - maxShift;
    const base = n * s * s;
    for (let y = Math.max(0, dy); y < Math.min(s, s + dy); y++) {
      const from = base + (y - dy) * s;
      const x0 = Math.max(0, dx);
      const x1 = Math.min(s, s + dx);
      out.set(batch.pixels.subarray(from + x0 - dx, from + x1 - dx), base + y * s + x0);
    }
  }
  return { ...batch, pixels: out };
}

/**
 * Trains a judge on `source`'s training split. `onProgress(step, loss)` is called every 100
 * steps and at the end (reading the loss syncs, so not every step; reads use `await data()`).
 */
export async function trainJudge(source: ImageSource, config: unknown = {}, onProgress?: (step: number, loss: number) => void): Promise<Judge> {
  const c = resolveJudgeTrainConfig(config);
  const { info } = source;
  if (info.classNames.length < 2) throw new RangeError(`judge: dataset ${info.name} has no classes to learn`);
  const judge = Judge.create({ dataset: info.name, classNames: [...info.classNames], size: info.size }, c.seed);
  const adam = new Adam(judge.params, { learningRate: c.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, clipNorm: 0 });
  const augment = new RandomStreams(c.seed).get('gen/judge/augment');
  const s = info.size;
  for (let step = 1; step <= c.steps; step++) {
    let batch = source.next(c.batchSize);
    if (c.maxShift > 0) batch = shiftBatch(batch, c.maxShift, augment);
    if (!batch.labels) throw new RangeError(`judge: dataset ${info.name} gave a batch without labels`);
    const x = tf.tensor4d(batch.pixels, [batch.count, s, s, 1]);
    const y = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), judge.numClasses);
    const { loss, gradNorm } = adam.minimize(() => tf.losses.softmaxCrossEntropy(y, judge.logits(x)) as tf.Scalar);
    if (onProgress && (step % 100 === 0 || step === c.steps)) onProgress(step, (await loss.data())[0]);
    tf.dispose([x, y, loss, gradNorm]);
  }
  adam.dispose();
  judge.meta.featureScale = 1;
  const f = await judge.featuresOf(source.next(Math.min(512, info.trainCount)));
  let sumSquares = 0;
  for (let i = 0; i < f.values.length; i++) sumSquares += f.values[i] * f.values[i];
  judge.meta.featureScale = sumSquares > 0 ? 1 / Math.sqrt(sumSquares / f.values.length) : 1;
  return judge;
}

/** The judge's scores on a labelled batch (e.g. `source.testSet(n)`). */
export async function evaluateJudge(judge: Judge, batch: ImageBatch): Promise<ClassificationReport> {
  if (!batch.labels) throw new RangeError('judge evaluation needs a labelled batch');
  return classificationReport(batch.labels, await judge.predict(batch), judge.numClasses);
}

/**
 * Conditional accuracy of a class-conditional generator: how often the judge sees the class
 * each sample was asked for. `intended[i]` is sample i's requested class (default: its labels).
 */
export async function conditionalAccuracy(judge: Judge, samples: ImageBatch, intended: ArrayLike<number> | undefined = samples.labels): Promise<ClassificationReport> {
  if (!intended) throw new RangeError('conditional accuracy needs the class each sample was asked for');
  return classificationReport(intended, await judge.predict(samples), judge.numClasses);
}
