/** Saving and loading judges as files in Node (scripts, CLI, tests). */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DatasetName } from '../types.js';
import type { Judge } from './judge.js';
import { decodeJudge, encodeJudge } from './judge-io.js';

/** `assets/datasets/judge-<dataset>` (add `.json` / `.bin`). */
export function shippedJudgeBase(dataset: DatasetName): string {
  return fileURLToPath(new URL(`../../../assets/datasets/judge-${dataset}`, import.meta.url));
}

/** Writes `${base}.json` (header) and `${base}.bin` (weights). */
export async function saveJudgeNode(judge: Judge, base: string): Promise<void> {
  const { header, blob } = await encodeJudge(judge);
  writeFileSync(`${base}.json`, `${header}\n`);
  writeFileSync(`${base}.bin`, blob);
}

/** Reads `${base}.json` + `${base}.bin`; the shipped judge of `dataset` when given a dataset name. */
export function loadJudgeNode(baseOrDataset: string): Judge {
  const base = baseOrDataset === 'digits' || baseOrDataset === 'sprites' ? shippedJudgeBase(baseOrDataset) : baseOrDataset;
  const header = readFileSync(`${base}.json`, 'utf8');
  const blob = readFileSync(`${base}.bin`);
  return decodeJudge(header, new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength), `${base}.json`);
}
