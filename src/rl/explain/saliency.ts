/**
 * Saliency: which input pixels most change the chosen action's Q-value, |dQ(s, a) / dx| for
 * each pixel x of the stacked observation (x = byte / 255, as the network sees it), by tf.grad
 * through the online network.
 *
 * Contract: the values are exactly 0 outside the maze's rectangle. The raster letterboxes the
 * maze into 84x84 and the padding around it is the same gray in every frame the game can draw,
 * so no state changes those pixels; the network's receptive fields do cover them (a 'valid'
 * 8x8/4 first convolution tiles all 84 columns), so their raw gradient is generally not 0 and is
 * masked here rather than shown as if it mattered.
 */
import * as tf from '@tensorflow/tfjs';
import { FRAME_HEIGHT, FRAME_SIZE, FRAME_WIDTH, rasterGeometry } from '../../obs/raster.js';
import { INPUT_CHANNELS, type QNetwork, stacksToInput } from '../qnet.js';
import type { SaliencyMap } from './types.js';

export type MazeArea = SaliencyMap['area'];

/** The pixel rectangle the raster draws a `width` x `height`-cell maze into (clipped to the frame). */
export function mazeArea(width: number, height: number): MazeArea {
  const { cell, offsetX, offsetY } = rasterGeometry(width, height);
  const x = Math.max(0, offsetX);
  const y = Math.max(0, offsetY);
  return { x, y, width: Math.min(FRAME_WIDTH, offsetX + cell * width) - x, height: Math.min(FRAME_HEIGHT, offsetY + cell * height) - y };
}

/**
 * The saliency of Q(s, a) for one stacked observation `obs` (`[84, 84, 4]` bytes, newest last),
 * with `a` the greedy action unless given. Values `[4, 84, 84]`, oldest frame first, scaled so the
 * largest is 1.
 */
export async function saliencyMap(net: QNetwork, obs: Uint8Array, action: number | undefined, area: MazeArea): Promise<SaliencyMap> {
  const bytes = FRAME_SIZE * INPUT_CHANNELS;
  if (!(obs instanceof Uint8Array) || obs.length !== bytes) {
    throw new RangeError(`obs must be a Uint8Array of ${bytes} bytes (one [84, 84, 4] stack), got ${obs instanceof Uint8Array ? `${obs.length} bytes` : String(obs)}`);
  }
  const numActions = net.shape.numActions;
  if (action !== undefined && !(Number.isInteger(action) && action >= 0 && action < numActions)) {
    throw new RangeError(`action must be an integer in [0, ${numActions - 1}] or left out (the greedy action), got ${action}`);
  }
  const [grad, chosen] = tf.tidy(() => {
    const x = stacksToInput(obs, 1);
    const a = action === undefined ? tf.argMax(net.apply(x), 1) : tf.tensor1d([action], 'int32');
    const pick = tf.oneHot(a, numActions);
    const g = tf.grad((input) => tf.sum(tf.mul(net.apply(input as tf.Tensor4D), pick)))(x);
    return [tf.transpose(tf.reshape(tf.abs(g), [FRAME_HEIGHT, FRAME_WIDTH, INPUT_CHANNELS]), [2, 0, 1]), a];
  });
  let raw: Float32Array;
  let picked: Int32Array;
  try {
    [raw, picked] = (await Promise.all([grad.data(), chosen.data()])) as [Float32Array, Int32Array];
  } finally {
    tf.dispose([grad, chosen]);
  }
  const values = new Float32Array(INPUT_CHANNELS * FRAME_SIZE);
  let scale = 0;
  for (let k = 0; k < INPUT_CHANNELS; k++) {
    for (let y = area.y; y < area.y + area.height; y++) {
      const from = k * FRAME_SIZE + y * FRAME_WIDTH + area.x;
      for (let p = from; p < from + area.width; p++) {
        values[p] = raw[p];
        if (raw[p] > scale) scale = raw[p];
      }
    }
  }
  if (scale > 0) for (let p = 0; p < values.length; p++) values[p] /= scale;
  return { action: picked[0], values, scale, area };
}
