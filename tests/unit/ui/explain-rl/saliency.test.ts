/** Saliency on the page: the stack layout sent to the worker, the red overlay, the low-rate poller. */
import { describe, expect, it } from 'vitest';
import type { SaliencyMap } from '../../../../src/rl/explain/types.js';
import { saliencyToRgba } from '../../../../src/ui/explain-rl/saliency-overlay.js';
import { SaliencyPoller } from '../../../../src/ui/explain-rl/saliency-poller.js';
import { stackFrames } from '../../../../src/ui/explain-rl/stack.js';

const FRAME = 84 * 84;
const MAP: SaliencyMap = { action: 0, values: new Float32Array(4 * FRAME), scale: 1, area: { x: 0, y: 0, width: 84, height: 84 } };

describe('stackFrames', () => {
  it('interleaves 4 whole frames into [84, 84, 4], newest last', () => {
    const frames = new Uint8Array(4 * FRAME).map((_, i) => Math.floor(i / FRAME) * 10 + (i % 7));
    const stack = stackFrames(frames);
    for (const p of [0, 5, FRAME - 1]) for (let k = 0; k < 4; k++) expect(stack[4 * p + k]).toBe(frames[k * FRAME + p]);
    expect(() => stackFrames(new Uint8Array(10))).toThrow(/frames must be 28224 bytes \(4 frames of 84x84\), got 10/);
  });
});

describe('saliency overlay', () => {
  it('leaves gray where saliency is 0 and turns red where it is 1', () => {
    const out = new Uint8ClampedArray(12);
    // 50 at saliency 0.25: red 50 + 205 / 4 = 101.25, green and blue 37.5 (stored rounded half to even: 38).
    saliencyToRgba(Uint8Array.of(9, 100, 200, 50), Float32Array.of(0, 0, 1, 0.25), 1, 3, out);
    expect(Array.from(out)).toEqual([100, 100, 100, 255, 255, 0, 0, 255, 101, 38, 38, 255]);
    expect(() => saliencyToRgba(new Uint8Array(4), new Float32Array(2), 0, 3, out)).toThrow(/saliency 2/);
  });
});

/** A clock the test moves by hand, and a fetch whose answers the test releases. */
function harness(minIntervalMs = 400) {
  let now = 0;
  const timers: { at: number; run: () => void }[] = [];
  const calls: { action: number | undefined; resolve: (m: SaliencyMap) => void }[] = [];
  const results: number[] = [];
  const poller = new SaliencyPoller(
    (obs, action) => new Promise<SaliencyMap>((resolve) => calls.push({ action, resolve })),
    (r) => results.push(r.frames[0]),
    (err) => { throw err; },
    minIntervalMs,
    { now: () => now, schedule: (run, ms) => void timers.push({ at: now + ms, run }) },
  );
  const advance = async (ms: number): Promise<void> => {
    now += ms;
    for (const t of timers.splice(0).filter((x) => x.at <= now)) t.run();
    await new Promise((r) => setTimeout(r, 0));
  };
  const frames = (id: number) => new Uint8Array(4 * FRAME).fill(id);
  return { poller, calls, results, timers, advance, frames };
}

describe('SaliencyPoller', () => {
  it('asks nothing while off; then at most one request in flight and one per interval, the newest frames next', async () => {
    const h = harness();
    h.poller.offer(h.frames(1), 2);
    expect(h.calls).toHaveLength(0);
    h.poller.enabled = true;
    h.poller.offer(h.frames(1), 2);
    expect(h.calls.map((c) => c.action)).toEqual([2]);
    h.poller.offer(h.frames(2), -1); // in flight: waits
    h.poller.offer(h.frames(3), -1); // replaces frames 2
    expect(h.calls).toHaveLength(1);
    h.calls[0].resolve(MAP);
    await h.advance(0);
    expect(h.results).toEqual([1]);
    expect(h.calls).toHaveLength(1); // the interval has not passed
    await h.advance(400);
    expect(h.calls.map((c) => c.action)).toEqual([2, undefined]); // -1 (no action yet): the greedy one
    h.calls[1].resolve(MAP);
    await h.advance(0);
    expect(h.results).toEqual([1, 3]);
  });

  it('drops an answer that arrives after it was switched off', async () => {
    const h = harness();
    h.poller.enabled = true;
    h.poller.offer(h.frames(5), 0);
    h.poller.enabled = false;
    h.calls[0].resolve(MAP);
    await h.advance(1000);
    expect(h.results).toEqual([]);
  });
});
