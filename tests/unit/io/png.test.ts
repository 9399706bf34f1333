import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../src/io/png.js';

describe('encodePng', () => {
  it('writes a signature, IHDR with the size and colour type, and pixel rows that inflate back', () => {
    const data = Uint8Array.from([0, 64, 128, 255, 1, 2]);
    const png = encodePng({ width: 3, height: 2, channels: 1, data });
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer);
    expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
    expect(view.getUint32(16)).toBe(3);
    expect(view.getUint32(20)).toBe(2);
    expect(png[25]).toBe(0);
    const idatLength = view.getUint32(33);
    expect(String.fromCharCode(...png.subarray(37, 41))).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect(Array.from(raw)).toEqual([0, 0, 64, 128, 0, 255, 1, 2]);
  });

  it('refuses data of the wrong length, naming both sizes', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 4, data: new Uint8Array(15) })).toThrow(/15 bytes, expected 2x2x4 = 16/);
  });
});
