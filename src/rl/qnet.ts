/**
 * Q-networks as plain tfjs variables and functions (no tf.layers): the DQN needs exact control
 * of initialisation (seeded), target copies (assign), Polyak averaging and checkpoints by name.
 *
 * Input: uint8 frame stacks `[B, 84, 84, 4]` (NHWC), scaled to [0, 1] inside `apply`.
 * Output: `[B, numActions]` Q-values.
 *   nature: conv 32x8x8/4, conv 64x4x4/2, conv 64x3x3/1, dense 512, head (the DQN paper's).
 *   small:  conv 16x8x8/4, conv 32x4x4/2, dense 256, head (for the CPU and tests).
 * `dueling` splits the head into a value V(s) and advantages A(s, a):
 *   Q = V + A - mean_a A (Wang et al. 2016).
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../core/random.js';
import type { ConvShape } from '../tf/kernels/webgpu/qnet-forward-wgsl.js';
import { UNPACK_BYTES } from '../tf/kernels/webgpu/unpack-bytes.js';

export type NetPreset = 'nature' | 'small';
export const NET_PRESETS: readonly NetPreset[] = ['nature', 'small'];

interface ConvSpec { filters: number; kernel: number; stride: number }
interface NetSpec { convs: ConvSpec[]; hidden: number }

export const NET_SPECS: Record<NetPreset, NetSpec> = {
  nature: { convs: [{ filters: 32, kernel: 8, stride: 4 }, { filters: 64, kernel: 4, stride: 2 }, { filters: 64, kernel: 3, stride: 1 }], hidden: 512 },
  small: { convs: [{ filters: 16, kernel: 8, stride: 4 }, { filters: 32, kernel: 4, stride: 2 }], hidden: 256 },
};

export interface QNetLayers {
  convs: { w: tf.Variable; b: tf.Variable; shape: ConvShape }[];
  hidden: { w: tf.Variable; b: tf.Variable; inputs: number; outputs: number };
  head: { w: tf.Variable; b: tf.Variable };
  value: { w: tf.Variable; b: tf.Variable } | null;
  numActions: number;
}

export const INPUT_SIZE = 84;
export const INPUT_CHANNELS = 4;

export interface QNetworkShape {
  preset: NetPreset;
  numActions: number;
  dueling: boolean;
}

/**
 * Frame stacks `[n, 84, 84, 4]` of uint8 as the network's float input in [0, 1], converted in
 * one pass here rather than three tensor ops (cast, multiply) per batch.
 */
export function stacksToInput(stacks: Uint8Array, n: number): tf.Tensor4D {
  const size = n * INPUT_SIZE * INPUT_SIZE * INPUT_CHANNELS;
  if (stacks.length < size) throw new RangeError(`frame stacks: ${stacks.length} bytes for ${n} stacks of ${INPUT_SIZE}x${INPUT_SIZE}x${INPUT_CHANNELS}`);
  const shape: [number, number, number, number] = [n, INPUT_SIZE, INPUT_SIZE, INPUT_CHANNELS];
  if (tf.getKernel(UNPACK_BYTES, tf.getBackend()) !== undefined) {
    // WebGPU: upload the bytes as they are (viewed as int32) and spread them on the device.
    const bytes = stacks.byteOffset % 4 === 0 ? stacks : stacks.slice(0, size);
    const words = new Int32Array(bytes.buffer, bytes.byteOffset, size / 4);
    return tf.tidy(() => tf.reshape(tf.engine().runKernel(UNPACK_BYTES, { packed: tf.tensor1d(words, 'int32') }) as tf.Tensor, shape));
  }
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = BYTE_TO_UNIT[stacks[i]];
  return tf.tensor4d(values, shape, 'float32');
}

/** byte -> byte / 255 as float32: a table read is ~2x faster than the multiply and the rounding. */
const BYTE_TO_UNIT = Float32Array.from({ length: 256 }, (_, b) => b * (1 / 255));

/**
 * tfjs variable names are global and must be unique, but two runs (an old one being replaced,
 * a checkpoint being evaluated) can hold networks at once: each network tags its variables
 * `@N`. Checkpoints store the logical name without the tag (see `logicalName`).
 */
let nextNetworkId = 1;

/** A variable's name without its network's `@N` tag: what checkpoints store. */
export function logicalName(variable: tf.Variable): string {
  return variable.name.replace(/@\d+/, '');
}

/** Output side of a 'valid' convolution. */
function convOut(size: number, kernel: number, stride: number): number {
  return Math.floor((size - kernel) / stride) + 1;
}

export class QNetwork {
  /** Trainable variables in a fixed order; names are stable across runs (checkpoints use them). */
  readonly params: tf.Variable[] = [];
  private readonly convs: { w: tf.Variable; b: tf.Variable; stride: number; shape: ConvShape }[] = [];
  private readonly hidden: { w: tf.Variable; b: tf.Variable; inputs: number; outputs: number };
  private readonly head: { w: tf.Variable; b: tf.Variable };
  private readonly value: { w: tf.Variable; b: tf.Variable } | null;
  /** Dueling only: C = I - 11^T / A, so that A C = A - mean_a A (a constant, not a parameter). */
  private readonly centring: tf.Tensor2D | null;

