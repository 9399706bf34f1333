/** Input checks shared by the world models; messages name the method and the bad value. */
import { NUM_ACTIONS } from '../../env/grid.js';
import { STACK_BYTES } from '../../obs/frame-stack.js';
import { FRAME_SIZE } from '../../obs/raster.js';
import type { TransitionBatch } from './data.js';

/** Items per forward pass in `predict` (bounds the one-hot input: ~1.6 MB an item). */
export const PREDICT_CHUNK = 32;

/** Checks a training batch's array lengths against `count`. */
export function checkBatch(b: TransitionBatch, where: string): void {
  const n = b.count;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${where}: batch count must be an integer >= 1, got ${n}`);
  const bad = [
    ['stacks', b.stacks.length, n * STACK_BYTES], ['nextFrames', b.nextFrames.length, n * FRAME_SIZE],
    ['actions', b.actions.length, n], ['rewards', b.rewards.length, n], ['terminated', b.terminated.length, n],
  ].find(([, got, want]) => got !== want);
  if (bad) throw new RangeError(`${where}: ${bad[0]} has length ${bad[1]}, expected ${bad[2]} for ${n} transitions`);
  checkActions(b.actions, where);
}

/** Checks predict's inputs; returns n. */
export function checkInputs(stacks: Uint8Array, actions: ArrayLike<number>, where: string): number {
  const n = actions.length;
  if (n < 1 || stacks.length !== n * STACK_BYTES) {
    throw new RangeError(`${where}: ${n} actions need ${n} stacks of ${STACK_BYTES} bytes (n >= 1), got ${stacks.length} bytes`);
  }
  checkActions(actions, where);
  return n;
}

function checkActions(actions: ArrayLike<number>, where: string): void {
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i];
    if (!(Number.isInteger(a) && a >= 0 && a < NUM_ACTIONS)) throw new RangeError(`${where}: action at index ${i} must be an integer in [0, ${NUM_ACTIONS - 1}], got ${a}`);
  }
}
