/**
 * Dream mode across the two real worker threads (Comlink's Node adapter): the RL worker hands
 * its replay transitions over (sampleTransitions), the gen worker's world slot trains on them and
 * scores held-out ones, and a dream opened from the agent's shown frames steps with actions,
 * returning frames, stacks and heads of the right shapes; a different action changes the
 * prediction; the agent's policy, copied from the RL worker, pilots a dream in the gen worker. A tiny world model keeps it fast on the CPU.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenWorkerApi } from '../../src/gen/worker-api.js';
import { LEVELS } from '../../src/gen/world/cells.js';
import { stackOfFrames } from '../../src/gen/world/real-twin.js';
import type { WorldSnapshot } from '../../src/gen/world/world-slot.js';
import type { RlInitConfig, RlSnapshot } from '../../src/rl/session.js';
import { policyBuffers } from '../../src/rl/policy-weights.js';
import { handoverBuffers } from '../../src/rl/transition-handover.js';
import type { RlWorkerApi } from '../../src/rl/worker-api.js';

const STACK = 84 * 84 * 4;
const FRAME = 84 * 84;
const STARTER = ['%%%%%%%', '% P   %', '% %%% %', '% %.  %', '% %%% %', '%. G  %', '%%%%%%%'].join('\n');
const RL_CONFIG: RlInitConfig = {
  layout: { name: 'starter', text: STARTER }, env: { maxSteps: 100 },
  dqn: { net: 'small', replayCapacity: 2_000, learningStarts: 100_000, batchSize: 8 }, seed: 3,
};
const TINY_WORLD = { channels: [4, 8] as [number, number], pixelHidden: 4, batchSize: 4, learningRate: 3e-3 };

const workers: Worker[] = [];
let rl: Comlink.Remote<RlWorkerApi>;
let gen: Comlink.Remote<GenWorkerApi>;
const rlSnapshots: RlSnapshot[] = [];
const world: WorldSnapshot[] = [];

function spawn(entry: string): { worker: Worker; failed: Promise<never> } {
  const worker = new Worker(fileURLToPath(new URL('./ts-worker.mjs', import.meta.url)), {
    workerData: { entry: fileURLToPath(new URL(entry, import.meta.url)) },
  });
  workers.push(worker);
  return { worker, failed: new Promise<never>((_, reject) => worker.once('error', reject)) };
}

async function until<T>(what: string, find: () => T | undefined, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  const r = spawn('../../workers/rl.node.ts');
  const g = spawn('../../workers/gen.node.ts');
  rl = Comlink.wrap<RlWorkerApi>(nodeEndpoint(r.worker));
  gen = Comlink.wrap<GenWorkerApi>(nodeEndpoint(g.worker));
  await Promise.race([Promise.all([rl.init(RL_CONFIG, 'cpu'), gen.init('cpu')]), r.failed, g.failed]);
  await rl.subscribe(Comlink.proxy((s: RlSnapshot) => void rlSnapshots.push(s)));
  await gen.subscribeWorld(Comlink.proxy((s: WorldSnapshot) => void world.push(s)));
}, 60_000);

afterAll(async () => {
  await gen?.dispose();
  await rl?.dispose();
  await Promise.all(workers.map((w) => w.terminate()));
});

describe('Dream mode across the RL and gen workers', () => {
  it('the RL worker hands over replay transitions as plain arrays of the world models\' layout', async () => {
    expect((await rl.sampleTransitions(8)).count).toBe(0); // empty replay: nothing, no error
    await rl.step(60);
    const t = await rl.sampleTransitions(30);
    expect(t.count).toBe(30);
    expect(t.stacks.length).toBe(30 * STACK);
    expect(t.nextFrames.length).toBe(30 * FRAME);
    expect([t.actions.length, t.rewards.length, t.terminated.length]).toEqual([30, 30, 30]);
    expect(Array.from(t.actions).every((a) => a >= 0 && a <= 4)).toBe(true);
    // The game's own rewards (-1 a step, +9 a food, ...), not the replay's scaled ones (-0.01, ...):
    // the world models' reward classes are the game's values.
    expect(Array.from(t.rewards).every((r) => Number.isInteger(r))).toBe(true);
    expect(Array.from(t.rewards)).toContain(-1);
  }, 60_000);

  it('the world slot waits for transitions, then trains on the handed-over ones and scores held-out ones', async () => {
    const settings = await gen.configureWorld(TINY_WORLD);
    expect(settings).toMatchObject({ model: 'world-pixel', batchSize: 4, channels: [4, 8] });
    await gen.startWorld();
    const waiting = await until('the waiting status', () => world.find((s) => s.running));
    expect(waiting.status).toMatch(/waiting for the agent's transitions \(0 so far\)/);
    const t = await rl.sampleTransitions(40);
    const held = await gen.addTransitions(Comlink.transfer(t, handoverBuffers(t)), { run: 'starter#3', width: 7, height: 7 });
    expect(held).toBe(36); // every 10th held out
    const trained = await until('3 world steps', () => world.find((s) => s.steps >= 3));
    expect(trained.status).toBe('training');
    expect(trained.heldOut).toBe(4);
    await gen.pauseWorld();
    const rows = world.flatMap((s) => s.stepRows);
    expect(rows[0]).toMatchObject({ type: 'step', step: 1 });
    expect(Object.keys(rows[0].losses).sort()).toEqual(['frame', 'reward', 'terminal', 'total']);
    const metrics = world.flatMap((s) => s.metricRows);
    expect(metrics[0]).toMatchObject({ type: 'metrics', step: 1, transitions: 4 });
    expect(metrics[0].cells.nonGhost).toBeGreaterThan(0);
    expect(metrics[0].cells.nonGhost).toBeLessThanOrEqual(1);
    await expect(gen.configureWorld({ batchSize: 0 })).rejects.toThrow(/world\.batchSize must be an integer in \[1, 64\], got 0/);
    await expect(gen.configureWorld({ model: 'world-dream' } as never)).rejects.toThrow(/world\.model must be one of/);
  }, 90_000);

  it('a dream starts from the agent\'s shown frames and steps with actions: one frame, its stack and heads a step', async () => {
    const shown = rlSnapshots.at(-1);
    if (!shown) throw new Error('no RL snapshot');
    const stack = stackOfFrames(shown.frames);
    const info = await gen.dreamStart(stack);
    expect(info).toMatchObject({ model: 'world-pixel' });
    expect(info.steps).toBeGreaterThanOrEqual(3);
    await until('the dreaming flag', () => (world.at(-1)?.dreaming ? true : undefined));
    const first = await gen.dreamStep(2);
    expect(first.step).toBe(1);
    expect(first.frame.length).toBe(FRAME);
    expect(first.stack.length).toBe(STACK);
    expect(first.frame.every((v) => LEVELS.includes(v))).toBe(true);
    // The dreamed frame is the newest of the returned stack; the older three are the real stack's newest three.
    for (const p of [0, 1234, FRAME - 1]) {
      expect(first.stack[4 * p + 3]).toBe(first.frame[p]);
      expect(first.stack[4 * p]).toBe(stack[4 * p + 1]);
    }
    expect(typeof first.reward).toBe('number');
    expect(first.terminated).toBeGreaterThanOrEqual(0);
    expect(first.terminated).toBeLessThanOrEqual(1);
    expect(first.ms).toBeGreaterThan(0);
    const second = await gen.dreamStep(4);
    expect(second.step).toBe(2);
    await expect(gen.dreamStep(9)).rejects.toThrow(/a dream step takes an action 0\.\.4 or 'agent', got 9/);
    await expect(gen.dreamStep('agent')).rejects.toThrow(/this dream has no agent to pilot it/);
  }, 60_000);

  it('the agent pilots from inside the gen worker: a copy of its network gives the RL worker\'s own Q-values', async () => {
    const stack = stackOfFrames((rlSnapshots.at(-1) as RlSnapshot).frames);
    const policy = await rl.policyWeights();
    expect(policy.shape).toMatchObject({ preset: 'small', numActions: 5 });
    await gen.dreamStart(stack.slice(), Comlink.transfer({ policy, width: 7, height: 7 }, policyBuffers(policy)));
    expect(policy.values[0].byteLength).toBe(0); // transferred, not copied
    const step = await gen.dreamStep('agent');
    const own = await rl.qValues(stack, 1);
    expect(Array.from(step.q ?? [])).toEqual(Array.from(own));
    expect(step.action).toBeGreaterThanOrEqual(0);
    expect(step.action).toBeLessThanOrEqual(4);
    await gen.dreamStop();
  }, 60_000);

  it('a different action from the same stack changes the prediction', async () => {
    const stack = stackOfFrames((rlSnapshots.at(-1) as RlSnapshot).frames);
    const predict = async (action: number) => {
      await gen.dreamStart(stack.slice());
      return gen.dreamStep(action);
    };
    const [north, east, again] = [await predict(0), await predict(2), await predict(0)];
    expect(again.terminated).toBe(north.terminated); // deterministic
    expect(Buffer.from(again.frame).equals(Buffer.from(north.frame))).toBe(true);
    // Frames are snapped to 7 gray levels, so a model trained 3 steps may draw the same bytes for
    // both; its termination head reads the action-conditioned features and must differ.
    expect(north.terminated).not.toBe(east.terminated);
    await gen.dreamStop();
    await until('the dream to close', () => (world.at(-1)?.dreaming === false ? true : undefined));
    await expect(gen.dreamStep(0)).rejects.toThrow(/no dream is open/);
  }, 60_000);
});
