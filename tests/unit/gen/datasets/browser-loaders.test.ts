/**
 * The browser loaders, run in Node with a stubbed same-origin fetch: DecompressionStream is a
 * Node global too, so the gzip path is the real one.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DIGITS_ASSET_URL, loadDigitsBrowser } from '../../../../src/gen/datasets/digits-browser.js';
import { DIGITS_ASSET_PATH, loadDigitsNode } from '../../../../src/gen/datasets/digits-node.js';
import { JUDGE_URLS, loadJudgeBrowser } from '../../../../src/gen/metrics/judge-browser.js';

function serve(files: Record<string, Uint8Array>): void {
  vi.stubGlobal('fetch', async (url: string) => {
    const body = files[url];
    return body ? new Response(body as Uint8Array<ArrayBuffer>) : new Response('missing', { status: 404 });
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('browser loaders', () => {
  it('loads the digits asset gzip\'d, or already inflated by Content-Encoding', async () => {
    const gz = new Uint8Array(readFileSync(DIGITS_ASSET_PATH));
    const expected = loadDigitsNode();
    serve({ [DIGITS_ASSET_URL]: gz, inflated: new Uint8Array(gunzipSync(gz)) });
    const a = await loadDigitsBrowser();
    expect(a.train.count).toBe(expected.train.count);
    expect(Buffer.compare(a.test.pixels, expected.test.pixels)).toBe(0);
    expect(Buffer.compare((await loadDigitsBrowser('inflated')).test.labels, expected.test.labels)).toBe(0);
    await expect(loadDigitsBrowser('nowhere')).rejects.toThrow(/fetching nowhere gave HTTP 404/);
  });

  it('loads a shipped judge from its two files', async () => {
    const read = (url: string): Uint8Array => new Uint8Array(readFileSync(new URL(url)));
    const { header, blob } = JUDGE_URLS.sprites;
    serve({ [header]: read(header), [blob]: read(blob) });
    const judge = await loadJudgeBrowser('sprites');
    expect(judge.meta.classNames).toContain('ghost-scared');
    judge.dispose();
  });
});
