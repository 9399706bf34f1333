/**
 * The judge: a small conv net that classifies 32x32 images of one dataset, used to score
 * generated samples (does it look like the class it was asked for?) and, through its
 * penultimate activations, as the feature space of KID.
 *
 * Shapes (NHWC, size s divisible by 4): x [n, s, s, 1] in [0, 1]
 *   -> conv 5x5x16 stride 2 'same' + relu  [n, s/2, s/2, 16]
 *   -> conv 5x5x32 stride 2 'same' + relu  [n, s/4, s/4, 32]
 *   -> dense 64 + relu (the features)       [n, 64]
 *   -> dense numClasses (logits)            [n, numClasses]
 */
import * as tf from '@tensorflow/tfjs';
import { RandomStreams } from '../../core/random.js';
import type { NamedValues } from '../../tf/tensor-bundle.js';
import type { DatasetName, ImageBatch } from '../types.js';
import type { FeatureSet } from './kid.js';

export const JUDGE_FEATURES = 64;
const CONV1 = 16;
const CONV2 = 32;
/** Makes variable names unique: tfjs refuses two variables of one name. */
let nextId = 0;

/** What a judge is for; stored in its weight file's header. */
export interface JudgeMeta {
  dataset: DatasetName;
  classNames: string[];
  /** Image side it reads. */
  size: number;
  /** Test accuracy measured when it was built, in [0, 1] (informative only). */
  testAccuracy?: number;
  /**
   * Factor `featuresOf` applies so that mean |f|^2 / 64 = 1 on the training images (set after
   * training; 1 when absent). KID's kernel (x.y/d + 1)^3 assumes features of about unit scale:
   * raw ReLU features are ~10x larger and make KID's variance explode.
   */
  featureScale?: number;
}

const PARAM_NAMES = ['conv1/kernel', 'conv1/bias', 'conv2/kernel', 'conv2/bias', 'dense1/kernel', 'dense1/bias', 'dense2/kernel', 'dense2/bias'] as const;

function paramShapes(size: number, numClasses: number): number[][] {
  const flat = (size / 4) * (size / 4) * CONV2;
  return [[5, 5, 1, CONV1], [CONV1], [5, 5, CONV1, CONV2], [CONV2], [flat, JUDGE_FEATURES], [JUDGE_FEATURES], [JUDGE_FEATURES, numClasses], [numClasses]];
}

export class Judge {
  /** In PARAM_NAMES order. */
  readonly params: tf.Variable[];

  private constructor(readonly meta: JudgeMeta, values: (shape: number[], i: number) => tf.Tensor) {
    if (meta.size % 4 !== 0 || meta.size < 8) throw new RangeError(`judge: image size must be a multiple of 4 and >= 8, got ${meta.size}`);
    if (meta.classNames.length < 2) throw new RangeError(`judge: needs at least 2 classes, got ${meta.classNames.length}`);
    const prefix = `judge-${meta.dataset}-${nextId++}`;
    this.params = paramShapes(meta.size, meta.classNames.length).map((shape, i) => tf.tidy(() => tf.variable(values(shape, i), true, `${prefix}/${PARAM_NAMES[i]}`)));
  }

  /** A fresh judge, He-uniform weights and zero biases from the stream `seed` gives. */
  static create(meta: JudgeMeta, seed: number): Judge {
    const rng = new RandomStreams(seed).get('gen/judge/weights');
    return new Judge(meta, (shape) => {
      if (shape.length === 1) return tf.zeros(shape);
      const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const limit = Math.sqrt(6 / fanIn);
      return tf.randomUniform(shape, -limit, limit, 'float32', rng.seed());
    });
  }

  /** A judge with the given weights (from a bundle); shapes are checked. */
  static fromNamedValues(meta: JudgeMeta, tensors: NamedValues[], source: string): Judge {
    const shapes = paramShapes(meta.size, meta.classNames.length);
    return new Judge(meta, (shape, i) => {
      const t = tensors.find((x) => x.name === PARAM_NAMES[i]);
      if (!t) throw new RangeError(`${source}: no tensor "${PARAM_NAMES[i]}"`);
      if (t.shape.join() !== shapes[i].join()) throw new RangeError(`${source}: "${PARAM_NAMES[i]}" has shape [${t.shape}], expected [${shape}]`);
      return tf.tensor(t.values, shape);
    });
  }

  get numClasses(): number {
    return this.meta.classNames.length;
  }

  /** [n, 64] penultimate activations of x [n, s, s, 1]. */
  features(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const [k1, b1, k2, b2, w3, b3] = this.params;
      const h1 = tf.relu(tf.add(tf.conv2d(x, k1 as tf.Tensor4D, 2, 'same'), b1));
      const h2 = tf.relu(tf.add(tf.conv2d(h1 as tf.Tensor4D, k2 as tf.Tensor4D, 2, 'same'), b2));
      const flat = tf.reshape(h2, [x.shape[0], -1]);
      return tf.relu(tf.add(tf.matMul(flat, w3), b3)) as tf.Tensor2D;
    });
  }

  /** [n, numClasses] logits of x [n, s, s, 1]. */
  logits(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => tf.add(tf.matMul(this.features(x), this.params[6]), this.params[7]) as tf.Tensor2D);
  }

  /**
   * Predicted class per image of `batch` (size must be the judge's), in chunks of `chunk`.
   * Reads back with `await data()` (one read a chunk): dataSync breaks WebGPU.
   */
  async predict(batch: ImageBatch, chunk = 256): Promise<Int32Array> {
    const out = new Int32Array(batch.count);
    await this.inChunks(batch, chunk, async (x, from) => {
      const classes = tf.tidy(() => tf.argMax(this.logits(x), 1));
      try {
        out.set((await classes.data()) as Int32Array, from);
      } finally {
        classes.dispose();
      }
    });
    return out;
  }

  /** The penultimate features of every image of `batch` times `meta.featureScale`, for KID. */
  async featuresOf(batch: ImageBatch, chunk = 256): Promise<FeatureSet> {
    const values = new Float32Array(batch.count * JUDGE_FEATURES);
    const scale = this.meta.featureScale ?? 1;
    await this.inChunks(batch, chunk, async (x, from) => {
      const f = tf.tidy(() => tf.mul(this.features(x), scale));
      try {
        values.set((await f.data()) as Float32Array, from * JUDGE_FEATURES);
      } finally {
        f.dispose();
      }
    });
    return { count: batch.count, dim: JUDGE_FEATURES, values };
  }

  /** The weights as named values (for encodeBundle); copies, read with `await data()`. */
  async toNamedValues(): Promise<NamedValues[]> {
    const values = await Promise.all(this.params.map((p) => p.data()));
    return this.params.map((p, i) => ({ name: PARAM_NAMES[i], shape: p.shape, values: values[i] as Float32Array }));
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
  }

  private async inChunks(batch: ImageBatch, chunk: number, use: (x: tf.Tensor4D, from: number) => Promise<void>): Promise<void> {
    const s = this.meta.size;
    if (batch.size !== s) throw new RangeError(`judge for ${this.meta.dataset} reads ${s}x${s} images, got ${batch.size}x${batch.size}`);
    for (let from = 0; from < batch.count; from += chunk) {
      const n = Math.min(chunk, batch.count - from);
      const x = tf.tensor4d(batch.pixels.subarray(from * s * s, (from + n) * s * s), [n, s, s, 1]);
      try {
        await use(x, from);
      } finally {
        x.dispose();
      }
    }
  }
}
