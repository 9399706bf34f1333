/**
 * The dream loop: from real frame stacks, a world model rolls forward open-loop, each step's
 * predicted frame pushed onto its own context stack (the model never sees a real frame again).
 */
import { STACK_BYTES } from '../../obs/frame-stack.js';
import { FRAME_SIZE } from '../../obs/raster.js';
import { pushFrame } from './data.js';
import type { WorldModel } from './model.js';

/** `n` dreamed rollouts of `horizon` steps, item-major. */
export interface Dream {
  n: number;
  horizon: number;
  /** `[n, horizon, 84*84]` bytes: item i's frame after step k at `(i * horizon + k) * FRAME_SIZE`. */
  frames: Uint8Array;
  /** `[n, horizon]` predicted rewards and termination probabilities. */
  rewards: Float32Array;
  terminated: Float32Array;
}

/**
 * Rolls `model` forward from `stacks` (n real `[84, 84, 4]` stacks) with `actions` (`[n, horizon]`,
 * item-major, each in [0, 4]). Steps past a predicted termination still run (the caller decides
 * what to keep); `onStep(k, frames)` sees each step's n frames as they come (a live view).
 */
export async function dream(model: WorldModel, stacks: Uint8Array, actions: ArrayLike<number>, horizon: number, onStep?: (k: number, frames: Uint8Array) => void): Promise<Dream> {
  const n = stacks.length / STACK_BYTES;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`dream: stacks must be n >= 1 stacks of ${STACK_BYTES} bytes, got ${stacks.length} bytes`);
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`dream: horizon must be an integer >= 1, got ${horizon}`);
  if (actions.length !== n * horizon) throw new RangeError(`dream: ${n} rollouts of ${horizon} steps need ${n * horizon} actions, got ${actions.length}`);
  const context = new Uint8Array(stacks);
  const out: Dream = { n, horizon, frames: new Uint8Array(n * horizon * FRAME_SIZE), rewards: new Float32Array(n * horizon), terminated: new Float32Array(n * horizon) };
  const step = new Int32Array(n);
  for (let k = 0; k < horizon; k++) {
    for (let i = 0; i < n; i++) step[i] = actions[i * horizon + k];
    const p = await model.predict(context, step);
    for (let i = 0; i < n; i++) {
      const frame = p.frames.subarray(i * FRAME_SIZE, (i + 1) * FRAME_SIZE);
      out.frames.set(frame, (i * horizon + k) * FRAME_SIZE);
      out.rewards[i * horizon + k] = p.reward[i];
      out.terminated[i * horizon + k] = p.terminated[i];
      const s = context.subarray(i * STACK_BYTES, (i + 1) * STACK_BYTES);
      pushFrame(s, frame, s);
    }
    onStep?.(k, p.frames);
  }
  return out;
}
