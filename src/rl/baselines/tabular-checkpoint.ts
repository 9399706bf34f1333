/**
 * The tabular agent's checkpoint: one JSON file (qtable.json) with the run's description and the
 * Q-table as [stateKey, [Q(North), Q(South), Q(East), Q(West), Q(Stop)]] entries. Values are
 * written at full double precision (JSON round-trips them exactly), so a loaded table plays
 * exactly as the trained one. Keys are only meaningful with the layout stored beside them.
 */
import type { EnvConfig } from '../../env/env.js';
import { NUM_ACTIONS } from '../../env/grid.js';
import { CheckpointError } from '../../tf/tensor-bundle.js';
import type { TabularConfig } from './config.js';
import { QTable } from './q-table.js';

export const TABULAR_CHECKPOINT_FORMAT = 'pac-lab/tabular-q';
export const TABULAR_CHECKPOINT_FILE = 'qtable.json';

export interface TabularCheckpointMeta {
  config: TabularConfig;
  /** As the run resolved it; files written before a setting existed lack it (resolveEnvConfig fills defaults). */
  env: Partial<EnvConfig>;
  layout: { name: string; text: string };
  seed: number;
  counters: { envSteps: number; episodes: number };
}

interface TabularCheckpointFile extends TabularCheckpointMeta {
  format: typeof TABULAR_CHECKPOINT_FORMAT;
  version: 1;
  entries: [string, number[]][];
}

export function encodeTabularCheckpoint(table: QTable, meta: TabularCheckpointMeta): string {
  const entries: [string, number[]][] = [];
  for (const [key, row] of table.rows) entries.push([key, Array.from(row)]);
  const file: TabularCheckpointFile = { format: TABULAR_CHECKPOINT_FORMAT, version: 1, ...meta, entries };
  // One entry a line: readable with head/grep, and no single multi-megabyte line.
  const head = JSON.stringify({ ...file, entries: [] }).slice(0, -3);
  return `${head}[\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`;
}

/**
 * A baseline checkpoint's JSON, checked for its `format` (described as `what` in errors) and
 * version 1; its fields are the caller's to check. `source` names the file in errors.
 */
export function parseBaselineCheckpoint<F extends object>(text: string, source: string, format: string, what: string): Partial<F> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CheckpointError(`${source} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const file = raw as { format?: unknown; version?: unknown } | null;
  if (!file || typeof file !== 'object' || file.format !== format) {
    throw new CheckpointError(`${source} is not ${what} (format "${String(file?.format)}", expected "${format}")`);
  }
  if (file.version !== 1) throw new CheckpointError(`${source}: unsupported version ${String(file.version)} (this build reads 1)`);
  return file as Partial<F>;
}

/** Parses and checks a checkpoint; `source` names it in errors. */
export function decodeTabularCheckpoint(text: string, source: string): { meta: TabularCheckpointMeta; table: QTable } {
  const file = parseBaselineCheckpoint<TabularCheckpointFile>(text, source, TABULAR_CHECKPOINT_FORMAT, 'a tabular Q-table checkpoint');
  if (!file.config || !file.env || !file.layout || !file.counters || !Array.isArray(file.entries)) {
    throw new CheckpointError(`${source}: the checkpoint lacks its run description (config, env, layout, counters) or entries`);
  }
  const table = new QTable();
  file.entries.forEach((entry, i) => {
    const ok = Array.isArray(entry) && typeof entry[0] === 'string' && Array.isArray(entry[1]) && entry[1].length === NUM_ACTIONS && entry[1].every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!ok) throw new CheckpointError(`${source}: entry ${i} must be ["key", [${NUM_ACTIONS} finite numbers]], got ${JSON.stringify(entry).slice(0, 80)}`);
    table.rows.set(entry[0], Float64Array.from(entry[1]));
  });
  const { config, env, layout, seed, counters } = file as TabularCheckpointFile;
  return { meta: { config, env, layout, seed, counters }, table };
}
