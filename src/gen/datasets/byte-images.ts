/**
 * A fixed, labelled image set kept as bytes (a quarter of the memory of floats), and the
 * ImageSource over it: epoch shuffles from a seeded stream, batches converted to [0, 1] floats
 * (and area-resized) only when drawn.
 */
import { checkInteger } from '../../core/validate.js';
import { RandomStream, RandomStreams } from '../../core/random.js';
import type { DatasetInfo, DatasetName, ImageBatch, ImageSource } from '../types.js';
import { areaResizeInto } from './resample.js';

/**
 * `count` square images of `size` x `size`, uint8 (0 = black, 255 = white), row-major, image
 * after image; `labels[i]` in [0, numClasses) is image i's class.
 */
export interface ByteImages {
  count: number;
  size: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** Train and test splits of one dataset, with its class names in label order. */
export interface ByteDataset {
  classNames: readonly string[];
  train: ByteImages;
  test: ByteImages;
}

/** Checks that the arrays hold what `count` and `size` promise; `what` names the set in messages. */
export function checkByteImages(what: string, images: ByteImages, numClasses: number): void {
  if (images.pixels.length !== images.count * images.size * images.size) {
    throw new RangeError(`${what}: ${images.pixels.length} pixel bytes for ${images.count} images of ${images.size}x${images.size}`);
  }
  if (images.labels.length !== images.count) {
    throw new RangeError(`${what}: ${images.labels.length} labels for ${images.count} images`);
  }
  for (let i = 0; i < images.count; i++) {
    if (images.labels[i] >= numClasses) throw new RangeError(`${what}: label ${images.labels[i]} of image ${i} is not below ${numClasses} classes`);
  }
}

/** Copies images `order[from .. from + count)` of `set` into a float batch at `size`. */
function gather(set: ByteImages, order: ArrayLike<number>, from: number, count: number, size: number): ImageBatch {
  const pixels = new Float32Array(count * size * size);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const index = order[from + i];
    areaResizeInto(set.pixels, index, set.size, pixels, i, size);
    labels[i] = set.labels[index];
  }
  return { count, size, pixels, labels };
}

/**
 * ImageSource over a ByteDataset. `next` draws without replacement within an epoch; a batch
 * that runs past the end of an epoch takes the rest from the next (reshuffled) epoch. The test
 * split is shuffled once with a stream that depends on the dataset only, so `testSet(n)` is
 * the same class-mixed prefix for every run seed (metrics stay comparable across runs).
 */
export class ByteImageSource implements ImageSource {
  readonly info: DatasetInfo;
  private readonly rng: RandomStream;
  private readonly order: number[];
  private cursor: number;
  private readonly testOrder: number[];

  constructor(name: DatasetName, private readonly data: ByteDataset, size: number, seed: number) {
    checkByteImages(`${name} train split`, data.train, data.classNames.length);
    checkByteImages(`${name} test split`, data.test, data.classNames.length);
    if (data.train.count < 1) throw new RangeError(`${name}: the training split is empty`);
    if (size > data.train.size) throw new RangeError(`${name}: size ${size} is larger than the images (${data.train.size})`);
    this.info = { name, size, classNames: data.classNames, trainCount: data.train.count, testCount: data.test.count };
    this.rng = new RandomStreams(seed).get(`gen/${name}/epochs`);
    this.order = Array.from({ length: data.train.count }, (_, i) => i);
    this.cursor = this.order.length;
    this.testOrder = new RandomStream(`pac-lab:${name}:test-order`).shuffle(Array.from({ length: data.test.count }, (_, i) => i));
  }

  next(batchSize: number): ImageBatch {
    checkInteger(`${this.info.name} batch size`, batchSize, 1);
    const picked = new Int32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      if (this.cursor === this.order.length) {
        this.rng.shuffle(this.order);
        this.cursor = 0;
      }
      picked[i] = this.order[this.cursor++];
    }
    return gather(this.data.train, picked, 0, batchSize, this.info.size);
  }

  testSet(maxCount: number): ImageBatch {
    checkInteger(`${this.info.name} test set count`, maxCount, 0);
    return gather(this.data.test, this.testOrder, 0, Math.min(maxCount, this.data.test.count), this.info.size);
  }
}
