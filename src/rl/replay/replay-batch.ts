/**
 * What sampling and the replay viewer hand out: plain typed arrays, ready for a tensor upload
 * or a transfer to another worker.
 */

/**
 * One sampled batch. Its arrays belong to the memory, preallocated once per batch size: a batch
 * is valid until the next `sample` call (which overwrites it when the batch size is the same),
 * so upload or copy it first. Transfer a copy to another worker, never these arrays.
 */
export interface ReplayBatch {
  /** `[batchSize, 84, 84, stackSize]` bytes, NHWC, newest frame last. */
  states: Uint8Array;
  /** The states n steps later (fewer where the episode ended), same layout. */
  nextStates: Uint8Array;
  actions: Int32Array;
  /** n-step discounted reward sums. */
  returns: Float32Array;
  /** gamma^m to bootstrap with, or 0 where the episode terminated inside the window. */
  discounts: Float32Array;
  /** Legal-action bitmask of each next state (src/env/legal.ts). */
  nextLegal: Uint8Array;
  /** Importance-sampling weights in (0, 1]: (N P(i))^-beta over the largest of all N (all 1 when uniform). */
  weights: Float32Array;
  /** Which transitions these are, for `updatePriorities`. */
  indices: Int32Array;
  batchSize: number;
}

export interface StoredTransition {
  state: Uint8Array;
  action: number;
  reward: number;
  nextState: Uint8Array;
  terminated: boolean;
  truncated: boolean;
}

/** A batch's arrays, `stateBytes` = 84 * 84 * stackSize. Weights start at 1 (uniform replay never changes them). */
export function makeBatch(batchSize: number, stateBytes: number): ReplayBatch {
  return {
    states: new Uint8Array(batchSize * stateBytes),
    nextStates: new Uint8Array(batchSize * stateBytes),
    actions: new Int32Array(batchSize),
    returns: new Float32Array(batchSize),
    discounts: new Float32Array(batchSize),
    nextLegal: new Uint8Array(batchSize),
    weights: new Float32Array(batchSize).fill(1),
    indices: new Int32Array(batchSize),
    batchSize,
  };
}

export function batchBytes(b: ReplayBatch): number {
  return b.states.byteLength + b.nextStates.byteLength + b.actions.byteLength + b.returns.byteLength
    + b.discounts.byteLength + b.nextLegal.byteLength + b.weights.byteLength + b.indices.byteLength;
}
