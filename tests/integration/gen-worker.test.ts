/**
 * The gen worker through Comlink's Node adapter in a real worker thread: a slot trains and
 * publishes losses, metrics, a sample grid and its views; pause and "sample now"; the frames
 * dataset waits for the agent's frames and trains once they arrive; refused settings name the
 * field and the value and leave the slot as it was.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenSnapshot } from '../../src/gen/session.js';
import type { GenWorkerApi } from '../../src/gen/worker-api.js';

let worker: Worker;
let api: Comlink.Remote<GenWorkerApi>;
const snapshots: GenSnapshot[] = [];

async function until<T>(what: string, find: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  worker = new Worker(fileURLToPath(new URL('./ts-worker.mjs', import.meta.url)), {
    workerData: { entry: fileURLToPath(new URL('../../workers/gen.node.ts', import.meta.url)) },
  });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  api = Comlink.wrap<GenWorkerApi>(nodeEndpoint(worker));
  expect((await Promise.race([api.init('cpu'), failed])).name).toBe('cpu');
  await api.subscribe(Comlink.proxy((s: GenSnapshot) => void snapshots.push(s)));
});

afterAll(async () => {
  await api?.dispose();
  await worker?.terminate();
});

describe('gen worker over Comlink', () => {
  it('a conditional VAE on digits trains and publishes losses, step-1 metrics, a grid a row per class and its views', async () => {
    const settings = await api.configure('vae', { batchSize: 16, latentDim: 2 });
    expect(settings).toMatchObject({ data: 'digits', conditional: true, batchSize: 16, latentDim: 2 });
    await api.start('vae');
    await until('10 VAE steps', () => snapshots.find((s) => s.model === 'vae' && s.steps >= 10));
    await api.pause('vae');
    const vae = snapshots.filter((s) => s.model === 'vae');
    const steps = vae.flatMap((s) => s.stepRows);
    expect(steps[0]).toMatchObject({ type: 'step', step: 1 });
    expect(Object.keys(steps[0].losses).sort()).toEqual(['eps0', 'kl', 'mu0', 'recon', 'sigma0', 'sigmaMean', 'total', 'z0']);
    const metrics = vae.flatMap((s) => s.metricRows);
    expect(metrics[0]).toMatchObject({ step: 1, features: 'judge-digits' });
    expect(metrics[0].kid).toBeGreaterThan(0);
    expect(metrics[0].confusion).toHaveLength(10);
    const grid = vae.find((s) => s.samples)?.samples;
    expect(grid?.columns).toBe(8);
    expect(grid?.image.height).toBe(10 * 33 + 1); // 10 rows (classes) of 32 px and padding
    const views = vae.find((s) => s.views)?.views?.map((v) => v.id);
    expect(views).toEqual(['reconstructions', 'interpolation', 'latent-map']);
    expect(vae.at(-1)?.classNames).toHaveLength(10);
  });

  it('sample now sends a fresh grid while paused', async () => {
    const before = snapshots.length;
    await api.sampleNow('vae', 5);
    const s = await until('a new grid', () => snapshots.slice(before).find((x) => x.model === 'vae' && x.samples));
    expect(s.running).toBe(false);
    await expect(api.sampleNow('vae', -1)).rejects.toThrow(/sample seed must be an integer >= 0, got -1/);
  });

  it('a GAN on frames waits for the agent, then trains on the frames it is handed', async () => {
    await api.configure('gan', { data: 'frames', conditional: false, batchSize: 8 });
    await api.start('gan');
    const waiting = await until('the waiting status', () => snapshots.find((s) => s.model === 'gan'));
    expect(waiting.status).toMatch(/waiting for the agent's frames/);
    const frames = new Uint8Array(16 * 84 * 84).map((_, i) => ((i >> 4) % 7) * 30);
    expect(await api.addFrames(Comlink.transfer(frames, [frames.buffer]))).toBe(16);
    const trained = await until('GAN steps on frames', () => snapshots.find((s) => s.model === 'gan' && s.steps >= 2));
    expect(trained.status).toBe('training');
    await api.pause('gan');
    const rows = snapshots.filter((s) => s.model === 'gan').flatMap((s) => s.metricRows);
    expect(rows[0]?.nearestReal).toBeGreaterThan(0);
  });

  it('refuses bad settings naming the field and the value, and keeps the slot', async () => {
    await expect(api.configure('vae', { batchSize: 3 })).rejects.toThrow(/vae\.batchSize must be an integer in \[8, 128\], got 3/);
    await expect(api.configure('vae', { data: 'frames', conditional: true })).rejects.toThrow(/frames have no classes/);
    await expect(api.configure('vae', { colour: 'red' } as never)).rejects.toThrow(/unknown vae setting "colour"/);
    await expect(api.configure('gpt' as never)).rejects.toThrow(/model must be one of vae, gan, diffusion, got "gpt"/);
    const before = snapshots.length;
    await api.sampleNow('vae', 1);
    const s = await until('the old VAE', () => snapshots.slice(before).find((x) => x.model === 'vae'));
    expect(s.settings.latentDim).toBe(2);
  });
});
