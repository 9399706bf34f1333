/**
 * The gen worker's world slot without the worker: the transition ring (wrap-around, sampling,
 * checks), the slot settings (errors name the field and the value), the hold-out split and a
 * change of run, the held-out metrics, and the live dream (one prediction a step, its own context,
 * priority over training while stepped).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random.js';
import { PlayDataset, type TransitionBatch } from '../../../../src/gen/world/data.js';
import { TransitionRing } from '../../../../src/gen/world/transition-ring.js';
import { DREAM_PRIORITY_MS, HOLD_OUT_EVERY, WorldSlot } from '../../../../src/gen/world/world-slot.js';
import { DEFAULT_WORLD_SLOT, resolveWorldSlotSettings, worldModelConfigOf } from '../../../../src/gen/world/world-settings.js';
import { STACK_BYTES } from '../../../../src/obs/frame-stack.js';
import { FRAME_SIZE } from '../../../../src/obs/raster.js';
import { layout, useCpu } from './helpers.js';

const TINY = { channels: [4, 8] as [number, number], pixelHidden: 4, batchSize: 4 };
const SOURCE = { run: 'starter7#1', width: 7, height: 7 };
let data: PlayDataset;

beforeAll(async () => {
  await useCpu();
  data = PlayDataset.collect(layout('starter7'), { ghosts: 'directional' }, 60, 1);
});

/** Transitions `from..from+n-1` of the play data, in order. */
function batchOf(from: number, n: number): TransitionBatch {
  return data.gather(Int32Array.from({ length: n }, (_, i) => from + i));
}

describe('TransitionRing', () => {
  it('keeps the newest `capacity` transitions, samples them and refuses malformed batches', () => {
    const ring = new TransitionRing(5);
    expect(() => ring.sample(2, new RandomStreams(1).get('s'))).toThrow(/no transitions handed over yet/);
    ring.add(batchOf(0, 3));
    expect(ring.size).toBe(3);
    ring.add(batchOf(3, 4)); // 7 added: 0 and 1 overwritten
    expect(ring.size).toBe(5);
    const held = ring.all();
    const want = batchOf(2, 5);
    expect(new Set(Array.from({ length: 5 }, (_, i) => Buffer.from(held.stacks.subarray(i * STACK_BYTES, (i + 1) * STACK_BYTES)).toString('base64'))))
      .toEqual(new Set(Array.from({ length: 5 }, (_, i) => Buffer.from(want.stacks.subarray(i * STACK_BYTES, (i + 1) * STACK_BYTES)).toString('base64'))));
    const s = ring.sample(8, new RandomStreams(1).get('s'));
    expect([s.count, s.stacks.length, s.nextFrames.length]).toEqual([8, 8 * STACK_BYTES, 8 * FRAME_SIZE]);
    expect(() => ring.add({ ...batchOf(0, 2), rewards: new Float32Array(1) })).toThrow(/transitions: rewards has length 1, expected 2 for 2 transitions/);
    expect(() => ring.gather([5])).toThrow(/transition index must be in \[0, 4\], got 5/);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(() => new TransitionRing(0)).toThrow(/capacity must be an integer >= 1, got 0/);
  });
});

describe('world slot settings', () => {
  it('merge onto the defaults and name the field and value when refused', () => {
    expect(resolveWorldSlotSettings({})).toEqual(DEFAULT_WORLD_SLOT);
    expect(resolveWorldSlotSettings({ model: 'world-latent' }).model).toBe('world-latent');
    expect(() => resolveWorldSlotSettings({ batchSize: 100 })).toThrow(/world\.batchSize must be an integer in \[1, 64\], got 100/);
    expect(() => resolveWorldSlotSettings({ channels: [4] as never })).toThrow(/world\.channels must be 2 integers in \[1, 512\], got \[4\]/);
    expect(() => resolveWorldSlotSettings({ colour: 1 } as never)).toThrow(/unknown world setting "colour"/);
    expect(() => resolveWorldSlotSettings({ model: 'world-dream' as never })).toThrow(/world\.model must be one of "world-latent", "world-pixel", got "world-dream"/);
    expect(worldModelConfigOf(resolveWorldSlotSettings(TINY))).toEqual({ learningRate: 1e-3, batchSize: 4, channels: [4, 8], pixelHidden: 4 });
    expect(worldModelConfigOf(resolveWorldSlotSettings({ model: 'world-latent' }))).toHaveProperty('autoencoderSteps', 1000);
  });
});

