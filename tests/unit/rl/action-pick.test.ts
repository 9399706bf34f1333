/** From Q-values to an action: the argmax and Boltzmann (softmax) exploration, dqn.softmaxTemperature. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/core/random.js';
import { FRAME_SIZE } from '../../../src/obs/raster.js';
import { argMaxLegal, softmaxLegal } from '../../../src/rl/action-pick.js';
import { resolveDqnConfig } from '../../../src/rl/config.js';
import { DqnAgent } from '../../../src/rl/dqn-agent.js';
import { registerFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';

beforeAll(async () => {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
});

const Q = new Float32Array([9, 0.5, 0.3, -4, 0.5, 9]); // one row of 5 at offset 1: [0.5, 0.3, -4, 0.5, 9]
const ALL = 0b11111;
const NO_LAST = 0b01111; // action 4 (9) illegal

/** How often each action is drawn over `draws` evenly spaced u in [0, 1). */
function frequencies(mask: number, temperature: number, draws = 20_000): number[] {
  const counts = [0, 0, 0, 0, 0];
  for (let k = 0; k < draws; k++) counts[softmaxLegal(Q, 1, 5, mask, temperature, (k + 0.5) / draws)]++;
  return counts.map((c) => c / draws);
}

describe('argMaxLegal', () => {
  it('takes the best legal action, the lowest index on ties', () => {
    expect(argMaxLegal(Q, 1, 5, ALL)).toBe(4);
    expect(argMaxLegal(Q, 1, 5, NO_LAST)).toBe(0); // 0.5 at 0 and 3: the lower
    expect(argMaxLegal(Q, 1, 5, 0b00110)).toBe(1);
  });
});

describe('softmaxLegal', () => {
  it('draws each legal action with probability exp(Q/T) / sum, never an illegal one', () => {
    const T = 0.5;
    const legal = [0, 1, 2, 3];
    const weights = legal.map((a) => Math.exp(Q[1 + a] / T));
    const total = weights.reduce((s, w) => s + w, 0);
    const seen = frequencies(NO_LAST, T);
    legal.forEach((a, i) => expect(seen[a]).toBeCloseTo(weights[i] / total, 3));
    expect(seen[4]).toBe(0);
  });

  it('is the argmax as T goes to 0, and near uniform for a huge T; large Q gaps do not overflow', () => {
    expect(frequencies(ALL, 1e-4)).toEqual([0, 0, 0, 0, 1]);
    for (const f of frequencies(ALL, 1e6)) expect(f).toBeCloseTo(0.2, 3);
    const huge = new Float32Array([1e30, -1e30, 0]);
    expect(softmaxLegal(huge, 0, 3, 0b111, 1e-3, 0.999999)).toBe(0);
    expect(softmaxLegal(huge, 0, 3, 0b110, 1e-3, 0.999999)).toBe(2);
  });

  it('a u at the very top of [0, 1) still lands on a legal action', () => {
    expect(softmaxLegal(Q, 1, 5, 0b00110, 1, 1 - 2 ** -53)).toBe(2);
  });
});

describe('DqnAgent with a softmax temperature', () => {
  it('training acts by softmax draws over the legal moves, deterministically per seed; the greedy actor keeps the argmax', async () => {
    const config = resolveDqnConfig({ net: 'small', legalActionsOnly: true, softmaxTemperature: 1e6 });
    const agent = new DqnAgent(5, config, new RandomStreams(3).get('weights'));
    const n = 64;
    const obs = new Uint8Array(n * FRAME_SIZE * 4).map((_, i) => (i * 37) % 251);
    const legal = new Uint8Array(n).fill(0b01011); // North, South, West
    const drawn = async (seed: number) => Array.from((await agent.act(obs, n, 0, new RandomStreams(seed).get('x'), legal)).actions);
    const first = await drawn(1);
    expect(await drawn(1)).toEqual(first);
    expect(new Set(first)).toEqual(new Set([0, 1, 3])); // at a huge T: every legal move, no other
    const greedy = await agent.greedyActor().act(obs, n, 0, new RandomStreams(1).get('x'), legal);
    const q = await agent.qValues(obs, n);
    expect(Array.from(greedy.actions)).toEqual(Array.from({ length: n }, (_, i) => argMaxLegal(q, i * 5, 5, 0b01011)));
    agent.dispose();
  });

  it('refuses a negative or non-finite temperature, naming it', () => {
    expect(() => resolveDqnConfig({ softmaxTemperature: -0.1 })).toThrow(/dqn\.softmaxTemperature must be a number in \[0, 1000000\], got -0\.1/);
    expect(() => resolveDqnConfig({ softmaxTemperature: Number.POSITIVE_INFINITY })).toThrow(/dqn\.softmaxTemperature/);
  });
});
