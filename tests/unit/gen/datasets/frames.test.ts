import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../../src/core/random.js';
import { createImageSource } from '../../../../src/gen/datasets/create.js';
import { ArrayFrameProvider, downscaleFrames, splitFrames } from '../../../../src/gen/datasets/frames.js';
import { framesFromRandomPlay } from '../../../../src/gen/datasets/frames-play.js';

const F = 84 * 84;
const layout = readFileSync(new URL('../../../../assets/layouts/tiny7.lay', import.meta.url), 'utf8');

describe('frames', () => {
  it('downscales a hand-made frame by area averaging (84 -> 42 and 84 -> 84)', () => {
    const frame = new Uint8Array(F);
    // A 2x2 white block at (0,0) and one white pixel at (3,0): 42 output pixel (0,0) = 1, (1,0) = 1/4.
    frame[0] = frame[1] = frame[84] = frame[85] = 255;
    frame[3] = 255;
    const half = downscaleFrames(frame, 42);
    expect(half.count).toBe(1);
    expect(half.pixels[0]).toBeCloseTo(1, 6);
    expect(half.pixels[1]).toBeCloseTo(0.25, 6);
    expect(half.pixels[2]).toBe(0);
    const same = downscaleFrames(frame, 84);
    expect(same.pixels[3]).toBe(1);
    expect(same.pixels[4]).toBe(0);
  });

  it('random play is deterministic and frames change as it plays', () => {
    const a = framesFromRandomPlay(layout, 30, 5);
    expect(Buffer.compare(a, framesFromRandomPlay(layout, 30, 5))).toBe(0);
    expect(a.length).toBe(30 * F);
    expect(Buffer.compare(a.subarray(0, F), a.subarray(29 * F))).not.toBe(0);
    expect(() => framesFromRandomPlay(layout, 0, 5)).toThrow(/frame count must be an integer >= 1, got 0/);
  });

  it('serves seeded batches at the configured size, and a held-out set from the split', () => {
    const { train, test } = splitFrames(framesFromRandomPlay(layout, 60, 1));
    expect([train.count, test.count]).toEqual([50, 10]);
    const source = createImageSource('frames', { seed: 2, size: 32 }, { frames: train, framesTest: test });
    expect(source.info).toMatchObject({ name: 'frames', size: 32, classNames: [], trainCount: 50, testCount: 10 });
    const batch = source.next(5);
    expect(batch.pixels.length).toBe(5 * 32 * 32);
    expect(batch.labels).toBeUndefined();
    expect(batch.pixels).toEqual(createImageSource('frames', { seed: 2, size: 32 }, { frames: train }).next(5).pixels);
    expect(source.testSet(4).pixels).toEqual(source.testSet(4).pixels);
    expect(() => new ArrayFrameProvider(new Uint8Array(100))).toThrow(/100 bytes is not a whole number of 84x84 frames/);
    expect(() => new ArrayFrameProvider(new Uint8Array(0)).sampleFrames(1, new RandomStream('x'))).toThrow(/no frames/);
  });
});
