/** Loads a shipped judge in a browser or worker by same-origin fetch (Vite emits the files). */
import type { Judge } from './judge.js';
import { decodeJudge } from './judge-io.js';

/** Vite rewrites these `new URL(literal, import.meta.url)` forms at build time; keep them literal. */
export const JUDGE_URLS = {
  digits: {
    header: new URL('../../../assets/datasets/judge-digits.json', import.meta.url).href,
    blob: new URL('../../../assets/datasets/judge-digits.bin', import.meta.url).href,
  },
  sprites: {
    header: new URL('../../../assets/datasets/judge-sprites.json', import.meta.url).href,
    blob: new URL('../../../assets/datasets/judge-sprites.bin', import.meta.url).href,
  },
} as const;

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`judge: fetching ${url} gave HTTP ${response.status}`);
  return response;
}

export async function loadJudgeBrowser(dataset: keyof typeof JUDGE_URLS): Promise<Judge> {
  const urls = JUDGE_URLS[dataset];
  if (!urls) throw new RangeError(`judge: no shipped judge for dataset ${JSON.stringify(dataset)} (have: digits, sprites)`);
  const [header, blob] = await Promise.all([fetchOk(urls.header).then((r) => r.text()), fetchOk(urls.blob).then((r) => r.arrayBuffer())]);
  return decodeJudge(header, new Uint8Array(blob), urls.header);
}
