/**
 * One stream's share of the replay memory: a ring of `slots` slots, each holding one 84x84
 * frame (stored once, as in Dopamine) and the step taken from it. Positions are absolute: the
 * stream's a-th frame ever written lives in slot `a % slots` while `a >= written - slots`.
 *
 * Slot a holds frame o_a and, once the env has stepped from it, action a_a, reward r_a and
 * whether that step terminated or truncated the episode: transition a is (stack ending at o_a,
 * a_a, r_a, stack ending at o_(a+1)). An episode's last frame (the terminal next frame) gets no
 * action, so it is not a transition itself; the next episode starts in the slot after it.
 *
 * Each slot also keeps the legal-action bitmask of the state its frame ends (src/env/legal.ts),
 * so a TD target can take its max over the next state's legal actions only.
 *
 * Trap: frames of two episodes must never share a stack. Each slot records how far its episode
 * reaches back (`depth`, frames since the episode's first, capped at 255); a stack reaching
 * further repeats the episode's first frame instead.
 */
import { FRAME_SIZE } from '../../obs/raster.js';
import type { ReplayBatch, StoredTransition } from './replay-batch.js';
import { interleave4, LITTLE_ENDIAN } from './stack-kernels.js';

/** Slot flags: how the step taken from the slot's frame ended the episode, if it did. */
export const TERMINATED = 1;
export const TRUNCATED = 2;

/** Bytes of one slot: its frame, action (int32), reward (float32), flags, depth and legal-action mask (a byte each). */
export const SLOT_BYTES = FRAME_SIZE + 4 + 4 + 1 + 1 + 1;

const MAX_DEPTH = 255;

/** `bytes` as 32-bit words, or null where it does not start on a 4-byte boundary. */
function wordsOf(bytes: Uint8Array): Uint32Array | null {
  return bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2) : null;
}

export class StreamRing {
  readonly frames: Uint8Array;
  /** `frames` as 32-bit words, for the stack kernels (FRAME_SIZE is a multiple of 4). */
  private readonly words: Uint32Array;
  /** Whether the word kernels apply: stacks of 4 on a little-endian platform. */
  private readonly fast: boolean;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly flags: Uint8Array;
  /** Frames between this slot's frame and its episode's first frame, capped at 255. */
  readonly depth: Uint8Array;
  /** Legal-action bitmask of the state ending at this slot's frame. */
  readonly legal: Uint8Array;
  /** Frames ever written: the absolute position of the next one. */
  written = 0;
  /** Absolute position of the current (or last) episode's first frame; -1 before any. */
  episodeStart = -1;
  /** True while the newest frame awaits its action: an episode is running. */
  running = false;

  constructor(readonly slots: number, readonly stackSize: number) {
    this.frames = new Uint8Array(slots * FRAME_SIZE);
    this.words = new Uint32Array(this.frames.buffer);
    this.fast = stackSize === 4 && LITTLE_ENDIAN;
    this.actions = new Int32Array(slots);
    this.rewards = new Float32Array(slots);
    this.flags = new Uint8Array(slots);
    this.depth = new Uint8Array(slots);
    this.legal = new Uint8Array(slots);
  }

  /** Absolute position of the oldest frame still held. */
  get oldest(): number {
    return Math.max(0, this.written - this.slots);
  }

  /** Frames held now. */
  get stored(): number {
    return Math.min(this.written, this.slots);
  }

  /** The absolute position whose frame `slot` holds now (the slot must have been written). */
  absoluteOf(slot: number): number {
    const oldest = this.oldest;
    return oldest + ((slot - (oldest % this.slots) + this.slots) % this.slots);
  }

  /** Frames a stack ending at `abs` reads before it: 0 at an episode's first frame. */
  reach(abs: number): number {
    return Math.min(this.depth[abs % this.slots], this.stackSize - 1);
  }

  /**
   * Absolute positions of the transitions that read the frame about to be overwritten by the
   * next write (the slot's own transition and those whose stacks reach back to it), or an
   * empty list while the ring has not wrapped.
   */
  readersOfOldest(into: number[]): number[] {
    into.length = 0;
    const lost = this.written - this.slots;
    if (lost < 0) return into;
    into.push(lost);
    for (let k = 1; k < this.stackSize; k++) {
      if (this.reach(lost + k) >= k) into.push(lost + k);
    }
    return into;
  }

