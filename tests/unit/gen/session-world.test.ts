/**
 * GenSession with the world-model slot beside an image model, in one thread: both train, sharing
 * the loop's time (neither starves), and an open dream that is being stepped has the worker to
 * itself: no training step starts while it is stepped, and training resumes when it closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDigitsNode } from '../../../src/gen/datasets/digits-node.js';
import { loadJudgeNode } from '../../../src/gen/metrics/judge-node.js';
import { GenSession, type GenSnapshot } from '../../../src/gen/session.js';
import { PlayDataset } from '../../../src/gen/world/data.js';
import type { WorldSnapshot } from '../../../src/gen/world/world-slot.js';
import { layout, useCpu } from './world/helpers.js';

const TINY_WORLD = { channels: [4, 8] as [number, number], pixelHidden: 4, batchSize: 4 };
let session: GenSession;
const gen: GenSnapshot[] = [];
const world: WorldSnapshot[] = [];

const stepMs = (rows: { stepRows: { ms: number }[] }[]): number => rows.flatMap((s) => s.stepRows).reduce((a, r) => a + r.ms, 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await useCpu();
  session = new GenSession({ digits: async () => loadDigitsNode(), judge: async (d) => loadJudgeNode(d) });
  session.subscribe((s) => void gen.push(s));
  session.world.subscribe((s) => void world.push(s));
  await session.configure('vae', { batchSize: 16, latentDim: 2 });
  session.world.configure(TINY_WORLD);
  const data = PlayDataset.collect(layout('starter7'), { ghosts: 'directional' }, 50, 1);
  session.world.addTransitions(data.gather(Int32Array.from({ length: 50 }, (_, i) => i)), { run: 'starter7#1', width: 7, height: 7 });
}, 60_000);

afterAll(() => session?.dispose());

describe('the world slot in the gen session', () => {
  it('trains beside the VAE, and the loop shares its time between them', async () => {
    session.start('vae');
    session.world.start();
    const end = Date.now() + 20_000;
    while ((world.at(-1)?.steps ?? 0) < 8 || (gen.at(-1)?.steps ?? 0) < 8) {
      if (Date.now() > end) throw new Error(`slow: world ${world.at(-1)?.steps}, vae ${gen.at(-1)?.steps} steps`);
      await sleep(50);
    }
    session.pause('vae');
    session.world.pause();
    await session.stopped();
    const [w, v] = [stepMs(world), stepMs(gen)];
    // Busy time (steps, metrics, previews) is shared; the VAE's previews count against it, so the world gets at least its half of step time.
    expect(w / (w + v)).toBeGreaterThan(0.25);
    expect(v / (w + v)).toBeGreaterThan(0.1);
  }, 30_000);

  it('a dream being stepped has the worker: no training step starts until it closes', async () => {
    session.start('vae');
    session.world.start();
    await sleep(300);
    const stack = PlayDataset.collect(layout('starter7'), {}, 6, 2).gather([5]).stacks;
    session.world.dreamStart(stack);
    await sleep(400); // a step in flight when the dream opened may still finish
    // Steps so far, read directly: a new dream says how long the world model has trained, "sample now" publishes the VAE's count.
    const counts = async (seed: number): Promise<[number, number]> => {
      const w = session.world.dreamStart(stack).steps;
      await session.sampleNow('vae', seed);
      return [w, gen.at(-1)?.steps ?? -1];
    };
    const before = await counts(1);
    for (let i = 0; i < 10; i++) {
      await session.world.dreamStep(i % 5);
      await sleep(50);
    }
    expect(await counts(2)).toEqual(before);
    const [w0, v0] = before;
    session.world.dreamStop();
    const end = Date.now() + 20_000;
    while ((world.at(-1)?.steps ?? 0) <= w0 || (gen.at(-1)?.steps ?? 0) <= v0) {
      if (Date.now() > end) throw new Error('training did not resume after the dream');
      await sleep(50);
    }
    session.pause('vae');
    session.world.pause();
    await session.stopped();
  }, 40_000);
});
