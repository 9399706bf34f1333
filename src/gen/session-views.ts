/**
 * The model-specific pictures a gen panel shows besides its samples, as gray images:
 * - VAE: held-out images over their reconstructions; an interpolation strip between two of them
 *   through the latent means; the 2D latent map when the latent has two dimensions.
 * - GAN: the fixed-noise grid (the same z since step 0, a row per class when conditional); an
 *   interpolation strip between two noise vectors.
 * - Diffusion: one held-out image noised by the forward process at several t, with the signal-
 *   to-noise ratio of each; on request, the reverse process of a few samples as animation frames.
 */
import { Diffusion } from './diffusion/diffusion.js';
import { Gan } from './gan/gan.js';
import { type GrayImage, tileBatch } from './grid.js';
import type { GenTrainer } from './trainer.js';
import type { ImageBatch } from './types.js';
import { Vae } from './vae/vae.js';

export interface GenView {
  /** Stable id ('reconstructions', 'interpolation', 'latent-map', 'fixed-noise', 'forward', 'reverse'). */
  id: string;
  caption: string;
  image: GrayImage;
  /** Animation frames (the reverse process), shown in order after `image`. */
  frames?: GrayImage[];
}

/** Images `from`..`from + count - 1` of a batch (labels kept). */
function slice(batch: ImageBatch, from: number, count: number): ImageBatch {
  const px = batch.size * batch.size;
  const out: ImageBatch = { count, size: batch.size, pixels: batch.pixels.slice(from * px, (from + count) * px) };
  if (batch.labels) out.labels = batch.labels.slice(from, from + count);
  return out;
}

function concat(a: ImageBatch, b: ImageBatch): ImageBatch {
  const pixels = new Float32Array(a.pixels.length + b.pixels.length);
  pixels.set(a.pixels);
  pixels.set(b.pixels, a.pixels.length);
  return { count: a.count + b.count, size: a.size, pixels };
}

export async function modelViews(trainer: GenTrainer, seed: number, withTrajectory: boolean): Promise<GenView[]> {
  const model = trainer.model;
  if (model instanceof Vae) return vaeViews(model, trainer);
  if (model instanceof Gan) return ganViews(model, seed);
  if (model instanceof Diffusion) return diffusionViews(model, trainer, seed, withTrajectory);
  return [];
}

async function vaeViews(vae: Vae, trainer: GenTrainer): Promise<GenView[]> {
  const held = trainer.source.testSet(8);
  if (held.count < 2) return [];
  const { original, reconstruction } = await vae.reconstruct(held);
  const views: GenView[] = [
    { id: 'reconstructions', caption: 'held-out images (top) and their reconstructions (bottom)', image: tileBatch(concat(original, reconstruction), held.count) },
    {
      id: 'interpolation', caption: 'from one held-out image to another through the latent means',
      image: tileBatch(await vae.interpolate(slice(held, 0, 1), slice(held, 1, 1), 10), 10),
    },
  ];
  if (vae.config.latentDim === 2) {
    views.push({ id: 'latent-map', caption: 'the decoder over a 10x10 grid of the 2D latent space', image: tileBatch(await vae.latentMap(10), 10) });
  }
  return views;
}

async function ganViews(gan: Gan, seed: number): Promise<GenView[]> {
  const grid = await gan.fixedGrid();
  return [
    { id: 'fixed-noise', caption: 'the same noise since step 0: watch it turn into images', image: tileBatch(grid, gan.config.previewColumns) },
    { id: 'interpolation', caption: 'a straight line between two noise vectors', image: tileBatch(await gan.interpolate(10, { seed }), 10) },
  ];
}

async function diffusionViews(d: Diffusion, trainer: GenTrainer, seed: number, withTrajectory: boolean): Promise<GenView[]> {
  const T = d.config.timesteps;
  const ts = [0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1].map((f) => Math.min(T - 1, Math.round(f * (T - 1))));
  const held = trainer.source.testSet(1);
  const views: GenView[] = [];
  if (held.count > 0) {
    const snr = ts.map((t) => d.snr(t)).map((v) => (v >= 10 ? v.toFixed(0) : v.toPrecision(2)));
    views.push({
      id: 'forward', caption: `forward noising at t = ${ts.join(', ')} (SNR ${snr.join(', ')})`,
      image: tileBatch(await d.forwardNoising(held, ts, seed), ts.length),
    });
  }
  if (withTrajectory) {
    const n = trainer.conditional ? Math.min(trainer.numClasses, 10) : 8;
    const labels = trainer.conditional ? Int32Array.from({ length: n }, (_, i) => i) : undefined;
    const { frames } = await d.sampleTrajectory(n, { seed, ...(labels ? { labels } : {}), frames: 12 });
    const images = frames.map((f) => tileBatch(f.x, n));
    views.push({
      id: 'reverse', caption: `reverse process, ${d.config.sampler === 'ddim' ? `DDIM ${d.config.samplingSteps}` : `DDPM ${T}`} steps, from noise to samples`,
      image: images[images.length - 1], frames: images,
    });
  }
  return views;
}
