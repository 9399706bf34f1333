/**
 * A generative model's checkpointable state as plain data: named float32 arrays with shapes
 * (the same NamedValues that src/tf/tensor-bundle.ts encodes), plus the step count.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedValues } from '../../tf/tensor-bundle.js';
import type { GenModelName } from '../types.js';
import type { NamedVariable } from './params.js';

export interface GenModelState {
  model: GenModelName;
  /** Training steps taken when saved. */
  steps: number;
  /** Weights, batch-norm statistics and optimiser moments, by logical name. */
  tensors: NamedValues[];
}

/** Reads variables to arrays (`await data()`, safe on WebGPU). */
export async function readVariables(entries: NamedVariable[]): Promise<NamedValues[]> {
  const out: NamedValues[] = [];
  for (const { name, variable } of entries) {
    out.push({ name, shape: [...variable.shape], values: new Float32Array(await variable.data()) });
  }
  return out;
}

/**
 * Assigns every entry from `tensors` by name; throws naming the tensor when one is missing or
 * its shape differs (a checkpoint of another config). Extra tensors are an error too.
 */
export function writeVariables(entries: NamedVariable[], tensors: NamedValues[], where: string): void {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  for (const { name, variable } of entries) {
    const t = byName.get(name);
    if (!t) throw new RangeError(`${where}: checkpoint has no tensor "${name}"`);
    if (t.shape.length !== variable.shape.length || t.shape.some((d, i) => d !== variable.shape[i])) {
      throw new RangeError(`${where}: tensor "${name}" has shape [${t.shape}], the model needs [${variable.shape}]`);
    }
  }
  if (byName.size !== entries.length) {
    const known = new Set(entries.map((e) => e.name));
    const extra = tensors.filter((t) => !known.has(t.name)).map((t) => t.name);
    throw new RangeError(`${where}: checkpoint has tensors this model lacks: ${extra.slice(0, 5).join(', ')}`);
  }
  for (const { name, variable } of entries) {
    const t = byName.get(name) as NamedValues;
    tf.tidy(() => variable.assign(tf.tensor(t.values, t.shape, 'float32')));
  }
}

/** A model's checkpoint: its name, steps and every variable in `entries` (weights, norm statistics, Adam moments). */
export async function saveModelState(model: GenModelState['model'], steps: number, entries: NamedVariable[]): Promise<GenModelState> {
  return { model, steps, tensors: await readVariables(entries) };
}

/** Writes `state` into `entries` after checking it is `model`'s; returns the steps it was taken at. */
export function loadModelState(model: GenModelState['model'], entries: NamedVariable[], state: GenModelState): number {
  if (state.model !== model) throw new RangeError(`${model}.load: checkpoint is of a ${state.model} model`);
  writeVariables(entries, state.tensors, `${model}.load`);
  return state.steps;
}