  /**
   * Weights drawn like PyTorch's defaults (uniform in +-1/sqrt(fan-in), seeded by `rng`);
   * biases zero. `prefix` keeps two networks' variable names apart (online/target).
   */
  constructor(readonly shape: QNetworkShape, rng: RandomStream, prefix: string) {
    const spec = NET_SPECS[shape.preset];
    let size = INPUT_SIZE;
    let channels = INPUT_CHANNELS;
    const tag = `@${nextNetworkId++}`;
    const make = (name: string, dims: number[], fanIn: number): tf.Variable => {
      const bound = 1 / Math.sqrt(fanIn);
      // tidy frees the initial value (a variable shares its data; left alone it outlives dispose()).
      const v = tf.tidy(() => tf.variable(tf.randomUniform(dims, -bound, bound, 'float32', rng.seed()), true, `${prefix}/${name}${tag}`));
      this.params.push(v);
      return v;
    };
    const zeros = (name: string, n: number): tf.Variable => {
      const v = tf.tidy(() => tf.variable(tf.zeros([n]), true, `${prefix}/${name}${tag}`));
      this.params.push(v);
      return v;
    };
    spec.convs.forEach((c, i) => {
      const fanIn = c.kernel * c.kernel * channels;
      const w = make(`conv${i}/kernel`, [c.kernel, c.kernel, channels, c.filters], fanIn);
      const b = zeros(`conv${i}/bias`, c.filters);
      const outSize = convOut(size, c.kernel, c.stride);
      this.convs.push({ w, b, stride: c.stride, shape: { kernel: c.kernel, stride: c.stride, inSize: size, inChannels: channels, outSize, outChannels: c.filters } });
      size = outSize;
      channels = c.filters;
    });
    const flat = size * size * channels;
    this.hidden = { w: make('dense/kernel', [flat, spec.hidden], flat), b: zeros('dense/bias', spec.hidden), inputs: flat, outputs: spec.hidden };
    this.head = { w: make('advantage/kernel', [spec.hidden, shape.numActions], spec.hidden), b: zeros('advantage/bias', shape.numActions) };
    this.value = shape.dueling ? { w: make('value/kernel', [spec.hidden, 1], spec.hidden), b: zeros('value/bias', 1) } : null;
    const A = shape.numActions;
    this.centring = shape.dueling ? tf.tidy(() => tf.keep(tf.sub(tf.eye(A), tf.fill([A, A], 1 / A)) as tf.Tensor2D)) : null;
  }

  /**
   * Q-values `[B, numActions]` for float `[B, 84, 84, 4]` input in [0, 1] (see stacksToInput).
   * Convolutions and the hidden layer use tfjs's fused ops (bias and relu in the same kernel).
   */
  apply(input: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      let x = input;
      for (const c of this.convs) {
        x = tf.fused.conv2d({ x, filter: c.w as tf.Tensor4D, strides: c.stride, pad: 'valid', bias: c.b, activation: 'relu' });
      }
      const flat = tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D;
      const h = tf.fused.matMul({ a: flat, b: this.hidden.w as tf.Tensor2D, bias: this.hidden.b, activation: 'relu' });
      // Few programs: on a GPU each one's issuing costs more than its arithmetic at these sizes
      // (BENCHMARKS.md, "WebGPU on an NVIDIA H200"). Biases ride in the matrix products, and the
      // dueling combination V + A - mean_a A is one more product, A C with V as its bias
      // (broadcast over the actions): three programs where it took seven.
      const adv = tf.fused.matMul({ a: h, b: this.head.w as tf.Tensor2D, bias: this.head.b }) as tf.Tensor2D;
      if (!this.value || !this.centring) return adv;
      const v = tf.fused.matMul({ a: h, b: this.value.w as tf.Tensor2D, bias: this.value.b });
      return tf.fused.matMul({ a: adv, b: this.centring, bias: v }) as tf.Tensor2D;
    });
  }

  /**
   * The layers' current variables and sizes, for a forward pass written outside tfjs
   * (src/rl/webgpu-forward.ts). Variables are re-read at each call: an optimizer step or a target
   * sync gives them new data (and buffers) every time.
   */
  layers(): QNetLayers {
    return {
      convs: this.convs.map(({ w, b, shape }) => ({ w, b, shape })),
      hidden: this.hidden,
      head: this.head,
      value: this.value,
      numActions: this.shape.numActions,
    };
  }

  /** Copies `source`'s weights (hard target sync), or Polyak-averages with weight `tau` on the source. */
  copyFrom(source: QNetwork, tau = 1): void {
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const s = source.params[i];
        p.assign(tau >= 1 ? s : tf.add(tf.mul(s, tau), tf.mul(p, 1 - tau)));
      });
    });
  }

  /** Parameter count. */
  get size(): number {
    return this.params.reduce((n, p) => n + p.size, 0);
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
    this.centring?.dispose();
  }
}
