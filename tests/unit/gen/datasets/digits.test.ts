import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildDigitsAsset } from '../../../../src/gen/datasets/digits-build-node.js';
import { buildDigitsBytes, DatasetFormatError, decodeDigitsBytes, unitToBytes } from '../../../../src/gen/datasets/digits-format.js';
import { DIGITS_ASSET_PATH, loadDigitsNode } from '../../../../src/gen/datasets/digits-node.js';
import { createImageSource } from '../../../../src/gen/datasets/create.js';

/** Class c's n images of 28x28, every pixel of image k = c * 20 + k (recognisable after decoding). */
function fakeClasses(counts: number[]): Uint8Array[] {
  return counts.map((n, c) => {
    const bytes = new Uint8Array(n * 784);
    for (let k = 0; k < n; k++) bytes.fill(c * 20 + k, k * 784, (k + 1) * 784);
    return bytes;
  });
}

describe('digits format', () => {
  it('round-trips: labels, 2-pixel black border, last sixth of each class held out', () => {
    const counts = [12, 6, 7, 6, 6, 6, 6, 6, 6, 13];
    const data = decodeDigitsBytes(buildDigitsBytes(fakeClasses(counts)));
    const testPer = counts.map((n) => Math.floor(n / 6));
    expect(data.test.count).toBe(testPer.reduce((a, b) => a + b));
    expect(data.train.count + data.test.count).toBe(counts.reduce((a, b) => a + b));
    expect(data.train.size).toBe(32);
    // First training image of class 0 is source image 0 of class 0: value 0 inside, border 0.
    const img = (set: typeof data.train, i: number): Uint8Array => set.pixels.subarray(i * 1024, (i + 1) * 1024);
    expect(data.train.labels[0]).toBe(0);
    const firstOfNine = data.train.labels.indexOf(9);
    expect(img(data.train, firstOfNine)[16 * 32 + 16]).toBe(180);
    expect(img(data.train, firstOfNine)[0]).toBe(0);
    expect(img(data.train, firstOfNine)[2 * 32 + 1]).toBe(0);
    expect(img(data.train, firstOfNine)[2 * 32 + 2]).toBe(180);
    // Class 9's test images are its last two source images (k = 11, 12).
    const test9 = [...data.test.labels.keys()].filter((i) => data.test.labels[i] === 9);
    expect(test9.map((i) => img(data.test, i)[500])).toEqual([180 + 11, 180 + 12]);
  });

  it('is deterministic and refuses bad input with a message naming it', () => {
    const a = buildDigitsBytes(fakeClasses([6, 6, 6, 6, 6, 6, 6, 6, 6, 6]));
    const b = buildDigitsBytes(fakeClasses([6, 6, 6, 6, 6, 6, 6, 6, 6, 6]));
    expect(Buffer.compare(a, b)).toBe(0);
    expect(() => buildDigitsBytes([new Uint8Array(100)])).toThrow(/class 0 has 100 bytes/);
    expect(() => decodeDigitsBytes(a.subarray(0, a.length - 1), 'x.bin')).toThrow(/x\.bin: .*truncated/);
    expect(() => decodeDigitsBytes(new Uint8Array(32))).toThrow(DatasetFormatError);
    expect(unitToBytes([0, 0.502, 1])).toEqual(new Uint8Array([0, 128, 255]));
  });
});

describe('shipped digits asset', () => {
  it('is exactly what the builder makes from the mnist package (deterministic build)', () => {
    expect(Buffer.compare(buildDigitsAsset(), readFileSync(DIGITS_ASSET_PATH))).toBe(0);
  });

  it('holds 10,000 MNIST digits, every class in both splits', () => {
    const data = loadDigitsNode();
    expect(data.train.count + data.test.count).toBe(10_000);
    expect(decodeDigitsBytes(gunzipSync(readFileSync(DIGITS_ASSET_PATH))).test.count).toBe(data.test.count);
    const perClass = (labels: Uint8Array): number[] => labels.reduce((acc, l) => (acc[l]++, acc), new Array<number>(10).fill(0));
    const train = perClass(data.train.labels);
    const test = perClass(data.test.labels);
    expect(train.map((n, c) => n + test[c])).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    test.forEach((n, c) => expect(n).toBe(Math.floor((n + train[c]) / 6)));
  });

  it('serves seeded epochs and a fixed test set through createImageSource', () => {
    const digits = loadDigitsNode();
    const a = createImageSource('digits', { seed: 3 }, { digits });
    const b = createImageSource('digits', { seed: 3 }, { digits });
    const batch = a.next(16);
    expect(batch.pixels).toEqual(b.next(16).pixels);
    expect(batch.pixels.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(createImageSource('digits', { seed: 4 }, { digits }).next(16).labels).not.toEqual(batch.labels);
    expect(a.testSet(50).labels).toEqual(createImageSource('digits', { seed: 9 }, { digits }).testSet(50).labels);
    expect(new Set(a.testSet(50).labels).size).toBeGreaterThan(5);
    const small = createImageSource('digits', { seed: 3, size: 16 }, { digits }).next(2);
    expect(small.pixels.length).toBe(2 * 256);
  });
});
