/**
 * The approximate Q-learner's checkpoint: one JSON file (approxq.json) with the run's description
 * (as the tabular checkpoint's) and its weights by feature name. JSON round-trips doubles
 * exactly, so a loaded agent plays as the trained one.
 */
import { CheckpointError } from '../../tf/tensor-bundle.js';
import { FEATURE_NAMES, type FeatureName } from './features.js';
import { parseBaselineCheckpoint, type TabularCheckpointMeta } from './tabular-checkpoint.js';

export const APPROX_CHECKPOINT_FORMAT = 'pac-lab/approx-q';
export const APPROX_CHECKPOINT_FILE = 'approxq.json';

interface ApproxCheckpointFile extends TabularCheckpointMeta {
  format: typeof APPROX_CHECKPOINT_FORMAT;
  version: 1;
  weights: Record<FeatureName, number>;
}

export function encodeApproxCheckpoint(weights: Float64Array, meta: TabularCheckpointMeta): string {
  const named = Object.fromEntries(FEATURE_NAMES.map((name, k) => [name, weights[k]])) as Record<FeatureName, number>;
  const file: ApproxCheckpointFile = { format: APPROX_CHECKPOINT_FORMAT, version: 1, ...meta, weights: named };
  return `${JSON.stringify(file, null, 1)}\n`;
}

/** Parses and checks a checkpoint; `source` names it in errors. */
export function decodeApproxCheckpoint(text: string, source: string): { meta: TabularCheckpointMeta; weights: Float64Array } {
  const file = parseBaselineCheckpoint<ApproxCheckpointFile>(text, source, APPROX_CHECKPOINT_FORMAT, 'an approximate Q-learner checkpoint');
  if (!file.config || !file.env || !file.layout || !file.counters || !file.weights || typeof file.weights !== 'object') {
    throw new CheckpointError(`${source}: the checkpoint lacks its run description (config, env, layout, counters) or weights`);
  }
  const named = file.weights;
  const weights = Float64Array.from(FEATURE_NAMES, (name) => {
    const w = named[name];
    if (typeof w !== 'number' || !Number.isFinite(w)) throw new CheckpointError(`${source}: weight "${name}" must be a finite number, got ${JSON.stringify(w)}`);
    return w;
  });
  const { config, env, layout, seed, counters } = file as ApproxCheckpointFile;
  return { meta: { config, env, layout, seed, counters }, weights };
}
