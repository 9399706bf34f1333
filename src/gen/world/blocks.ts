/**
 * Building blocks shared by the world models (NHWC float32; every apply runs inside the
 * caller's tidy or gradient tape and disposes nothing).
 *
 * Resolution plan: the 84x84 frame is cut into 4x4 patches by a 4x4/4 conv (84 = 4 * 21), so
 * the networks work at 21x21 and 11x11 and a CPU step costs ~1/16 of a full-resolution net;
 * the readout is the mirror, a 4x4/4 transposed conv to per-pixel features and a 1x1 conv to 7
 * level logits. Trap: 21 is odd, so a stride-2 conv gives 11 and a stride-2 transposed conv
 * gives 22: `upsample` pads so that it gives 21.
 */
import * as tf from '@tensorflow/tfjs';
import { conv, convT, makeConv, makeConvT, type Conv, type ConvT } from '../nn/layers.js';
import { perImageBroadcast } from '../nn/norm.js';
import type { ParamStore } from '../nn/params.js';
import { NUM_LEVELS } from './cells.js';
import { ACTION_SLOTS } from './encode.js';

/**
 * Runs `make` (which builds variables) inside a tidy and returns what it made. Trap: tf.variable
 * keeps its initial value's data but not the tensor, so a ParamStore or Adam built outside a
 * tidy leaves one tensor per variable behind after dispose(); tidy frees those, never variables.
 */
export function buildTidy<T>(make: () => T): T {
  let out: T | undefined;
  tf.tidy(() => { out = make(); });
  return out as T;
}

/**
 * Upsampling `[B, S, S, inC]` -> `[B, size, size, outC]` with a 3x3 stride-2 transposed conv
 * padded by 1 (out = 2S - 1, so 11 -> 21 and 6 -> 11), `layer` made with kernel 3, stride 2.
 * Trap: a 'same' one gives 2S (22), and slicing it back cost ~0.25 s a CPU step (stock Slice
 * and its PadV2 gradient).
 */
export function upsample(layer: ConvT, x: tf.Tensor4D, size: number): tf.Tensor4D {
  const [n, s] = x.shape;
  if (2 * s - 1 !== size) throw new RangeError(`upsample: ${s} -> ${size} is not 2S - 1`);
  const y = tf.conv2dTranspose(x, layer.w as tf.Tensor4D, [n, size, size, layer.outC], 2, 1);
  return layer.b ? tf.add(y, layer.b) : y;
}

/** Action FiLM: a per-action scale and shift of every channel, `[ACTION_SLOTS, 2C]`, drawn N(0, 0.1^2) so actions differ from the start. */
export interface Film {
  table: tf.Variable;
  channels: number;
}

export function makeFilm(store: ParamStore, name: string, channels: number): Film {
  return { table: store.param(`${name}/film`, [ACTION_SLOTS, 2 * channels], { kind: 'normal', std: 0.1 }), channels };
}

/**
 * `h * (1 + scale_a) + shift_a` per image, `a` one-hot `[B, ACTION_SLOTS]`. The broadcasts are
 * batched matMuls: the fast CPU kernels broadcast only along leading axes (see nn/norm.ts).
 */
export function film(f: Film, h: tf.Tensor4D, a: tf.Tensor2D): tf.Tensor4D {
  const [b, hh, ww, c] = h.shape;
  const p = tf.matMul(a, f.table as tf.Tensor2D);
  const scale = tf.reshape(perImageBroadcast(tf.add(tf.slice(p, [0, 0], [b, c]), 1) as tf.Tensor2D, hh * ww), h.shape);
  const shift = tf.reshape(perImageBroadcast(tf.slice(p, [0, c], [b, c]) as tf.Tensor2D, hh * ww), h.shape);
  return tf.add(tf.mul(h, scale), shift);
}

/** Residual block with action FiLM: x + conv2(relu(film(conv1(relu(x))))), channels kept. */
export interface ResBlock {
  conv1: Conv;
  conv2: Conv;
  film: Film;
}

export function makeResBlock(store: ParamStore, name: string, c: number): ResBlock {
  return { conv1: makeConv(store, `${name}/conv1`, c, c, 3, 1), conv2: makeConv(store, `${name}/conv2`, c, c, 3, 1), film: makeFilm(store, name, c) };
}

export function resBlock(r: ResBlock, x: tf.Tensor4D, a: tf.Tensor2D): tf.Tensor4D {
  const h = film(r.film, conv(r.conv1, tf.relu(x)), a);
  return tf.add(x, conv(r.conv2, tf.relu(h)));
}

/**
 * Per-pixel readout: `[B, 21, 21, C]` -> convT 4x4/4 -> relu -> conv 1x1 -> level logits
 * `[B, 84, 84, 7]`, plus (with `copy`) a 1x1 conv of the newest context frame's one-hot
 * levels: an easy path to "this pixel stays as it was", which is most pixels.
 */
export interface Readout {
  up: ConvT;
  out: Conv;
  copy: Conv | null;
}

export function makeReadout(store: ParamStore, name: string, inC: number, hidden: number, copy: boolean): Readout {
  return {
    up: makeConvT(store, `${name}/up`, inC, hidden, 4, 4),
    out: makeConv(store, `${name}/out`, hidden, NUM_LEVELS, 1, 1),
    copy: copy ? makeConv(store, `${name}/copy`, NUM_LEVELS, NUM_LEVELS, 1, 1, 'fanIn', false) : null,
  };
}

export function readout(r: Readout, h: tf.Tensor4D, lastFrame: tf.Tensor4D | null): tf.Tensor4D {
  const logits = conv(r.out, tf.relu(convT(r.up, h)));
  if (!r.copy) return logits;
  if (!lastFrame) throw new RangeError('readout: a copy path needs the newest frame');
  return tf.add(logits, conv(r.copy, lastFrame));
}

/** Patch embedding 4x4/4: `[B, 84, 84, inC]` -> `[B, 21, 21, outC]`. */
export function makePatchEmbed(store: ParamStore, name: string, inC: number, outC: number): Conv {
  return makeConv(store, name, inC, outC, 4, 4);
}
