/**
 * A training run's folder: manifest.json (resolved config, seed, backend, versions),
 * metrics.jsonl (one row per episode and per training report, no wall-clock values),
 * checkpoint/ (checkpoint.json + weights.bin), summary.json (final figures and timing).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../core/errors.js';
import type { EncodedCheckpoint } from '../rl/checkpoint.js';
import type { MetricsRow } from '../rl/metrics.js';
import { CheckpointError } from '../tf/tensor-bundle.js';
import { projectRoot } from './assets.js';

/** Versions for a run's manifest; 'unknown' for Pac-Lab where a packed entry travels without package.json. */
export function packageVersions(): Record<string, string> {
  const file = join(projectRoot(), 'package.json');
  const version = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'unknown';
  return { 'pac-lab': version, tfjs: tf.version.tfjs, node: process.version };
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

/** Writes a file atomically (temp file + rename), so a kill mid-write never leaves half a file. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function writeJson(path: string, value: unknown): void {
  writeAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

export function readJson<T>(path: string, what: string): T {
  if (!existsSync(path)) throw new ConfigError(what, `${what} not found: ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new ConfigError(what, `${what} ${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export class MetricsWriter {
  constructor(readonly path: string) {}
  write(row: MetricsRow): void {
    appendFileSync(this.path, JSON.stringify(row) + '\n');
  }
}

export function saveCheckpointDir(dir: string, cp: EncodedCheckpoint): void {
  ensureDir(dir);
  writeAtomic(join(dir, 'weights.bin'), cp.blob);
  writeAtomic(join(dir, 'checkpoint.json'), cp.header);
}

/** Reads DIR/checkpoint.json + DIR/weights.bin; DIR may be a run folder holding checkpoint/. */
export function loadCheckpointDir(dir: string): { checkpoint: EncodedCheckpoint; source: string } {
  const candidates = [dir, join(dir, 'checkpoint')];
  const found = candidates.find((d) => existsSync(join(d, 'checkpoint.json')));
  if (!found) throw new CheckpointError(`no checkpoint in ${dir} (expected checkpoint.json and weights.bin there or in ${join(dir, 'checkpoint')})`);
  const weights = join(found, 'weights.bin');
  if (!existsSync(weights)) throw new CheckpointError(`${found}: checkpoint.json without weights.bin`);
  const bytes = readFileSync(weights);
  return {
    checkpoint: { header: readFileSync(join(found, 'checkpoint.json'), 'utf8'), blob: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    source: join(found, 'checkpoint.json'),
  };
}
