/**
 * The transitions the agent handed over (src/rl/transition-handover.ts), kept in the gen worker
 * for the world model: a ring of `capacity` transitions, the oldest overwritten first, sampled
 * uniformly with replacement. Stacks are stored whole (~35 KB a transition with its next
 * frame), allocated at the first `add`, so an idle slot costs nothing. Pure: no tfjs.
 */
import type { RandomStream } from '../../core/random.js';
import { STACK_BYTES } from '../../obs/frame-stack.js';
import { FRAME_SIZE } from '../../obs/raster.js';
import { emptyBatch, type TransitionBatch, type TransitionSource } from './data.js';
import { checkBatch } from './checks.js';

export class TransitionRing implements TransitionSource {
  private store: TransitionBatch | null = null;
  /** Next slot to write. */
  private pos = 0;
  private held = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`transition ring capacity must be an integer >= 1, got ${capacity}`);
  }

  get size(): number {
    return this.held;
  }

  /** Copies item `i` of `from` into the ring (checked by `add`). */
  private put(from: TransitionBatch, i: number): void {
    const s = (this.store ??= emptyBatch(this.capacity));
    const at = this.pos;
    s.stacks.set(from.stacks.subarray(i * STACK_BYTES, (i + 1) * STACK_BYTES), at * STACK_BYTES);
    s.nextFrames.set(from.nextFrames.subarray(i * FRAME_SIZE, (i + 1) * FRAME_SIZE), at * FRAME_SIZE);
    s.actions[at] = from.actions[i];
    s.rewards[at] = from.rewards[i];
    s.terminated[at] = from.terminated[i];
    this.pos = (at + 1) % this.capacity;
    this.held = Math.min(this.capacity, this.held + 1);
  }

  /** Adds the items of `batch` for which `keep(i)` holds (all by default); throws on a malformed batch. */
  add(batch: TransitionBatch, keep: (i: number) => boolean = () => true): void {
    if (batch.count === 0) return;
    checkBatch(batch, 'transitions');
    for (let i = 0; i < batch.count; i++) if (keep(i)) this.put(batch, i);
  }

  /** Transitions `indices` (each in [0, size)) in new arrays, in that order. */
  gather(indices: ArrayLike<number>): TransitionBatch {
    const out = emptyBatch(indices.length);
    const s = this.store;
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j];
      if (!s || !(Number.isInteger(i) && i >= 0 && i < this.held)) throw new RangeError(`transition index must be in [0, ${this.held - 1}], got ${i}`);
      out.stacks.set(s.stacks.subarray(i * STACK_BYTES, (i + 1) * STACK_BYTES), j * STACK_BYTES);
      out.nextFrames.set(s.nextFrames.subarray(i * FRAME_SIZE, (i + 1) * FRAME_SIZE), j * FRAME_SIZE);
      out.actions[j] = s.actions[i];
      out.rewards[j] = s.rewards[i];
      out.terminated[j] = s.terminated[i];
    }
    return out;
  }

  sample(batch: number, rng: RandomStream): TransitionBatch {
    if (this.held === 0) throw new RangeError('no transitions handed over yet');
    return this.gather(Int32Array.from({ length: batch }, () => rng.int(this.held)));
  }

  /** Everything held, in slot order (not oldest first once the ring has wrapped). */
  all(): TransitionBatch {
    return this.gather(Int32Array.from({ length: this.held }, (_, i) => i));
  }

  /** Forgets every transition (keeps the allocation). */
  clear(): void {
    this.pos = 0;
    this.held = 0;
  }
}
