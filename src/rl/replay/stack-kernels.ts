/**
 * The hot loop of sampling: a 4-frame stack `[84, 84, 4]` (NHWC, byte 4p + k is frame k's pixel
 * p) built from 4 separate row-major frames. Each pixel's 4 bytes are one little-endian uint32,
 * so the kernel reads 4 pixels of each frame as one word and transposes the 4x4 bytes in two
 * stages (bytes, then 16-bit halves): about twice as fast as a byte-per-byte loop. What is left
 * is memory traffic (building a next state by shifting its state measured no faster).
 * Offsets are in 32-bit words: frames and stacks start at 4-byte aligned byte offsets.
 */
import { FRAME_SIZE } from '../../obs/raster.js';

/** The kernel assumes a little-endian platform (every browser and Node target is). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const WORDS = FRAME_SIZE / 4;

/** `out[o..o + FRAME_SIZE)` = the stack of frames starting at words a, b, c, d (d the newest). */
export function interleave4(src: Uint32Array, a0: number, b0: number, c0: number, d0: number, out: Uint32Array, o: number): void {
  for (let i = 0; i < WORDS; i++, o += 4) {
    const a = src[a0 + i];
    const b = src[b0 + i];
    const c = src[c0 + i];
    const d = src[d0 + i];
    const ab02 = (a & 0x00ff00ff) | ((b & 0x00ff00ff) << 8); // a0 b0 a2 b2
    const ab13 = ((a >>> 8) & 0x00ff00ff) | (b & 0xff00ff00); // a1 b1 a3 b3
    const cd02 = (c & 0x00ff00ff) | ((d & 0x00ff00ff) << 8);
    const cd13 = ((c >>> 8) & 0x00ff00ff) | (d & 0xff00ff00);
    out[o] = (ab02 & 0xffff) | (cd02 << 16);
    out[o + 1] = (ab13 & 0xffff) | (cd13 << 16);
    out[o + 2] = (ab02 >>> 16) | (cd02 & 0xffff0000);
    out[o + 3] = (ab13 >>> 16) | (cd13 & 0xffff0000);
  }
}
