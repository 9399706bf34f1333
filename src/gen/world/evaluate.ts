/**
 * World models against the real engine. Episodes are played on a PixelEnv with a policy and
 * recorded (frames, actions, rewards, terminations); since the engine is deterministic given its
 * seed, the recording IS the engine replaying those actions (tests/unit/gen/world checks that a
 * PacmanEnv reset with the same seed and fed the same actions redraws the same frames). Then:
 * - 1-step: every recorded step predicted from its real stack;
 * - open-loop: from starts every `startStride` steps, the model dreams `max(horizons)` steps
 *   on the recorded actions; step k is compared with the real frame k steps on, for rollouts
 *   whose episode has not ended before step k (the terminal step itself is compared).
 * A "copy the newest frame" baseline is measured on the same frames, for scale.
 */
import type { RandomStream } from '../../core/random.js';
import { RandomStreams } from '../../core/random.js';
import type { EnvConfig } from '../../env/env.js';
import type { Layout } from '../../env/layout.js';
import { STACK_BYTES, STACK_SIZE } from '../../obs/frame-stack.js';
import { PixelEnv } from '../../obs/pixel-env.js';
import { FRAME_SIZE } from '../../obs/raster.js';
import type { CellGrid } from './cells.js';
import { randomPolicy, type Policy } from './data.js';
import { dream } from './dreamer.js';
import { addFrameCellCounts, cellAccuracy, emptyCellCounts, rewardAccuracy, terminationAccuracy, type CellAccuracy, type CellCounts } from './metrics.js';
import type { WorldModel } from './model.js';

/** One recorded episode: `frames[0]` the reset frame, `frames[t + 1]` the frame after `actions[t]`. */
export interface Episode {
  frames: Uint8Array[];
  actions: number[];
  rewards: number[];
  terminated: boolean[];
}

export function recordEpisodes(layout: Layout, env: Partial<EnvConfig>, seed: number, episodes: number, policy: Policy = randomPolicy): Episode[] {
  const pixel = new PixelEnv(layout, env, seed);
  const rng: RandomStream = new RandomStreams(seed).get('world/eval-policy');
  const out: Episode[] = [];
  for (let e = 0; e < episodes; e++) {
    pixel.reset();
    const ep: Episode = { frames: [new Uint8Array(pixel.frame)], actions: [], rewards: [], terminated: [] };
    for (;;) {
      const a = policy(pixel.obs, rng);
      const r = pixel.play(a);
      ep.frames.push(new Uint8Array(pixel.frame));
      ep.actions.push(a);
      ep.rewards.push(r.reward);
      ep.terminated.push(r.terminated);
      if (r.terminated || r.truncated) break;
    }
    out.push(ep);
  }
  return out;
}

/** The stack at step t of an episode (frames t-3..t, the first frame repeated before the start), into `out` at `at`. */
export function episodeStack(ep: Episode, t: number, out: Uint8Array, at = 0): void {
  for (let k = 0; k < STACK_SIZE; k++) {
    const f = ep.frames[Math.max(0, t - (STACK_SIZE - 1) + k)];
    for (let p = 0; p < FRAME_SIZE; p++) out[at + STACK_SIZE * p + k] = f[p];
  }
}

export interface HorizonReport {
  cells: CellAccuracy;
  /** PSNR in dB over all compared frames (pooled squared error). */
  psnr: number;
  copyBaseline: CellAccuracy;
}

export interface WorldEvalReport {
  oneStep: HorizonReport & { reward: { exact: number; sign: number }; termination: { accuracy: number; recall: number; terminals: number } };
  /** By horizon k: step k of open-loop rollouts. */
  rollout: Record<number, HorizonReport>;
  transitions: number;
  rollouts: number;
}

class Pooled {
  counts: CellCounts = emptyCellCounts();
  base: CellCounts = emptyCellCounts();
  se = 0;
  pixels = 0;
  add(pred: Uint8Array, real: Uint8Array, prev: Uint8Array, grid: CellGrid): void {
    addFrameCellCounts(this.counts, pred, real, grid);
    addFrameCellCounts(this.base, prev, real, grid);
    for (let i = 0; i < real.length; i++) this.se += (pred[i] - real[i]) ** 2;
    this.pixels += real.length;
  }
  report(): HorizonReport {
    const mse = this.se / Math.max(1, this.pixels);
    return { cells: cellAccuracy(this.counts), psnr: mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse), copyBaseline: cellAccuracy(this.base) };
  }
}

export interface WorldEvalOptions {
  /** Open-loop horizons to report, each >= 1; rollouts run max(horizons) steps. */
  horizons: number[];
  /** Steps between rollout starts within an episode, >= 1. */
  startStride: number;
  /** Episodes for the rollouts (default: the 1-step ones). Random play dies young: pass long episodes here. */
  rolloutEpisodes?: Episode[];
}

/** Evaluates `model` on recorded `episodes` (1-step over every transition) and open-loop rollouts (see the file's note). */
export async function evaluateWorldModel(model: WorldModel, episodes: Episode[], grid: CellGrid, options: WorldEvalOptions = { horizons: [1, 5, 20], startStride: 5 }): Promise<WorldEvalReport> {
  const { horizons, startStride } = options;
  // 1-step over every transition.
  const one = new Pooled();
  const predR: number[] = [], realR: number[] = [], predT: number[] = [], realT: number[] = [];
  for (const ep of episodes) {
    const T = ep.actions.length;
    const stacks = new Uint8Array(T * STACK_BYTES);
    for (let t = 0; t < T; t++) episodeStack(ep, t, stacks, t * STACK_BYTES);
    const p = await model.predict(stacks, ep.actions);
    for (let t = 0; t < T; t++) {
      one.add(p.frames.subarray(t * FRAME_SIZE, (t + 1) * FRAME_SIZE), ep.frames[t + 1], ep.frames[t], grid);
      predR.push(p.reward[t]); realR.push(ep.rewards[t]); predT.push(p.terminated[t]); realT.push(ep.terminated[t] ? 1 : 0);
    }
  }
  // Open-loop rollouts.
  const H = Math.max(...horizons);
  const starts: [Episode, number][] = [];
  for (const ep of options.rolloutEpisodes ?? episodes) for (let t = 0; t < ep.actions.length; t += startStride) starts.push([ep, t]);
  const stacks = new Uint8Array(starts.length * STACK_BYTES);
  const actions = new Int32Array(starts.length * H).fill(4);
  starts.forEach(([ep, t], i) => {
    episodeStack(ep, t, stacks, i * STACK_BYTES);
    for (let k = 0; k < H && t + k < ep.actions.length; k++) actions[i * H + k] = ep.actions[t + k];
  });
  const d = await dream(model, stacks, actions, H);
  const rollout: Record<number, HorizonReport> = {};
  for (const k of horizons) {
    const pool = new Pooled();
    starts.forEach(([ep, t], i) => {
      if (t + k > ep.actions.length) return;
      const at = (i * H + k - 1) * FRAME_SIZE;
      pool.add(d.frames.subarray(at, at + FRAME_SIZE), ep.frames[t + k], ep.frames[t], grid);
    });
    rollout[k] = pool.report();
  }
  return {
    oneStep: { ...one.report(), reward: rewardAccuracy(predR, realR), termination: terminationAccuracy(predT, realT) },
    rollout, transitions: realR.length, rollouts: starts.length,
  };
}

