/**
 * What the RL panels' explanations read: the latest snapshot (pushed at display rate) and the
 * worker's explanation of its latest TD target (polled while a dialog that needs it is open).
 * Both are the worker's own numbers; the explanations format them and never recompute them.
 */
import { ACTION_NAMES } from '../../../env/grid.js';
import type { TdExplanation } from '../../../rl/explain/types.js';
import type { EpisodeRow } from '../../../rl/metrics.js';
import type { RlSnapshot } from '../../../rl/session.js';

export interface RlLive {
  snapshot: RlSnapshot | null;
  /** The latest finished episode (snapshots carry only those since the previous one). */
  lastEpisode: EpisodeRow | null;
  /** null until the worker has taken an update (or while it cannot say). */
  td: TdExplanation | null;
}

export const EMPTY_RL_LIVE: RlLive = { snapshot: null, lastEpisode: null, td: null };

/** "North", ..., or "action 7" for an index outside the names. */
export function actionName(a: number): string {
  return ACTION_NAMES[a] ?? `action ${a}`;
}

/** Index of the largest value (the first on ties), -1 when empty: picks a shown value, computes none. */
export function argMax(values: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i] > values[best]) best = i;
  return best;
}