  /** Copies `frame` (and its state's legal-action mask) into the next slot, clearing the slot's step; returns its absolute position. */
  writeFrame(frame: Uint8Array, depth: number, legal: number): number {
    const abs = this.written;
    const slot = abs % this.slots;
    this.frames.set(frame, slot * FRAME_SIZE);
    this.flags[slot] = 0;
    this.actions[slot] = 0;
    this.rewards[slot] = 0;
    this.depth[slot] = Math.min(depth, MAX_DEPTH);
    this.legal[slot] = legal;
    this.written = abs + 1;
    return abs;
  }

  /**
   * Ends a running episode that stops without a terminal step (a new one starts instead): its
   * last step, if it has one, counts as truncated, so n-step windows stop there and bootstrap.
   */
  abandonEpisode(): void {
    if (this.running && this.written - 1 > this.episodeStart) this.flags[(this.written - 2) % this.slots] |= TRUNCATED;
    this.running = false;
  }

  /** Records the step taken from the newest frame. */
  writeStep(action: number, reward: number, terminated: boolean, truncated: boolean): number {
    const abs = this.written - 1;
    const slot = abs % this.slots;
    this.actions[slot] = action;
    this.rewards[slot] = reward;
    this.flags[slot] = (terminated ? TERMINATED : 0) | (truncated ? TRUNCATED : 0);
    return abs;
  }

  /**
   * Writes the state ending at absolute position `end` into `out` at byte `offset`, NHWC
   * `[84, 84, stackSize]`: byte `(y * 84 + x) * stackSize + k` is frame k, k = stackSize - 1 the
   * newest. Positions before the episode's first frame repeat that first frame.
   */
  writeStack(end: number, out: Uint8Array, offset: number): void {
    const { frames, slots, stackSize } = this;
    const reach = this.reach(end);
    const start = (k: number): number => ((end - Math.min(stackSize - 1 - k, reach)) % slots) * FRAME_SIZE;
    const out32 = this.fast && offset % 4 === 0 ? wordsOf(out) : null;
    if (out32) {
      interleave4(this.words, start(0) >> 2, start(1) >> 2, start(2) >> 2, start(3) >> 2, out32, offset >> 2);
      return;
    }
    for (let k = 0; k < stackSize; k++) {
      const src = start(k);
      for (let p = 0, q = offset + k; p < FRAME_SIZE; p++, q += stackSize) out[q] = frames[src + p];
    }
  }

  /** The one-step transition from `slot` (which must hold one), in new arrays. */
  transition(slot: number): StoredTransition {
    const t = this.absoluteOf(slot);
    const stateBytes = FRAME_SIZE * this.stackSize;
    const state = new Uint8Array(stateBytes);
    const nextState = new Uint8Array(stateBytes);
    this.writeStack(t, state, 0);
    this.writeStack(t + 1, nextState, 0);
    const flags = this.flags[slot];
    return {
      state, nextState, action: this.actions[slot], reward: this.rewards[slot],
      terminated: (flags & TERMINATED) !== 0, truncated: (flags & TRUNCATED) !== 0,
    };
  }

  /**
   * Fills row `i` of `batch` (all but the states and the weight) with the n-step transition
   * from absolute position `t`: returns[i] = sum_{k<m} gamma^k r_(t+k), m = min(nStep, steps
   * until the episode ends); discounts[i] = gamma^m, or 0 if it terminated within those m
   * steps; nextLegal[i] = the legal-action mask of that next state. Returns the absolute position
   * of the next state's newest frame, t + m.
   * The window must be complete (all its steps written, or the episode ended inside it).
   */
  fillSteps(t: number, nStep: number, gamma: number, batch: ReplayBatch, i: number): number {
    const { rewards, flags, slots } = this;
    let ret = 0;
    let scale = 1;
    let discount = 0;
    let end = t;
    for (let j = 0; j < nStep; j++) {
      const slot = (t + j) % slots;
      const f = flags[slot];
      ret += scale * rewards[slot];
      scale *= gamma;
      end = t + j + 1;
      if (f & TERMINATED) {
        discount = 0;
        break;
      }
      discount = scale;
      if (f & TRUNCATED) break;
    }
    batch.actions[i] = this.actions[t % slots];
    batch.returns[i] = ret;
    batch.discounts[i] = discount;
    batch.nextLegal[i] = this.legal[end % slots];
    return end;
  }
}
