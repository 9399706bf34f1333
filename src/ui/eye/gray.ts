/** Grayscale frames to canvas pixels. Pure: testable in Node. */

/**
 * Expands `size` gray bytes from `gray` (starting at `offset`) into RGBA `out` (4 * size bytes,
 * opaque). `gray`: row-major, 0 = black.
 */
export function grayToRgba(gray: Uint8Array, offset: number, size: number, out: Uint8ClampedArray): void {
  if (out.length !== 4 * size) throw new Error(`out has ${out.length} bytes, expected ${4 * size}`);
  if (offset + size > gray.length) throw new Error(`gray has ${gray.length} bytes, frame needs ${offset + size}`);
  for (let p = 0, o = 0; p < size; p++, o += 4) {
    const v = gray[offset + p];
    out[o] = v;
    out[o + 1] = v;
    out[o + 2] = v;
    out[o + 3] = 255;
  }
}
