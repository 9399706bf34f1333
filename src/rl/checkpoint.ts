/**
 * DQN checkpoints: weights of both networks (and of the policy average where the agent keeps
 * one), Adam's moments and step, counters, the resolved config and the exploration stream's
 * state. The replay memory is not saved (it is large and refills); a resumed run collects
 * `learningStarts` transitions again before it updates.
 *
 * A compact checkpoint (`compactCheckpoint`, `npm run compact`) keeps only what plays, the online
 * net and the policy average, in half precision: ~2.7 MB for the small net where the full one is
 * 13.5 MB, small enough to commit beside a run's rows so a long run outlives the machine. It
 * evaluates and plays as the full one does (to within half precision); a run resumed from it
 * starts its target net from the online one and Adam's moments from zero (trainer.ts).
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
  /** What the checkpoint holds; absent means 'all' (every checkpoint a run writes). */
  part?: CheckpointPart;
}

export interface EncodedCheckpoint {
  header: string;
  blob: Uint8Array;
}

async function read(vars: tf.Variable[]): Promise<NamedValues[]> {
  return Promise.all(vars.map(async (v) => ({ name: logicalName(v), shape: v.shape.slice(), values: (await v.data()) as Float32Array })));
}

export async function encodeDqnCheckpoint(agent: DqnAgent, meta: Omit<DqnCheckpointMeta, 'numActions'>): Promise<EncodedCheckpoint> {
  const tensors = await read(checkpointVariables(agent, 'all'));
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

/** 'all': everything a resumed run needs; 'policy': what plays (the online net and the policy average, for evaluation). */
export type CheckpointPart = 'all' | 'policy';

/**
 * Whether a checkpoint tensor is one of `network`'s weights: `online/conv0/kernel`, where the
 * online net's Adam moments add a segment (`online/conv0/kernel/adam_m`) and are not weights.
 */
export function isNetworkWeight(name: string, network: 'online' | 'average'): boolean {
  const [net, layer, variable, ...rest] = name.split('/');
  return net === network && layer !== undefined && variable !== undefined && layer !== '' && variable !== '' && rest.length === 0;
}

/** Tensor names of the 'policy' part: the online net's and the average's weights, not their Adam moments. */
function isPolicyTensor(name: string): boolean {
  return isNetworkWeight(name, 'online') || isNetworkWeight(name, 'average');
}

/**
 * The compact form of a DQN checkpoint: its 'policy' tensors in half precision, the same
 * header otherwise, with `part: 'policy'`. Throws, naming the tensor and the value, where a
 * weight does not fit a half (never seen: weights stay far below 65504).
 */
export function compactCheckpoint(cp: EncodedCheckpoint, source: string): EncodedCheckpoint {
  const { meta, tensors } = decodeDqnCheckpoint(cp, source);
  const policy = [...tensors.values()].filter((t) => isPolicyTensor(t.name));
  if (!policy.some((t) => t.name.startsWith('online/'))) throw new CheckpointError(`${source}: no online network to keep`);
  return encodeBundle(DQN_CHECKPOINT_KIND, { ...meta, part: 'policy' satisfies CheckpointPart }, policy, 'float16');
}

function checkpointVariables(agent: DqnAgent, part: CheckpointPart): tf.Variable[] {
  const policy = [...agent.online.params, ...(agent.average?.params ?? [])];
  return part === 'policy' ? policy : [...policy, ...agent.target.params, ...agent.optimizer.stateVariables()];
}

/**
 * Loads weights into `agent`'s variables by name. Every variable must be in the checkpoint with
 * its exact shape, else nothing is changed and the error says which tensor and why. One
 * exception: an agent that keeps a policy average, given a checkpoint without any (a run made
 * without dqn.policyAverageDecay), starts its average from the loaded online weights.
 */
export function loadDqnWeights(agent: DqnAgent, tensors: Map<string, NamedValues>, source: string, part: CheckpointPart = 'all'): void {
  const averageMissing = agent.average !== null && agent.average.params.every((v) => !tensors.has(logicalName(v)));
  const vars = checkpointVariables(agent, part).filter((v) => !(averageMissing && agent.average?.params.includes(v)));
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
  if (averageMissing) agent.average?.copyFrom(agent.online);
}
