/**
 * The RL worker through Comlink's Node adapter in a real worker thread: live setParams,
 * pause/step/resume, and a checkpoint round trip that gives the same Q-values.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RlWorkerApi } from '../../src/rl/worker-api.js';
import type { RlInitConfig, RlSnapshot } from '../../src/rl/session.js';

const STARTER = ['%%%%%%%', '% P   %', '% %%% %', '% %.  %', '% %%% %', '%. G  %', '%%%%%%%'].join('\n');
const CONFIG: RlInitConfig = {
  layout: { name: 'starter', text: STARTER },
  env: { maxSteps: 100 },
  dqn: { net: 'small', replayCapacity: 2000, learningStarts: 64, batchSize: 8, reportEvery: 5 },
  seed: 3,
};

let worker: Worker;
let api: Comlink.Remote<RlWorkerApi>;
const snapshots: RlSnapshot[] = [];
let stepsSoFar = 0;

/** Snapshots come over their own channel: wait until one satisfying `ok` has arrived. */
async function snapshotWhere(ok: (s: RlSnapshot) => boolean, ms = 5000): Promise<RlSnapshot> {
  const until = Date.now() + ms;
  for (;;) {
    const s = snapshots.at(-1);
    if (s && ok(s)) return s;
    if (Date.now() > until) throw new Error(`no matching snapshot within ${ms} ms; last: ${JSON.stringify(s && { envSteps: s.envSteps, running: s.running })}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  worker = new Worker(fileURLToPath(new URL('./ts-worker.mjs', import.meta.url)), {
    workerData: { entry: fileURLToPath(new URL('../../workers/rl.node.ts', import.meta.url)) },
  });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  api = Comlink.wrap<RlWorkerApi>(nodeEndpoint(worker));
  const backend = await Promise.race([api.init(CONFIG, 'cpu'), failed]);
  expect(backend.name).toBe('cpu');
  await api.subscribe(Comlink.proxy((s: RlSnapshot) => void snapshots.push(s)));
});

afterAll(async () => {
  await api?.dispose();
  await worker?.terminate();
});

describe('RL worker over Comlink', () => {
  it('steps while paused and publishes a snapshot with frames, Q-values and stats', async () => {
    await api.step(5);
    const s = await snapshotWhere((x) => x.envSteps === 5);
    expect(s.frames.length).toBe(4 * 84 * 84);
    expect(s.qValues).toHaveLength(5);
    expect(s.board.width).toBe(7);
    expect(s.backend.name).toBe('cpu');
    expect(s.replay.capacity).toBe(2000);
    expect(s.allowed).toEqual([true, true, true, true, true]); // all five moves: legalActionsOnly is off
  });

  it('setParams changes epsilon and gamma live, and the next snapshot reports them', async () => {
    const params = await api.setParams({ epsilonMode: 'manual', epsilon: 0.25, gamma: 0.9 });
    expect(params).toMatchObject({ epsilonMode: 'manual', epsilon: 0.25, gamma: 0.9 });
    await api.step(1);
    const s = await snapshotWhere((x) => x.envSteps === 6);
    expect(s.epsilon).toBe(0.25);
    expect(s.params.gamma).toBe(0.9);
    expect(s.envSteps).toBe(6); // nothing restarted
    await expect(api.setParams({ gamma: 1.5 })).rejects.toThrow(/gamma must be a number in \[0, 1\), got 1\.5/);
    await expect(api.setParams({ net: 'nature' } as never)).rejects.toThrow(/unknown params setting "net"/);
  });

  it('runs, pauses and resumes', async () => {
    await api.start();
    await new Promise((r) => setTimeout(r, 1500));
    await api.pause();
    const paused = await snapshotWhere((x) => !x.running);
    expect(paused.envSteps).toBeGreaterThan(6);
    await new Promise((r) => setTimeout(r, 300));
    expect((snapshots.at(-1) as RlSnapshot).envSteps).toBe(paused.envSteps);
    await api.step(2);
    await snapshotWhere((x) => x.envSteps === paused.envSteps + 2);
    stepsSoFar = paused.envSteps + 2;
  });

  it('a checkpoint round trip gives the same Q-values', async () => {
    await api.step(100); // past learningStarts: updates have changed the weights
    const trained = await snapshotWhere((x) => x.envSteps === stepsSoFar + 100);
    expect(trained.updates).toBeGreaterThan(0);
    const probe = new Uint8Array(2 * 84 * 84 * 4).map((_, i) => (i * 37) % 251);
    const q = Array.from(await api.qValues(probe, 2));
    const cp = await api.saveCheckpoint();
    await api.init({ ...CONFIG, seed: 99 }, 'cpu'); // a fresh run with other weights
    expect(Array.from(await api.qValues(probe, 2))).not.toEqual(q);
    await api.loadCheckpoint(cp, 'round-trip');
    expect(Array.from(await api.qValues(probe, 2))).toEqual(q);
    await snapshotWhere((x) => x.updates === trained.updates); // counters restored too
    await expect(api.loadCheckpoint({ header: '{"format":"other"}', blob: new Uint8Array(0) }, 'bad.json')).rejects.toThrow(/bad\.json: not a Pac-Lab checkpoint/);
  });

  it("a person takes over with a key: the agent pauses, the person's Pac-Man moves on the board and in the frames", async () => {
    await api.start();
    await snapshotWhere((x) => x.running);
    await api.steer(2); // East
    const first = await snapshotWhere((x) => x.mode === 'human');
    expect(first.running).toBe(false);
    const agentSteps = first.envSteps;
    const moved = await snapshotWhere((x) => x.mode === 'human' && x.board.pacman.x >= 4, 3000); // P starts at x = 2
    expect(moved.board.pacman.y).toBe(1);
    expect(moved.board.score).toBeLessThan(0); // -1 a step, no food on that row
    const newest = (s: RlSnapshot) => s.frames.subarray(3 * 84 * 84);
    expect(Array.from(newest(moved))).not.toEqual(Array.from(newest(first)));
    expect(moved.envSteps).toBe(agentSteps); // the agent's run is untouched
    expect(moved.action).toBe(2);
    await expect(api.steer(7)).rejects.toThrow(/a move must be an action 0\.\.4 .* got 7/);
    await api.leaveHuman();
    const back = await snapshotWhere((x) => x.mode === 'agent');
    expect(back.human).toBeNull();
    expect(back.envSteps).toBe(agentSteps);
  });

  it('hands replay frames to the generative lab: as many as asked while the memory holds them, real frames', async () => {
    await api.step(20); // one env: each step stores one frame
    const frames = await api.sampleFrames(16);
    expect(frames.length).toBe(16 * 84 * 84);
    const walls = frames.subarray(0, 84 * 84).filter((v) => v === 50).length; // raster gray of a wall
    expect(walls).toBeGreaterThan(1000);
    expect((await api.sampleFrames(10 ** 7)).length % (84 * 84)).toBe(0); // capped at what it holds
  });

  it('a NaN in the weights stops the run, rolls back to the last good checkpoint and says what was live', async () => {
    await api.step(80); // past learning starts again (a restore empties the replay's count)
    const probe = new Uint8Array(84 * 84 * 4).map((_, i) => (i * 13) % 251);
    expect((await api.qValues(probe, 1)).every(Number.isFinite)).toBe(true);
    await api.injectFault('nan-weights');
    expect(Array.from(await api.qValues(probe, 1)).some(Number.isNaN)).toBe(true);
    await api.start();
    const stopped = await snapshotWhere((x) => x.alert !== null && !x.running, 20_000);
    expect(stopped.alert).toMatch(/^Training stopped: training diverged at update \d+: (the loss is NaN|a TD error is NaN).*Live settings then: learning rate [\d.e-]+, gamma 0\.9.*Rolled back to update/);
    expect((await api.qValues(probe, 1)).every(Number.isFinite)).toBe(true);
    await expect(api.injectFault('melt' as never)).rejects.toThrow(/unknown fault "melt"/);
  });

  it('with legal moves only, the snapshot says which moves the shown choice was among', async () => {
    await api.init({ ...CONFIG, dqn: { ...CONFIG.dqn, legalActionsOnly: true } }, 'cpu');
    await api.step(1);
    const s = await snapshotWhere((x) => x.envSteps === 1 && x.updates === 0);
    // Pac-Man starts at (2, 1): walls North and South, open East and West; Stop is always legal.
    expect(s.allowed).toEqual([false, false, true, true, true]);
    expect([2, 3, 4]).toContain(s.action);
  });
});
