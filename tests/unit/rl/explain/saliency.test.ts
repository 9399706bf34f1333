/**
 * Saliency: the frame stack's shape, exactly 0 in the raster's letterbox padding (which no game
 * state changes), not 0 inside the maze; and why the mask is needed: the raw gradient there is not 0.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random.js';
import { NUM_ACTIONS } from '../../../../src/env/grid.js';
import { parseLayout } from '../../../../src/env/layout.js';
import { FRAME_SIZE, FRAME_WIDTH } from '../../../../src/obs/raster.js';
import { makePixelVectorEnv } from '../../../../src/obs/pixel-vector-env.js';
import { mazeArea, saliencyMap } from '../../../../src/rl/explain/saliency.js';
import { QNetwork } from '../../../../src/rl/qnet.js';
import { registerFastCpuKernels } from '../../../../src/tf/kernels/cpu/index.js';

// 7 x 5 cells: 12-pixel cells, 84 x 60 pixels, 12 rows of padding above and below.
const LAYOUT = parseLayout(['%%%%%%%', '%.   G%', '% % % %', '%P   .%', '%%%%%%%'].join('\n'), 'wide.lay');

beforeAll(async () => {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
});

function setup() {
  const net = new QNetwork({ preset: 'small', numActions: NUM_ACTIONS, dueling: false }, new RandomStreams(3).get('weights'), 'saliency');
  const vec = makePixelVectorEnv(LAYOUT, 1, { maxSteps: 50 }, 3);
  vec.reset();
  for (let i = 0; i < 3; i++) vec.step(Int32Array.of(2)); // East: the stack's frames differ
  return { net, obs: vec.obs.slice(0, 4 * FRAME_SIZE) };
}

function inside(area: ReturnType<typeof mazeArea>, p: number): boolean {
  const q = p % FRAME_SIZE;
  const x = q % FRAME_WIDTH;
  const y = Math.floor(q / FRAME_WIDTH);
  return x >= area.x && x < area.x + area.width && y >= area.y && y < area.y + area.height;
}

describe('saliency', () => {
  it('has the frame stack shape [4, 84, 84], is 0 outside the maze and not 0 inside it', async () => {
    const { net, obs } = setup();
    const area = mazeArea(LAYOUT.width, LAYOUT.height);
    expect(area).toEqual({ x: 0, y: 12, width: 84, height: 60 });
    const tensors = tf.memory().numTensors;
    const map = await saliencyMap(net, obs, undefined, area);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(map.values).toBeInstanceOf(Float32Array);
    expect(map.values.length).toBe(4 * 84 * 84);
    let outside = 0;
    let insideMax = 0;
    map.values.forEach((v, p) => {
      if (inside(area, p)) insideMax = Math.max(insideMax, v);
      else outside += v === 0 ? 0 : 1;
    });
    expect(outside).toBe(0);
    expect(insideMax).toBe(1); // scaled so the largest is 1
    expect(map.scale).toBeGreaterThan(0);
    // Every frame of the stack gets some saliency (the first conv reads all four).
    for (let k = 0; k < 4; k++) expect(map.values.subarray(k * FRAME_SIZE, (k + 1) * FRAME_SIZE).some((v) => v > 0)).toBe(true);
    // By default, the greedy action's Q.
    const q = tf.tidy(() => net.apply(tf.tensor4d(Float32Array.from(obs, (b) => b / 255), [1, 84, 84, 4])));
    const qv = Array.from(await q.data());
    q.dispose();
    expect(map.action).toBe(qv.indexOf(Math.max(...qv)));
    net.dispose();
  });

  it('masks the padding: the raw gradient there is not 0 (the receptive fields cover it)', async () => {
    const { net, obs } = setup();
    const whole = await saliencyMap(net, obs, 1, { x: 0, y: 0, width: 84, height: 84 });
    expect(whole.action).toBe(1);
    const area = mazeArea(LAYOUT.width, LAYOUT.height);
    expect(Array.from(whole.values).some((v, p) => v > 0 && !inside(area, p))).toBe(true);
    net.dispose();
  });

  it('refuses a wrong stack or action, naming the value', async () => {
    const { net, obs } = setup();
    const area = mazeArea(LAYOUT.width, LAYOUT.height);
    await expect(saliencyMap(net, new Uint8Array(84 * 84), undefined, area)).rejects.toThrow(/obs must be a Uint8Array of 28224 bytes \(one \[84, 84, 4\] stack\), got 7056 bytes/);
    await expect(saliencyMap(net, obs, 7, area)).rejects.toThrow(/action must be an integer in \[0, 4\] or left out \(the greedy action\), got 7/);
    net.dispose();
  });

  it('covers the whole frame for a square maze that fills it, and clips a maze wider than 84 cells', () => {
    expect(mazeArea(7, 7)).toEqual({ x: 0, y: 0, width: 84, height: 84 });
    expect(mazeArea(20, 11)).toEqual({ x: 2, y: 20, width: 80, height: 44 });
    expect(mazeArea(100, 10)).toEqual({ x: 0, y: 37, width: 84, height: 10 });
  });
});
