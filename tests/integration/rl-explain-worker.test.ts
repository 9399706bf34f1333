/**
 * The explanation calls through the RL worker (Comlink's Node adapter, a real worker thread):
 * Step and explain, the replay viewer's reads, saliency and explainLatest arrive as plain data
 * with their frames, and bad calls are refused with their values named.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RlWorkerApi } from '../../src/rl/worker-api.js';
import type { RlInitConfig, RlSnapshot } from '../../src/rl/session.js';

// 7 x 5 cells: drawn 84 x 60 pixels, 12 rows of padding above and below.
const WIDE = ['%%%%%%%', '%.   G%', '% % % %', '%P   .%', '%%%%%%%'].join('\n');
const CONFIG: RlInitConfig = {
  layout: { name: 'wide', text: WIDE },
  env: { maxSteps: 100 },
  dqn: { net: 'small', replayCapacity: 500, learningStarts: 1000, batchSize: 4, reportEvery: 1 },
  seed: 4,
};
const FRAME = 84 * 84;

let worker: Worker;
let api: Comlink.Remote<RlWorkerApi>;
let latest: RlSnapshot | null = null;

/** Snapshots come over their own channel: wait for one that satisfies `ok`. */
async function snapshotWhere(ok: (s: RlSnapshot) => boolean, ms = 5000): Promise<RlSnapshot> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 10))) {
    if (latest && ok(latest)) return latest;
  }
  throw new Error(`no matching snapshot within ${ms} ms`);
}

beforeAll(async () => {
  worker = new Worker(fileURLToPath(new URL('./ts-worker.mjs', import.meta.url)), {
    workerData: { entry: fileURLToPath(new URL('../../workers/rl.node.ts', import.meta.url)) },
  });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  api = Comlink.wrap<RlWorkerApi>(nodeEndpoint(worker));
  await Promise.race([api.init(CONFIG, 'cpu'), failed]);
  await api.subscribe(Comlink.proxy((s: RlSnapshot) => void (latest = s)));
});

afterAll(async () => {
  await api?.dispose();
  await worker?.terminate();
});

describe('RL worker explanations over Comlink', () => {
  it('explainLatest is null before any step, then explains the step just taken', async () => {
    expect(await api.explainLatest()).toBeNull();
    await api.step(8);
    const e = await api.explainLatest();
    expect(e?.action).toBe(latest?.action);
    expect(e?.nStep).toBe(1);
    expect(e?.double).toBe(true);
    expect(Number.isFinite(e?.target)).toBe(true);
  });

  it('Step and explain: one step, one update (before learningStarts), its numbers and frames', async () => {
    const e = await api.explainStep();
    expect(e.envSteps).toBe(9);
    expect(e.updates).toBe(1);
    expect(e.batchIndices).toHaveLength(4);
    expect(e.sample.replayIndex).toBe(e.batchIndices[0]);
    expect(e.frames.length).toBe(4 * FRAME);
    expect(e.nextFrames.length).toBe(4 * FRAME);
    expect(Number.isFinite(e.loss)).toBe(true);
    expect(e.sample.target).toBeCloseTo(e.sample.ret + e.sample.discount * e.sample.bootstrap, 5);
    await snapshotWhere((x) => x.updates === 1 && x.envSteps === 9);
  });

  it('refuses Step and explain while running', async () => {
    await api.start();
    await expect(api.explainStep()).rejects.toThrow(/explainStep\(\) needs the session paused/);
    await api.pause();
    await snapshotWhere((x) => !x.running && x.envSteps > 9); // the loop's last snapshot (it took at least one step)
  });

  it('reads stored transitions for the replay viewer, and refuses a bad range by value', async () => {
    const size = (latest as RlSnapshot).replay.size;
    const views = await api.replayTransitions(0, 3);
    expect(views.map((v) => v.index)).toEqual([0, 1, 2]);
    expect(views[0].frames.length).toBe(4 * FRAME);
    expect(views[0].frames.filter((v) => v === 50).length).toBeGreaterThan(1000); // walls (gray 50) in each frame
    await expect(api.replayTransitions(size, 1)).rejects.toThrow(new RegExp(`from must be an integer in \\[0, ${size - 1}\\].*got ${size}`));
  });

  it('saliency: [4, 84, 84], 0 in the padding', async () => {
    const frames = (latest as RlSnapshot).frames;
    const obs = new Uint8Array(4 * FRAME);
    for (let k = 0; k < 4; k++) for (let p = 0; p < FRAME; p++) obs[4 * p + k] = frames[k * FRAME + p];
    const map = await api.saliency(obs);
    expect(map.values.length).toBe(4 * FRAME);
    expect(map.area).toEqual({ x: 0, y: 12, width: 84, height: 60 });
    const row = (k: number, y: number) => Array.from(map.values.subarray(k * FRAME + y * 84, k * FRAME + (y + 1) * 84));
    for (let k = 0; k < 4; k++) for (const y of [0, 11, 72, 83]) expect(row(k, y).every((v) => v === 0)).toBe(true);
    expect(Math.max(...map.values)).toBe(1);
    await expect(api.saliency(obs, 9)).rejects.toThrow(/action must be an integer in \[0, 4\].*got 9/);
  });
});
