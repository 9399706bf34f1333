import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../../src/core/random.js';
import { createImageSource } from '../../../../src/gen/datasets/create.js';
import { drawSprite, generateSprites, SPRITE_CLASS_NAMES } from '../../../../src/gen/datasets/sprites.js';

describe('sprites', () => {
  const set = generateSprites(1, 40, 'train');

  it('is deterministic from its seed, and another seed draws other images', () => {
    expect(Buffer.compare(generateSprites(1, 40, 'train').pixels, set.pixels)).toBe(0);
    expect(Buffer.compare(generateSprites(2, 40, 'train').pixels, set.pixels)).not.toBe(0);
    expect(Buffer.compare(generateSprites(1, 40, 'test').pixels, set.pixels)).not.toBe(0);
  });

  it('labels every image with its class and attributes', () => {
    expect(SPRITE_CLASS_NAMES).toHaveLength(9);
    expect(set.count).toBe(9 * 40);
    for (let i = 0; i < set.count; i++) {
      const name = SPRITE_CLASS_NAMES[set.labels[i]];
      const a = set.attributes[i];
      if (a.kind === 'pacman') expect(name).toBe(`pacman-${a.direction}`);
      else expect(name).toBe(a.scared ? 'ghost-scared' : `ghost-${a.colour}`);
    }
  });

  it('varies within a class and differs between classes (class means are apart)', () => {
    const area = 32 * 32;
    const means = SPRITE_CLASS_NAMES.map((_, c) => {
      const m = new Float64Array(area);
      for (let k = 0; k < 40; k++) for (let j = 0; j < area; j++) m[j] += set.pixels[(c * 40 + k) * area + j] / 255 / 40;
      return m;
    });
    for (let a = 0; a < means.length; a++) {
      for (let b = a + 1; b < means.length; b++) {
        const dist = Math.sqrt(means[a].reduce((s, v, j) => s + (v - means[b][j]) ** 2, 0));
        expect(dist, `${SPRITE_CLASS_NAMES[a]} vs ${SPRITE_CLASS_NAMES[b]}`).toBeGreaterThan(1);
      }
      const first = set.pixels.subarray(a * 40 * area, (a * 40 + 1) * area);
      const second = set.pixels.subarray((a * 40 + 1) * area, (a * 40 + 2) * area);
      expect(Buffer.compare(first, second)).not.toBe(0);
    }
  });

  it('draws Pac-Man bright with the mouth on the labelled side', () => {
    const rng = new RandomStream('t');
    const east = drawSprite(1, rng).pixels;
    const west = drawSprite(3, rng).pixels;
    const side = (p: Float32Array, x0: number): number => { let s = 0; for (let y = 12; y < 20; y++) for (let x = x0; x < x0 + 6; x++) s += p[y * 32 + x]; return s; };
    expect(side(east, 22)).toBeLessThan(side(east, 4));
    expect(side(west, 4)).toBeLessThan(side(west, 22));
    expect(() => drawSprite(9, rng)).toThrow(/sprite class must be an integer in \[0, 8\], got 9/);
  });

  it('serves labelled batches through createImageSource', () => {
    const source = createImageSource('sprites', { seed: 1, spritesPerClass: 10 });
    expect(source.info).toMatchObject({ name: 'sprites', size: 32, trainCount: 90, testCount: 18 });
    const batch = source.next(8);
    expect(batch.labels).toHaveLength(8);
    expect(source.testSet(100).count).toBe(18);
  });
});
