/**
 * Loads the `digits` asset in a browser or worker: a same-origin fetch (Vite emits the file
 * and rewrites the URL) and DecompressionStream. No network beyond the page's own origin.
 */
import type { ByteDataset } from './byte-images.js';
import { decodeDigitsBytes, isGzip } from './digits-format.js';

/** URL of the shipped asset, resolved by Vite at build time. */
export const DIGITS_ASSET_URL = new URL('../../../assets/datasets/digits.bin.gz', import.meta.url).href;

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Fetches and decodes the asset. Trap: a server may send `.gz` files with
 * `Content-Encoding: gzip`, and then fetch has already inflated the body; the gzip magic
 * decides whether to inflate here.
 */
export async function loadDigitsBrowser(url = DIGITS_ASSET_URL): Promise<ByteDataset> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`digits: fetching ${url} gave HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return decodeDigitsBytes(isGzip(bytes) ? await gunzip(bytes) : bytes, url);
}
