/**
 * Square grayscale images from bytes to the [0, 1] floats of an ImageBatch, resized by area
 * averaging: each output pixel is the mean of the source area it covers, with fractional
 * weights at the edges (84 -> 32 is 2.625 source pixels per output pixel).
 */

/** One axis of an area resize: for output index o, source indices and weights (summing to 1). */
interface AxisTaps {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  /** Offset of output o's first weight in `weights`. */
  offset: Int32Array;
}

const tapsCache = new Map<string, AxisTaps>();

function axisTaps(srcSize: number, dstSize: number): AxisTaps {
  const key = `${srcSize}>${dstSize}`;
  const cached = tapsCache.get(key);
  if (cached) return cached;
  const scale = srcSize / dstSize;
  const start = new Int32Array(dstSize);
  const count = new Int32Array(dstSize);
  const offset = new Int32Array(dstSize);
  const list: number[] = [];
  for (let o = 0; o < dstSize; o++) {
    const lo = o * scale;
    const hi = (o + 1) * scale;
    const first = Math.floor(lo);
    const last = Math.min(srcSize - 1, Math.ceil(hi) - 1);
    start[o] = first;
    count[o] = last - first + 1;
    offset[o] = list.length;
    for (let s = first; s <= last; s++) {
      const overlap = Math.min(hi, s + 1) - Math.max(lo, s);
      list.push(overlap / scale);
    }
  }
  const taps = { start, count, offset, weights: new Float32Array(list) };
  tapsCache.set(key, taps);
  return taps;
}

/**
 * Writes image `index` of `src` (uint8, `srcSize`^2 each, 0..255) into `out` at image `outIndex`
 * (`dstSize`^2 floats each, values / 255 in [0, 1]). `dstSize` must be <= `srcSize` (area
 * averaging only shrinks); equal sizes copy.
 */
export function areaResizeInto(
  src: Uint8Array, index: number, srcSize: number,
  out: Float32Array, outIndex: number, dstSize: number,
): void {
  if (dstSize > srcSize || dstSize < 1) throw new RangeError(`area resize needs 1 <= dstSize <= srcSize, got ${dstSize} from ${srcSize}`);
  const srcBase = index * srcSize * srcSize;
  const outBase = outIndex * dstSize * dstSize;
  if (dstSize === srcSize) {
    for (let i = 0; i < srcSize * srcSize; i++) out[outBase + i] = src[srcBase + i] / 255;
    return;
  }
  const t = axisTaps(srcSize, dstSize);
  for (let oy = 0; oy < dstSize; oy++) {
    for (let ox = 0; ox < dstSize; ox++) {
      let sum = 0;
      for (let j = 0; j < t.count[oy]; j++) {
        const wy = t.weights[t.offset[oy] + j];
        const row = srcBase + (t.start[oy] + j) * srcSize + t.start[ox];
        let rowSum = 0;
        for (let i = 0; i < t.count[ox]; i++) rowSum += t.weights[t.offset[ox] + i] * src[row + i];
        sum += wy * rowSum;
      }
      out[outBase + oy * dstSize + ox] = Math.min(1, sum / 255);
    }
  }
}

/** All `count` images of `src` resized: a fresh Float32Array of count * dstSize^2 in [0, 1]. */
export function areaResize(src: Uint8Array, count: number, srcSize: number, dstSize: number): Float32Array {
  if (src.length < count * srcSize * srcSize) {
    throw new RangeError(`area resize: ${src.length} bytes cannot hold ${count} images of ${srcSize}x${srcSize}`);
  }
  const out = new Float32Array(count * dstSize * dstSize);
  for (let n = 0; n < count; n++) areaResizeInto(src, n, srcSize, out, n, dstSize);
  return out;
}
