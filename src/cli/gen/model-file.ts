/**
 * A trained generative or world model as one file, DIR/model.paclab: the single-file tensor
 * bundle of src/tf/tensor-bundle.ts whose meta names the model, its training steps and its
 * resolved config. `npm run gen` writes one for every model and `--load FILE` reads it back.
 *
 * Contract of `--load`: the saved config is the base and the caller's config fields go on top,
 * so sampling and decoding options may change (DDIM steps, guidance, keepMargin); a field that
 * changes the network's shape makes the model's `load` refuse the file, naming the tensor.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../../core/errors.js';
import { decodeBundle, encodeBundle, type NamedValues, packBundleFile, unpackBundleFile } from '../../tf/tensor-bundle.js';
import { createWorldModel, WORLD_MODEL_NAMES, type WorldModel, type WorldModelName } from '../../gen/world/model.js';
import { writeAtomic } from '../run-dir.js';

/** Bundle kinds: world models keep the kind their files were first written with. */
export const GEN_MODEL_FILE_KIND = 'gen-model';
export const WORLD_MODEL_FILE_KIND = 'world-model';

export interface ModelFileMeta<N extends string> {
  model: N;
  steps: number;
  config: unknown;
}

export interface LoadedModelFile<N extends string> {
  steps: number;
  /** The saved config with `overrides`' fields on top. */
  config: Record<string, unknown>;
  tensors: NamedValues[];
}

/** Writes the file atomically, so an interrupted run never leaves half a model behind. */
export function writeModelFile<N extends string>(path: string, kind: string, meta: ModelFileMeta<N>, tensors: NamedValues[]): void {
  const { header, blob } = encodeBundle(kind, meta, tensors);
  writeAtomic(path, packBundleFile(header, blob));
}

/** Reads `path`; refuses another kind of file or another model than `model`, naming both. */
export function readModelFile<N extends string>(path: string, kind: string, model: N, overrides: unknown): LoadedModelFile<N> {
  if (!existsSync(path)) throw new ConfigError('--load', `--load file not found: ${path}`);
  const { header, blob } = unpackBundleFile(new Uint8Array(readFileSync(path)), path);
  const bundle = decodeBundle<ModelFileMeta<N>>(header, blob, kind, path);
  const meta = bundle.header.meta;
  if (meta.model !== model) throw new ConfigError('--load', `--load ${path}: the file holds a ${String(meta.model)} model, not ${model}`);
  return { steps: meta.steps, config: { ...asObject(meta.config), ...asObject(overrides) }, tensors: bundle.tensors };
}

/** The world model in `path` (its saved config with `overrides` on top), whichever of the two it is. */
export function loadWorldModelFile(path: string, seed: number, overrides: unknown = {}, flag = '--load'): WorldModel {
  if (!existsSync(path)) throw new ConfigError(flag, `${flag} file not found: ${path}`);
  const { header, blob } = unpackBundleFile(new Uint8Array(readFileSync(path)), path);
  const name = decodeBundle<ModelFileMeta<string>>(header, blob, WORLD_MODEL_FILE_KIND, path).header.meta.model;
  if (!(WORLD_MODEL_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError(flag, `${flag} ${path}: the file holds a ${String(name)} model, not a world model (${WORLD_MODEL_NAMES.join(' or ')})`);
  }
  return loadWorldModel(path, name as WorldModelName, overrides, seed);
}

/** A world model from `path`, its saved config overlaid with `overrides`; refused when the file holds another model. */
export function loadWorldModel(path: string, model: WorldModelName, overrides: unknown, seed: number): WorldModel {
  const file = readModelFile(path, WORLD_MODEL_FILE_KIND, model, overrides);
  const world = createWorldModel(model, file.config, seed);
  world.load({ model, steps: file.steps, tensors: file.tensors });
  return world;
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
