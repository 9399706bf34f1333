/**
 * Loads the `digits` asset in Node (CLI, tests, build scripts). Kept apart from
 * digits-browser.ts so that no browser bundle imports node:fs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { ByteDataset } from './byte-images.js';
import { decodeDigitsBytes, isGzip } from './digits-format.js';

/** Path of the shipped asset (assets/datasets/digits.bin.gz). */
export const DIGITS_ASSET_PATH = fileURLToPath(new URL('../../../assets/datasets/digits.bin.gz', import.meta.url));

/** Reads and decodes the asset at `path` (gzip'd or not). */
export function loadDigitsNode(path = DIGITS_ASSET_PATH): ByteDataset {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`digits: cannot read ${path} (${(err as Error).message}); build it with \`npm run build:datasets\``);
  }
  return decodeDigitsBytes(isGzip(bytes) ? gunzipSync(bytes) : bytes, path);
}
