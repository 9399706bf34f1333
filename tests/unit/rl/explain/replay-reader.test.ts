/**
 * The replay viewer's reads: the stored frames, action, reward and done flags, in getTransition's
 * order, with their slots; bad ranges refused with the value named. Frames encode their step in
 * every byte, so a test reads which frame a stack holds.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random.js';
import { FRAME_SIZE } from '../../../../src/obs/raster.js';
import { batchOfLeaves, readWindow, replayTransitions } from '../../../../src/rl/explain/replay-reader.js';
import { ReplayMemory, resolveReplayConfig } from '../../../../src/rl/replay/replay-memory.js';

const frame = (step: number): Uint8Array => new Uint8Array(FRAME_SIZE).fill(step);
/** The step each of the 4 frames of `frames` (4 whole frames) shows. */
const steps = (frames: Uint8Array): number[] => [0, 1, 2, 3].map((k) => frames[k * FRAME_SIZE + 123]);

/** One stream: steps 0..5 (reward = 10 * step, action = step % 5), the last terminating. */
function memory(): ReplayMemory {
  const m = new ReplayMemory(resolveReplayConfig({ capacity: 64 }), new RandomStreams(1).get('replay'));
  m.startEpisode(0, frame(0));
  for (let s = 0; s < 6; s++) m.add(0, s % 5, 10 * s, frame(s + 1), s === 5, false);
  return m;
}

describe('replayTransitions', () => {
  it('returns the stored frames, action, reward and done flags', () => {
    const m = memory();
    const views = replayTransitions(m, 2, 3);
    expect(views.map((v) => v.index)).toEqual([2, 3, 4]);
    expect(steps(views[0].frames)).toEqual([0, 0, 1, 2]); // the episode's first frame repeats
    expect(steps(views[2].frames)).toEqual([1, 2, 3, 4]);
    expect(views.map((v) => v.nextFrame[0])).toEqual([3, 4, 5]);
    expect(views.map((v) => v.nextFrame.length)).toEqual([FRAME_SIZE, FRAME_SIZE, FRAME_SIZE]);
    expect(views.map((v) => v.action)).toEqual([2, 3, 4]);
    expect(views.map((v) => v.reward)).toEqual([20, 30, 40]);
    expect(views.map((v) => v.slot)).toEqual([2, 3, 4]);
    const last = replayTransitions(m, 4, 64);
    expect(last.map((v) => [v.index, v.terminated, v.truncated])).toEqual([[4, false, false], [5, true, false]]);
  });

  it('refuses bad ranges with a message naming the value', () => {
    const m = memory();
    expect(() => replayTransitions(m, 6, 1)).toThrow(/from must be an integer in \[0, 5\] \(the replay holds 6 transitions\), got 6/);
    expect(() => replayTransitions(m, -1, 1)).toThrow(/from must be an integer in \[0, 5\].*got -1/);
    expect(() => replayTransitions(m, 1.5, 1)).toThrow(/got 1\.5/);
    expect(() => replayTransitions(m, 0, 0)).toThrow(/count must be an integer in \[1, 64\], got 0/);
    expect(() => replayTransitions(m, 0, 65)).toThrow(/count must be an integer in \[1, 64\], got 65/);
    const empty = new ReplayMemory(resolveReplayConfig({ capacity: 8 }), new RandomStreams(1).get('replay'));
    expect(() => replayTransitions(empty, 0, 1)).toThrow(/the replay memory holds no transitions yet, so from 0 is out of range/);
  });
});

describe('single-transition reads', () => {
  it('reads an n-step window and a batch row as sample() fills them', () => {
    const m = memory();
    const window = readWindow(m, 4, 3);
    expect(window).toEqual({ rewards: [40, 50], terminated: true, truncated: false });
    const batch = batchOfLeaves(m, [1, 4], 3, 0.5);
    expect(Array.from(batch.returns)).toEqual([10 + 0.5 * 20 + 0.25 * 30, 40 + 0.5 * 50]);
    expect(Array.from(batch.discounts)).toEqual([0.125, 0]);
    expect(Array.from(batch.indices)).toEqual([1, 4]);
    expect(() => readWindow(m, 6, 1)).toThrow(/replay slot 6 holds no transition/);
  });

  it('finds the newest transition an n-step batch could draw', () => {
    const m = new ReplayMemory(resolveReplayConfig({ capacity: 64 }), new RandomStreams(1).get('replay'));
    expect(m.newestSampleable(0, 1)).toBe(-1);
    m.startEpisode(0, frame(0));
    expect(m.newestSampleable(0, 1)).toBe(-1);
    for (let s = 0; s < 4; s++) m.add(0, 0, s, frame(s + 1), false, false);
    expect(m.newestSampleable(0, 1)).toBe(3);
    expect(m.newestSampleable(0, 3)).toBe(1);
    m.add(0, 0, 4, frame(5), true, false); // the episode ends: its last step is complete
    expect(m.newestSampleable(0, 3)).toBe(4);
    m.startEpisode(0, frame(9));
    expect(m.newestSampleable(0, 1)).toBe(4); // a new episode without steps: the previous one's last
    m.add(0, 0, 0, frame(10), false, false);
    expect(m.newestSampleable(0, 1)).toBe(6);
    expect(m.newestSampleable(0, 2)).toBe(4);
  });
});
