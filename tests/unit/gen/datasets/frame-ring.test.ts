import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../../src/core/random.js';
import { FrameRing } from '../../../../src/gen/datasets/frame-ring.js';

const FRAME = 84 * 84;
const frames = (...values: number[]) => Uint8Array.from(values.flatMap((v) => new Array<number>(FRAME).fill(v)));

describe('FrameRing', () => {
  it('keeps the newest `capacity` frames and samples only those', () => {
    const ring = new FrameRing(2);
    expect(() => ring.sampleFrames(1, new RandomStream('x'))).toThrow(/no frames yet/);
    ring.add(frames(1, 2, 3));
    expect([ring.count, ring.received]).toEqual([2, 3]);
    const drawn = ring.sampleFrames(20, new RandomStream('x'));
    const firsts = new Set(Array.from({ length: 20 }, (_, i) => drawn[i * FRAME]));
    expect([...firsts].sort()).toEqual([2, 3]);
  });

  it('refuses bytes that are not whole frames', () => {
    expect(() => new FrameRing(2).add(new Uint8Array(100))).toThrow(/100 bytes is not a whole number of 84x84 frames/);
  });
});
