/**
 * A judge's weights in the checkpoint bundle format (src/tf/tensor-bundle.ts): a JSON header
 * with JudgeMeta and a float32 blob. Pure; the Node and browser loaders read the two files.
 * Shipped judges: assets/datasets/judge-<dataset>.json + judge-<dataset>.bin.
 */
import { decodeBundle, encodeBundle } from '../../tf/tensor-bundle.js';
import { DATASET_NAMES } from '../types.js';
import { Judge, type JudgeMeta } from './judge.js';

export const JUDGE_KIND = 'gen-judge';

export async function encodeJudge(judge: Judge): Promise<{ header: string; blob: Uint8Array }> {
  return encodeBundle<JudgeMeta>(JUDGE_KIND, judge.meta, await judge.toNamedValues());
}

/** `source` names the file in messages. */
export function decodeJudge(headerText: string, blob: Uint8Array, source: string): Judge {
  const { header, tensors } = decodeBundle<JudgeMeta>(headerText, blob, JUDGE_KIND, source);
  const meta = header.meta;
  if (!meta || !DATASET_NAMES.includes(meta.dataset) || !Array.isArray(meta.classNames) || !Number.isInteger(meta.size)) {
    throw new RangeError(`${source}: the judge header's meta is malformed: ${JSON.stringify(meta)}`);
  }
  return Judge.fromNamedValues(meta, tensors, source);
}
