/**
 * DQN checkpoints: weights of both networks, Adam's moments and step, counters, the resolved
 * config and the exploration stream's state. The replay memory is not saved (it is large and
 * refills); a resumed run collects `learningStarts` transitions again before it updates.
 */
import * as tf from '@tensorflow/tfjs';
import type { StreamState } from '../core/random.js';
import type { EnvConfig } from '../env/env.js';
import { CheckpointError, decodeBundle, encodeBundle, type NamedValues } from '../tf/tensor-bundle.js';
import type { DqnConfig } from './config.js';
import type { DqnAgent } from './dqn-agent.js';
import { logicalName } from './qnet.js';

export const DQN_CHECKPOINT_KIND = 'dqn';

export interface DqnCheckpointMeta {
  config: DqnConfig;
  env: Partial<EnvConfig>;
  /** Layout name and text, so the checkpoint plays where it was trained. */
  layout: { name: string; text: string };
  seed: number;
  numActions: number;
  counters: { envSteps: number; updates: number; episodes: number; adamStep: number };
  explorationState: StreamState | null;
  savedAt: string;
}

export interface EncodedCheckpoint {
  header: string;
  blob: Uint8Array;
}

async function read(vars: tf.Variable[]): Promise<NamedValues[]> {
  return Promise.all(vars.map(async (v) => ({ name: logicalName(v), shape: v.shape.slice(), values: (await v.data()) as Float32Array })));
}

export async function encodeDqnCheckpoint(agent: DqnAgent, meta: Omit<DqnCheckpointMeta, 'numActions'>): Promise<EncodedCheckpoint> {
  const tensors = await read([...agent.online.params, ...agent.target.params, ...agent.optimizer.stateVariables()]);
  return encodeBundle(DQN_CHECKPOINT_KIND, { ...meta, numActions: agent.numActions }, tensors);
}

export function decodeDqnCheckpoint(cp: EncodedCheckpoint, source: string): { meta: DqnCheckpointMeta; tensors: Map<string, NamedValues> } {
  const { header, tensors } = decodeBundle<DqnCheckpointMeta>(cp.header, cp.blob, DQN_CHECKPOINT_KIND, source);
  const meta = header.meta;
  if (!meta || typeof meta !== 'object' || !meta.config || !meta.counters || !meta.layout) {
    throw new CheckpointError(`${source}: the checkpoint header lacks its run description (config, counters, layout)`);
  }
  return { meta, tensors: new Map(tensors.map((t) => [t.name, t])) };
}

/**
 * Loads weights into `agent`'s variables by name. Every variable must be in the checkpoint with
 * its exact shape, else nothing is changed and the error says which tensor and why.
 * `onlineOnly` loads just the online net (for evaluation).
 */
export function loadDqnWeights(agent: DqnAgent, tensors: Map<string, NamedValues>, source: string, onlineOnly = false): void {
  const vars = onlineOnly ? agent.online.params : [...agent.online.params, ...agent.target.params, ...agent.optimizer.stateVariables()];
  for (const v of vars) {
    const name = logicalName(v);
    const t = tensors.get(name);
    if (!t) throw new CheckpointError(`${source}: no tensor "${name}" (a checkpoint of another network architecture?)`);
    if (t.shape.length !== v.shape.length || t.shape.some((d, i) => d !== v.shape[i])) {
      throw new CheckpointError(`${source}: tensor "${name}" has shape [${t.shape}], this network needs [${v.shape}] (a checkpoint of another network architecture?)`);
    }
    for (let i = 0; i < t.values.length; i++) {
      if (!Number.isFinite(t.values[i])) throw new CheckpointError(`${source}: tensor "${name}" holds a non-finite value (${t.values[i]}) at ${i}`);
    }
  }
  tf.tidy(() => {
    for (const v of vars) {
      const t = tensors.get(logicalName(v)) as NamedValues;
      v.assign(tf.tensor(t.values, t.shape, 'float32'));
    }
  });
}
