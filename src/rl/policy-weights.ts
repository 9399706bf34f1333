/**
 * A greedy policy as plain data (greedy-policy.ts builds and runs it with tfjs): what crosses
 * from the RL worker to the gen worker, through the page, which must not load tfjs, so this file
 * imports none.
 */
import { ALL_ACTIONS_MASK } from '../env/legal.js';
import { type ChoiceRules, choiceMask } from './action-pick.js';
import type { QNetworkShape } from './qnet.js';

/** The online network's weights and what they need to be used: plain data (Comlink carries it; transfer `values`' buffers). */
export interface PolicyWeights extends ChoiceRules {
  shape: QNetworkShape;
  /** Whether the greedy pick skips illegal moves (the run's `legalActionsOnly`); stopAction: the run's, whether it may pick Stop. */
  legalActionsOnly: boolean;
  /** Variable names within the network (`conv0/kernel`, no prefix or tag), in its parameter order. */
  names: string[];
  values: Float32Array[];
}

/** The buffers to transfer with `w`. */
export function policyBuffers(w: PolicyWeights): ArrayBuffer[] {
  return w.values.map((v) => v.buffer as ArrayBuffer);
}

/** The greedy action of `q` (one state's Q-values) among the choices `rules` leave of `legal` (that state's legal actions, a bitmask). */
export function greedyChoice(q: ArrayLike<number>, legal: number, rules: ChoiceRules): number {
  return greedyAmong(q, choiceMask(legal, rules));
}

/** The first action with the highest Q-value among those whose bit is set in `mask` (among all when no bit of an action is set). */
export function greedyAmong(q: ArrayLike<number>, mask: number): number {
  const allowed = (mask & ((1 << q.length) - 1)) === 0 ? ALL_ACTIONS_MASK : mask;
  let best = -1;
  for (let a = 0; a < q.length; a++) {
    if (((allowed >> a) & 1) === 0) continue;
    if (best < 0 || q[a] > q[best]) best = a;
  }
  return Math.max(best, 0);
}

