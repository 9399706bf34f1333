/**
 * Tiles an ImageBatch into one grayscale image: `columns` images a row, `pad` pixels of `padValue`
 * between and around them. Pure (no tfjs): the CLI writes it as PNG, the page draws it on a canvas.
 */
import type { ImageBatch } from './types.js';

export interface GrayImage {
  width: number;
  height: number;
  /** Row-major bytes, 0 = black. */
  pixels: Uint8Array;
}

export function tileBatch(batch: ImageBatch, columns: number, pad = 1, padValue = 40): GrayImage {
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`grid columns must be an integer >= 1, got ${columns}`);
  const { count, size } = batch;
  if (batch.pixels.length !== count * size * size) {
    throw new RangeError(`image batch holds ${batch.pixels.length} values, expected ${count} x ${size} x ${size} = ${count * size * size}`);
  }
  const cols = Math.max(1, Math.min(columns, count));
  const rows = Math.max(1, Math.ceil(count / cols));
  const width = cols * (size + pad) + pad;
  const height = rows * (size + pad) + pad;
  const pixels = new Uint8Array(width * height).fill(padValue);
  for (let i = 0; i < count; i++) {
    const ox = pad + (i % cols) * (size + pad);
    const oy = pad + Math.floor(i / cols) * (size + pad);
    const base = i * size * size;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const v = batch.pixels[base + y * size + x];
        pixels[(oy + y) * width + ox + x] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
      }
    }
  }
  return { width, height, pixels };
}