describe('WorldSlot', () => {
  it('holds out every 10th transition, waits for a batch, trains, scores the held-out ones; a new run replaces the data', async () => {
    const slot = new WorldSlot(resolveWorldSlotSettings(TINY));
    expect(slot.status).toMatch(/waiting for the agent's transitions \(0 so far\)/);
    expect(slot.addTransitions(batchOf(0, 25), SOURCE)).toBe(25 - Math.floor(25 / HOLD_OUT_EVERY));
    expect(slot.ready).toBe(true);
    expect(slot.addTransitions(batchOf(25, 5), SOURCE)).toBe(27); // the 30th is held out: the count carries over hand-overs
    slot.start();
    expect(slot.status).toBe('training');
    const before = tf.memory().numTensors;
    await slot.step();
    await slot.step();
    expect(tf.memory().numTensors).toBe(before);
    const s = slot.snapshot();
    expect([s.steps, s.transitions, s.heldOut, s.stepRows.length]).toEqual([2, 27, 3, 2]);
    expect(s.metricRows).toHaveLength(1); // after the first step
    const m = s.metricRows[0];
    expect(m).toMatchObject({ type: 'metrics', step: 1, transitions: 3 });
    expect(m.cells.frames).toBe(3);
    expect(m.psnr).toBeGreaterThan(0);
    expect(slot.snapshot().stepRows).toEqual([]); // rows go out once
    slot.addTransitions(batchOf(30, 12), { ...SOURCE, run: 'starter7#2' });
    expect([slot.snapshot().transitions, slot.snapshot().heldOut]).toEqual([11, 1]);
    // A rebuilt slot keeps the transitions.
    const next = new WorldSlot(resolveWorldSlotSettings({ ...TINY, seed: 2 }), slot);
    slot.dispose();
    expect(next.snapshot().transitions).toBe(11);
    next.dispose();
  }, 30_000);

  it('dreams from a real stack, one prediction a step on its own context, and has priority while stepped', async () => {
    const slot = new WorldSlot(resolveWorldSlotSettings(TINY));
    await expect(slot.stepDream(0)).rejects.toThrow(/no dream is open/);
    expect(() => slot.startDream(new Uint8Array(5))).toThrow(/a dream starts from one stack of 28224 bytes/);
    const stack = batchOf(10, 1).stacks;
    let calls = 0;
    const predict = slot.model.predict.bind(slot.model);
    slot.model.predict = async (stacks, actions) => {
      calls++;
      expect(actions).toHaveLength(1);
      return predict(stacks, actions);
    };
    expect(slot.startDream(stack)).toEqual({ model: 'world-pixel', steps: 0 });
    expect(slot.dreamActive).toBe(true);
    const a = await slot.stepDream(3);
    const b = await slot.stepDream(3);
    expect(calls).toBe(2);
    expect([a.step, b.step]).toEqual([1, 2]);
    // Step 2's stack: [real frame 3, real frame 4 (newest), dream 1, dream 2]: older frames shift down.
    for (const p of [0, 999, FRAME_SIZE - 1]) {
      expect(b.stack.subarray(4 * p, 4 * p + 4)).toEqual(Uint8Array.from([stack[4 * p + 2], stack[4 * p + 3], a.frame[p], b.frame[p]]));
    }
    // The same start and actions give the same dream.
    slot.startDream(stack);
    expect(Buffer.from((await slot.stepDream(3)).frame).equals(Buffer.from(a.frame))).toBe(true);
    await new Promise((r) => setTimeout(r, DREAM_PRIORITY_MS + 50));
    expect(slot.dreamActive).toBe(false); // left open but idle: training may go on
    slot.stopDream();
    expect(slot.snapshot().dreaming).toBe(false);
    slot.dispose();
  }, 30_000);
});
