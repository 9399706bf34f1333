/**
 * Convolution, transposed convolution and dense layers as parameter records plus pure apply
 * functions. Tensors are NHWC float32. Every apply function must run inside a tf.tidy (or a
 * gradient tape) owned by the caller; none of them disposes its input.
 *
 * On the CPU backend the project's fast kernels (src/tf/kernels/cpu) replace Conv2D, FusedConv2D,
 * Conv2DBackpropFilter/Input and matMul. Trap: conv2dTranspose's forward pass IS the
 * Conv2DBackpropInput kernel, and its gradient w.r.t. the input is a Conv2D.
 */
import * as tf from '@tensorflow/tfjs';
import type { Init, ParamStore } from './params.js';

export type WeightInit = 'fanIn' | 'dcgan';

function weightInit(kind: WeightInit, fanIn: number): Init {
  return kind === 'dcgan' ? { kind: 'normal', std: 0.02 } : { kind: 'fanIn', fanIn };
}

export interface Conv {
  /** Kernel `[k, k, inC, outC]`. */
  w: tf.Variable;
  b: tf.Variable | null;
  stride: number;
}

/** A k x k 'same'-padded convolution: `[B, H, W, inC]` -> `[B, ceil(H/stride), ceil(W/stride), outC]`. */
export function makeConv(store: ParamStore, name: string, inC: number, outC: number, kernel: number, stride: number, init: WeightInit = 'fanIn', bias = true): Conv {
  const fanIn = kernel * kernel * inC;
  return {
    w: store.param(`${name}/kernel`, [kernel, kernel, inC, outC], weightInit(init, fanIn)),
    b: bias ? store.param(`${name}/bias`, [outC], { kind: 'zeros' }) : null,
    stride,
  };
}

export function conv(layer: Conv, x: tf.Tensor4D): tf.Tensor4D {
  const y = tf.conv2d(x, layer.w as tf.Tensor4D, layer.stride, 'same');
  return layer.b ? tf.add(y, layer.b) : y;
}

export interface ConvT {
  /** Kernel `[k, k, outC, inC]` (tfjs's conv2dTranspose layout). */
  w: tf.Variable;
  b: tf.Variable | null;
  stride: number;
  outC: number;
}

/** A k x k 'same' transposed convolution: `[B, H, W, inC]` -> `[B, H*stride, W*stride, outC]`. */
export function makeConvT(store: ParamStore, name: string, inC: number, outC: number, kernel: number, stride: number, init: WeightInit = 'fanIn', bias = true): ConvT {
  // PyTorch's fan-in for ConvTranspose2d weights is outC * k * k (its dim 1 is out channels).
  const fanIn = kernel * kernel * outC;
  return {
    w: store.param(`${name}/kernel`, [kernel, kernel, outC, inC], weightInit(init, fanIn)),
    b: bias ? store.param(`${name}/bias`, [outC], { kind: 'zeros' }) : null,
    stride,
    outC,
  };
}

export function convT(layer: ConvT, x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w] = x.shape;
  const y = tf.conv2dTranspose(x, layer.w as tf.Tensor4D, [n, h * layer.stride, w * layer.stride, layer.outC], layer.stride, 'same');
  return layer.b ? tf.add(y, layer.b) : y;
}

export interface Dense {
  /** `[inF, outF]`. */
  w: tf.Variable;
  b: tf.Variable;
}

export function makeDense(store: ParamStore, name: string, inF: number, outF: number, init: WeightInit = 'fanIn'): Dense {
  return {
    w: store.param(`${name}/kernel`, [inF, outF], weightInit(init, inF)),
    b: store.param(`${name}/bias`, [outF], { kind: 'zeros' }),
  };
}

/** `[B, inF]` -> `[B, outF]`. */
export function dense(layer: Dense, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, layer.w as tf.Tensor2D), layer.b);
}

/** x * sigmoid(x) (SiLU / swish). */
export function silu<T extends tf.Tensor>(x: T): T {
  return tf.mul(x, tf.sigmoid(x));
}

/** max(x, slope * x), DCGAN's discriminator activation with slope 0.2. */
export function leakyRelu<T extends tf.Tensor>(x: T, slope = 0.2): T {
  return tf.leakyRelu(x, slope);
}
