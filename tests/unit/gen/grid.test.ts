import { describe, expect, it } from 'vitest';
import { tileBatch } from '../../../src/gen/grid.js';

describe('tileBatch', () => {
  it('places images row by row with padding, clamping values to bytes', () => {
    const batch = { count: 3, size: 2, pixels: Float32Array.from([0, 1, 0.5, 2, /**/ 1, 1, 1, 1, /**/ -1, 0, 0, 0]) };
    const g = tileBatch(batch, 2, 1, 9);
    expect([g.width, g.height]).toEqual([7, 7]);
    const at = (x: number, y: number) => g.pixels[y * g.width + x];
    expect([at(1, 1), at(2, 1), at(1, 2), at(2, 2)]).toEqual([0, 255, 128, 255]);
    expect(at(4, 1)).toBe(255); // second image, same row
    expect(at(1, 4)).toBe(0); // third image, next row
    expect(at(0, 0)).toBe(9);
    expect(at(4, 4)).toBe(9); // the empty cell stays padding
  });

  it('refuses a batch whose pixel count does not match', () => {
    expect(() => tileBatch({ count: 2, size: 2, pixels: new Float32Array(7) }, 2)).toThrow(/holds 7 values, expected 2 x 2 x 2 = 8/);
  });
});
