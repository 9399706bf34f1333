/**
 * The frames the agent hands over while it plays, kept in a ring of at most `capacity` frames
 * (the oldest overwritten first). A FrameProvider, so a FramesSource trains on it while it fills.
 */
import type { RandomStream } from '../../core/random.js';
import { checkInteger } from '../../core/validate.js';
import { FRAME_SIZE, FRAME_WIDTH } from '../../obs/raster.js';
import type { FrameProvider } from './frames.js';

export class FrameRing implements FrameProvider {
  private readonly frames: Uint8Array;
  private stored = 0;
  private next = 0;
  /** Frames added since the ring was made (the handed-over total). */
  received = 0;

  constructor(readonly capacity: number) {
    checkInteger('frame ring capacity', capacity, 1, 100_000);
    this.frames = new Uint8Array(capacity * FRAME_SIZE);
  }

  get count(): number {
    return this.stored;
  }

  /** Adds `[n, 84 * 84]` bytes of frames (copied in). */
  add(frames: Uint8Array): void {
    if (frames.length % FRAME_SIZE !== 0) {
      throw new RangeError(`frames: ${frames.length} bytes is not a whole number of ${FRAME_WIDTH}x${FRAME_WIDTH} frames`);
    }
    for (let from = 0; from < frames.length; from += FRAME_SIZE) {
      this.frames.set(frames.subarray(from, from + FRAME_SIZE), this.next * FRAME_SIZE);
      this.next = (this.next + 1) % this.capacity;
      this.stored = Math.min(this.capacity, this.stored + 1);
      this.received++;
    }
  }

  sampleFrames(count: number, rng: Pick<RandomStream, 'int'>): Uint8Array {
    if (this.stored === 0) throw new RangeError('frames: the agent has handed over no frames yet (start the agent)');
    const out = new Uint8Array(count * FRAME_SIZE);
    for (let i = 0; i < count; i++) {
      const from = rng.int(this.stored) * FRAME_SIZE;
      out.set(this.frames.subarray(from, from + FRAME_SIZE), i * FRAME_SIZE);
    }
    return out;
  }
}
