/**
 * The per-sample numbers of a DQN update as tensors, made from the tensors the update itself
 * computed (DqnAgent.update with `detail`, DqnAgent.tdDetail for a stored transition), and
 * their read-back into a TdExplanation. Nothing here recomputes a target another way.
 */
import * as tf from '@tensorflow/tfjs';
import type { DqnConfig } from '../config.js';
import { bootstrapValue, maskIllegal, tdTarget } from '../td.js';
import type { ReplayWindow } from './replay-reader.js';
import type { TdExplanation } from './types.js';

/**
 * One batch's per-sample quantities; rows in batch order. The holder disposes them
 * (disposeTdDetail). A type, not an interface, so tf.tidy can return it.
 */
export type TdDetail = {
  /** y, the TD target the loss used, `[B]`. */
  target: tf.Tensor1D;
  /** Q_online(s, a) before the update: the values the loss was taken on, `[B]`. */
  q: tf.Tensor1D;
  /** y - Q_online(s, a), `[B]`. */
  tdError: tf.Tensor1D;
  /** Huber loss per sample, before importance weights, `[B]`. */
  loss: tf.Tensor1D;
  /** Q_target(s', a') `[B, A]`. */
  qNextTarget: tf.Tensor2D;
  /** Q_online(s', a') `[B, A]`, before the update; computed even without Double DQN, for the comparison. */
  qNextOnline: tf.Tensor2D;
  /** a* per row (int32): argmax of qNextOnline with Double DQN, else of qNextTarget (over legal actions when masked). */
  bootstrapAction: tf.Tensor1D;
  /** Q_target(s', a*): the value bootstrapped from, `[B]`. */
  bootstrap: tf.Tensor1D;
  /** Plain DQN's target for the same rows: R + d * max_a' Q_target(s', a'), `[B]`. */
  plainTarget: tf.Tensor1D;
};

/** The tensors of an update (or of the same forward pass without one) that a TdDetail is made from. */
export interface TdParts {
  target: tf.Tensor1D;
  q: tf.Tensor1D;
  loss: tf.Tensor1D;
  qNextTarget: tf.Tensor2D;
  qNextOnline: tf.Tensor2D;
  returns: tf.Tensor1D;
  discounts: tf.Tensor1D;
  double: boolean;
  /** The next states' legal actions `[B, A]` (1 = legal) when the agent chooses among legal actions only, else null. */
  nextLegal: tf.Tensor2D | null;
}

/** Call inside the caller's tf.tidy and return the result from it (tidy keeps returned tensors). */
export function tdDetail(p: TdParts): TdDetail {
  const picker = p.double ? p.qNextOnline : null;
  return {
    target: p.target, q: p.q, loss: p.loss, qNextTarget: p.qNextTarget, qNextOnline: p.qNextOnline,
    tdError: tf.sub(p.target, p.q),
    bootstrapAction: tf.argMax(maskIllegal(picker ?? p.qNextTarget, p.nextLegal), 1) as tf.Tensor1D,
    bootstrap: bootstrapValue(p.qNextTarget, picker, p.nextLegal),
    plainTarget: tdTarget(p.returns, p.discounts, p.qNextTarget, null, p.nextLegal),
  };
}

export function disposeTdDetail(d: TdDetail | undefined): void {
  if (d) tf.dispose(Object.values(d) as tf.Tensor[]);
}

/** Row `row` of a TdDetail, read back (one read per tensor; the batch is small). */
export interface TdRow {
  target: number;
  q: number;
  tdError: number;
  loss: number;
  qNextTarget: number[];
  qNextOnline: number[];
  bootstrapAction: number;
  bootstrap: number;
  plainTarget: number;
}

export async function readTdRow(d: TdDetail, row: number): Promise<TdRow> {
  const batch = d.target.shape[0];
  if (!Number.isInteger(row) || row < 0 || row >= batch) throw new RangeError(`batch row must be an integer in [0, ${batch - 1}], got ${row}`);
  const numActions = d.qNextTarget.shape[1];
  const [target, q, tdError, loss, qNextTarget, qNextOnline, bootstrapAction, bootstrap, plainTarget] = await Promise.all([
    d.target.data(), d.q.data(), d.tdError.data(), d.loss.data(), d.qNextTarget.data(), d.qNextOnline.data(),
    d.bootstrapAction.data(), d.bootstrap.data(), d.plainTarget.data(),
  ]);
  const rowOf = (values: ArrayLike<number>): number[] => Array.from(values).slice(row * numActions, (row + 1) * numActions);
  return {
    target: target[row], q: q[row], tdError: tdError[row], loss: loss[row],
    qNextTarget: rowOf(qNextTarget), qNextOnline: rowOf(qNextOnline),
    bootstrapAction: bootstrapAction[row], bootstrap: bootstrap[row], plainTarget: plainTarget[row],
  };
}

/** What a TdExplanation says about the transition itself (from the batch row and the replay). */
export interface TdSample {
  updates: number;
  replayIndex: number;
  action: number;
  /** R and d as the batch held them (the values uploaded to the update). */
  ret: number;
  discount: number;
  weight: number;
  window: ReplayWindow;
}

export function tdExplanation(row: TdRow, sample: TdSample, config: Pick<DqnConfig, 'nStep' | 'gamma' | 'double' | 'huberDelta'>): TdExplanation {
  return {
    updates: sample.updates, replayIndex: sample.replayIndex, action: sample.action,
    rewards: sample.window.rewards, ret: sample.ret, nStep: config.nStep, gamma: config.gamma, discount: sample.discount,
    terminated: sample.window.terminated, truncated: sample.window.truncated, double: config.double,
    qNextTarget: row.qNextTarget, qNextOnline: row.qNextOnline, bootstrapAction: row.bootstrapAction, bootstrap: row.bootstrap,
    target: row.target, plainTarget: row.plainTarget, q: row.q, tdError: row.tdError,
    huberDelta: config.huberDelta, loss: row.loss, weight: sample.weight,
  };
}
