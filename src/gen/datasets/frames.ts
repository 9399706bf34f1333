/**
 * The `frames` dataset: the game's own 84x84 agent's-eye frames (from the RL worker's replay
 * memory, or from random play), area-averaged down to the model's size. No classes.
 *
 * Frames are drawn WITH replacement: a replay memory changes under us, so "an epoch" has no
 * meaning here (unlike digits and sprites).
 */
import { RandomStream, RandomStreams } from '../../core/random.js';
import { checkInteger } from '../../core/validate.js';
import { FRAME_SIZE, FRAME_WIDTH } from '../../obs/raster.js';
import type { DatasetInfo, ImageBatch, ImageSource } from '../types.js';
import { areaResizeInto } from './resample.js';

/** Where frames come from. Implementations must not copy their whole memory per call. */
export interface FrameProvider {
  /** Frames available now (may grow while a replay memory fills). */
  readonly count: number;
  /**
   * `count` frames picked with `rng` (with replacement), as one fresh Uint8Array of
   * count * 84 * 84 bytes, frame after frame, row-major, 0 = black. Throws when empty.
   */
  sampleFrames(count: number, rng: Pick<RandomStream, 'int'>): Uint8Array;
}

/** A FrameProvider over frames held in one array (tests, CLI, frames handed over in a batch). */
export class ArrayFrameProvider implements FrameProvider {
  readonly count: number;

  /** `frames`: count * 84 * 84 bytes; kept by reference, not copied. */
  constructor(private readonly frames: Uint8Array) {
    if (frames.length % FRAME_SIZE !== 0) {
      throw new RangeError(`frames: ${frames.length} bytes is not a whole number of ${FRAME_WIDTH}x${FRAME_WIDTH} frames`);
    }
    this.count = frames.length / FRAME_SIZE;
  }

  sampleFrames(count: number, rng: Pick<RandomStream, 'int'>): Uint8Array {
    if (this.count === 0) throw new RangeError('frames: no frames to sample yet');
    const out = new Uint8Array(count * FRAME_SIZE);
    for (let i = 0; i < count; i++) {
      const from = rng.int(this.count) * FRAME_SIZE;
      out.set(this.frames.subarray(from, from + FRAME_SIZE), i * FRAME_SIZE);
    }
    return out;
  }
}

/** Splits frames in time order: the last floor(n / 6) frames become the held-out provider. */
export function splitFrames(frames: Uint8Array): { train: ArrayFrameProvider; test: ArrayFrameProvider } {
  const all = new ArrayFrameProvider(frames);
  const trainCount = all.count - Math.floor(all.count / 6);
  return {
    train: new ArrayFrameProvider(frames.subarray(0, trainCount * FRAME_SIZE)),
    test: new ArrayFrameProvider(frames.subarray(trainCount * FRAME_SIZE)),
  };
}

/** 84x84 frames (bytes) to a float batch at `size` (<= 84) by area averaging, values / 255. */
export function downscaleFrames(frames: Uint8Array, size: number): ImageBatch {
  const count = frames.length / FRAME_SIZE;
  const pixels = new Float32Array(count * size * size);
  for (let i = 0; i < count; i++) areaResizeInto(frames, i, FRAME_WIDTH, pixels, i, size);
  return { count, size, pixels };
}

/**
 * ImageSource over a FrameProvider. `testSet` samples the held-out provider when there is one;
 * without it, it samples the training provider (then it is not held out: say so in reports).
 * Either way it uses a fresh stream per call, so the same provider gives the same test set.
 */
export class FramesSource implements ImageSource {
  private readonly rng: RandomStream;

  constructor(private readonly provider: FrameProvider, readonly size: number, seed: number, private readonly testProvider?: FrameProvider) {
    if (size > FRAME_WIDTH) throw new RangeError(`frames: size must be <= ${FRAME_WIDTH}, got ${size}`);
    this.rng = new RandomStreams(seed).get('gen/frames/draws');
  }

  get info(): DatasetInfo {
    return { name: 'frames', size: this.size, classNames: [], trainCount: this.provider.count, testCount: this.testProvider?.count ?? 0 };
  }

  next(batchSize: number): ImageBatch {
    checkInteger('frames batch size', batchSize, 1);
    return downscaleFrames(this.provider.sampleFrames(batchSize, this.rng), this.size);
  }

  testSet(maxCount: number): ImageBatch {
    checkInteger('frames test set count', maxCount, 0);
    const from = this.testProvider ?? this.provider;
    const count = Math.min(maxCount, from.count);
    return downscaleFrames(from.sampleFrames(count, new RandomStream('pac-lab:frames:test-draws')), this.size);
  }
}
