import { describe, expect, it } from 'vitest';
import { ByteImageSource } from '../../../../src/gen/datasets/byte-images.js';
import { createImageSource } from '../../../../src/gen/datasets/create.js';
import { ArrayFrameProvider } from '../../../../src/gen/datasets/frames.js';
import { areaResize } from '../../../../src/gen/datasets/resample.js';

function tinySet(count: number): ByteImageSource {
  const pixels = new Uint8Array(count * 64).map((_, i) => Math.floor(i / 64));
  const labels = new Uint8Array(count).map((_, i) => i % 2);
  return new ByteImageSource('digits', { classNames: ['a', 'b'], train: { count, size: 8, pixels, labels }, test: { count: 0, size: 8, pixels: new Uint8Array(0), labels: new Uint8Array(0) } }, 8, 1);
}

describe('ByteImageSource', () => {
  it('draws every image once per epoch, across batch boundaries', () => {
    const source = tinySet(10);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const b = source.next(4);
      for (let n = 0; n < b.count; n++) seen.push(Math.round(b.pixels[n * 64] * 255));
    }
    expect([...seen.slice(0, 10)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...seen.slice(10, 20)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen.slice(0, 10)).not.toEqual(seen.slice(10, 20));
  });

  it('checks sizes and batch sizes with messages naming the value', () => {
    expect(() => tinySet(3).next(0)).toThrow(/digits batch size must be an integer >= 1, got 0/);
    expect(() => new ByteImageSource('sprites', { classNames: ['a'], train: { count: 2, size: 8, pixels: new Uint8Array(10), labels: new Uint8Array(2) }, test: { count: 0, size: 8, pixels: new Uint8Array(0), labels: new Uint8Array(0) } }, 8, 1))
      .toThrow(/sprites train split: 10 pixel bytes for 2 images of 8x8/);
  });
});

describe('createImageSource', () => {
  it('refuses bad names, sizes and settings, naming the value', () => {
    expect(() => createImageSource('mnist')).toThrow(/dataset must be one of "digits", "sprites", "frames", got "mnist"/);
    expect(() => createImageSource('sprites', { size: 64 })).toThrow(/dataset.size \(sprites\) must be an integer in \[8, 32\], got 64/);
    expect(() => createImageSource('frames', { size: 16 }, { frames: new ArrayFrameProvider(new Uint8Array(84 * 84)) })).toThrow(/in \[32, 84\], got 16/);
    expect(() => createImageSource('sprites', { sise: 32 })).toThrow(/unknown dataset setting "sise"/);
    expect(() => createImageSource('digits')).toThrow(/needs its data/);
    expect(() => createImageSource('frames')).toThrow(/needs a frame provider/);
  });
});

describe('areaResize', () => {
  it('averages whole blocks when the ratio is an integer', () => {
    const src = new Uint8Array([0, 255, 0, 0, 255, 255, 0, 0, 51, 51, 102, 102, 51, 51, 102, 102]);
    expect(Array.from(areaResize(src, 1, 4, 2), (v) => Math.round(v * 255))).toEqual([191, 0, 51, 102]);
  });

  it('weights partly covered pixels by their overlap (3 -> 2)', () => {
    // Output (0,0) covers source [0, 1.5)^2: weights 1, .5 per axis, normalised by 2.25.
    const src = new Uint8Array([90, 180, 0, 0, 0, 0, 0, 0, 0]);
    const out = areaResize(src, 1, 3, 2);
    expect(out[0] * 255).toBeCloseTo((90 * 1 + 180 * 0.5) / 2.25, 3);
    expect(out[1] * 255).toBeCloseTo((180 * 0.5) / 2.25, 3);
    expect(out[2]).toBe(0);
    const flat = areaResize(new Uint8Array(84 * 84).fill(200), 1, 84, 32);
    for (const v of flat) expect(v * 255).toBeCloseTo(200, 3);
  });
});
