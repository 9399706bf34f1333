/**
 * PNG outputs of a generative run: sample grids (samples/step-NNNNNN.png, samples.png), the GAN's
 * fixed-noise grid (fixed-noise/step-NNNNNN.png), and the cheap model-specific views written at
 * the end: VAE reconstructions.png and interpolation.png, diffusion forward-noising.png and
 * reverse.png. Conditional grids hold one row per class.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Diffusion } from '../../gen/diffusion/diffusion.js';
import { Gan } from '../../gen/gan/gan.js';
import { tileBatch } from '../../gen/grid.js';
import { concatBatches } from '../../gen/nn/images.js';
import type { GenTrainer } from '../../gen/trainer.js';
import type { ImageBatch } from '../../gen/types.js';
import { Vae } from '../../gen/vae/vae.js';
import { encodePng } from '../../io/png.js';

/** Seed of the sample grids: the same noise at every step, so grids show progress. */
export const GRID_SEED = 7;

export function writeGridPng(path: string, batch: ImageBatch, columns: number): void {
  const image = tileBatch(batch, columns);
  writeFileSync(path, encodePng({ width: image.width, height: image.height, channels: 1, data: image.pixels }));
}

/** Images in a grid: 8 per class row when conditional, else 8 x 8. */
export function gridCount(trainer: GenTrainer): number {
  return trainer.conditional ? 8 * trainer.numClasses : 64;
}

/** `step-NNNNNN.png`. */
export const stepName = (step: number): string => `step-${String(step).padStart(6, '0')}.png`;

/** samples/step-NNNNNN.png (and the GAN's fixed-noise grid); returns the files written. */
export async function writeStepSamples(trainer: GenTrainer, out: string): Promise<string[]> {
  const n = gridCount(trainer);
  const files = [join('samples', stepName(trainer.steps))];
  mkdirSync(join(out, 'samples'), { recursive: true });
  writeGridPng(join(out, files[0]), await trainer.sampleGrid(n, GRID_SEED), trainer.gridColumns(n));
  const model = trainer.model;
  if (model instanceof Gan) {
    mkdirSync(join(out, 'fixed-noise'), { recursive: true });
    files.push(join('fixed-noise', stepName(trainer.steps)));
    writeGridPng(join(out, files[1]), await model.fixedGrid(), model.config.previewColumns);
  }
  return files;
}

/** A batch's images `from .. from + count`. */
function slice(batch: ImageBatch, from: number, count: number): ImageBatch {
  const px = batch.size * batch.size;
  const pixels = batch.pixels.subarray(from * px, (from + count) * px);
  return batch.labels ? { count, size: batch.size, pixels, labels: batch.labels.subarray(from, from + count) } : { count, size: batch.size, pixels };
}

/** Held-out images for the views: one per class when there are classes (class order), else the first `n`. */
function viewImages(trainer: GenTrainer, n: number): ImageBatch {
  const test = trainer.source.testSet(Math.max(n, 200));
  if (!test.labels || trainer.source.info.classNames.length < 2) return slice(test, 0, Math.min(n, test.count));
  const parts: ImageBatch[] = [];
  for (let c = 0; c < trainer.source.info.classNames.length && parts.length < n; c++) {
    const i = test.labels.indexOf(c);
    if (i >= 0) parts.push(slice(test, i, 1));
  }
  return concatBatches(parts);
}

/** The model's views at the end of the run; returns the files written. */
export async function writeModelViews(trainer: GenTrainer, out: string): Promise<string[]> {
  const model = trainer.model;
  const files: string[] = [];
  if (model instanceof Vae) {
    // Pairs of rows: originals above their reconstructions (decoded encoder means).
    const images = viewImages(trainer, 10);
    const { original, reconstruction } = await model.reconstruct(images);
    writeGridPng(join(out, 'reconstructions.png'), concatBatches([original, reconstruction]), original.count);
    files.push('reconstructions.png');
    // One strip per pair (image i -> image i + 1), 10 steps each.
    const strips: ImageBatch[] = [];
    for (let i = 0; i + 1 < images.count && strips.length < 5; i += 2) strips.push(await model.interpolate(slice(images, i, 1), slice(images, i + 1, 1), 10));
    if (strips.length > 0) {
      writeGridPng(join(out, 'interpolation.png'), concatBatches(strips), 10);
      files.push('interpolation.png');
    }
  } else if (model instanceof Diffusion) {
    const T = model.config.timesteps;
    const ts = [0, Math.round(T / 10), Math.round(T / 4), Math.round(T / 2), Math.round((3 * T) / 4), T - 1];
    const images = viewImages(trainer, 4);
    writeGridPng(join(out, 'forward-noising.png'), await model.forwardNoising(slice(images, 0, Math.min(4, images.count)), ts, GRID_SEED), ts.length);
    files.push('forward-noising.png');
    // Reverse trajectory: one row per sample (one per class when conditional), x after each recorded step.
    const n = trainer.conditional ? trainer.numClasses : 8;
    const frames = 10;
    const run = await model.sampleTrajectory(n, { seed: GRID_SEED, frames });
    const size = model.config.imageSize;
    const px = size * size;
    const pixels = new Float32Array(n * run.frames.length * px);
    run.frames.forEach((f, k) => {
      for (let i = 0; i < n; i++) pixels.set(f.x.pixels.subarray(i * px, (i + 1) * px), (i * run.frames.length + k) * px);
    });
    writeGridPng(join(out, 'reverse.png'), { count: n * run.frames.length, size, pixels }, run.frames.length);
    files.push('reverse.png');
  }
  return files;
}
