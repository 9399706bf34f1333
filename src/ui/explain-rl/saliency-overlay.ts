/** Saliency drawn over a gray frame. Pure: testable in Node. */

/**
 * Writes `size` pixels of gray frame `gray` (from `offset`) into RGBA `out`, tinted red where
 * `saliency` (same offset, values in [0, 1]) is high: the pixel moves from its gray toward pure
 * red by alpha = saliency (linear: an untrained net's gradient is spread thin over the whole
 * maze, and only the pixels that matter most should stand out). 0 leaves the gray.
 */
export function saliencyToRgba(gray: Uint8Array, saliency: Float32Array, offset: number, size: number, out: Uint8ClampedArray): void {
  if (out.length !== 4 * size) throw new Error(`out has ${out.length} bytes, expected ${4 * size}`);
  if (offset + size > gray.length || offset + size > saliency.length) {
    throw new Error(`a frame needs ${offset + size} values; gray has ${gray.length}, saliency ${saliency.length}`);
  }
  for (let p = 0, o = 0; p < size; p++, o += 4) {
    const v = gray[offset + p];
    const a = Math.min(1, Math.max(0, saliency[offset + p]));
    out[o] = v + (255 - v) * a;
    out[o + 1] = v * (1 - a);
    out[o + 2] = v * (1 - a);
    out[o + 3] = 255;
  }
}
