/**
 * DQN speed: gradient updates per second (batch 32, including the target network's forward
 * pass and Double DQN's extra online pass; 8 updates per read-back, as the trainer reads rarely)
 * for the nature and small networks, and actions per second for 1 and 16 envs, with the stock tfjs kernels and with Pac-Lab's, side by side in
 * one run (Pac-Lab's kernels: src/tf/kernels/cpu on the CPU, src/tf/kernels/webgpu on WebGPU).
 * The stock CPU nature update takes about a minute, so it is timed once.
 * `profileDqnUpdate` breaks one update down by kernel with tf.profile (`kernelTimeMs`: on
 * WebGPU from the backend's timestamp queries, 0 where the device has none).
 */
import { ALL_ACTIONS_MASK } from '../../env/legal.js';
import * as tf from '@tensorflow/tfjs';
import { RandomStreams } from '../../core/random.js';
import { NUM_ACTIONS } from '../../env/grid.js';
import { resolveDqnConfig } from '../../rl/config.js';
import { tfjsQValues } from '../../rl/acting-q.js';
import { DqnAgent } from '../../rl/dqn-agent.js';
import type { NetPreset } from '../../rl/qnet.js';
import type { ReplayBatch } from '../../rl/replay/replay-memory.js';
import { STACK_BYTES } from '../../obs/frame-stack.js';

export interface DqnBenchFigures {
  net: NetPreset;
  kernels: 'stock' | 'custom';
  batch: number;
  updatesPerSec: number;
  /** Updates timed (1 where a single update takes long). */
  updatesTimed: number;
  /**
   * Pac-Lab's kernels only: the same update in an agent that keeps a policy average
   * (dqn.policyAverageDecay 0.999, the page default's: one Polyak blend of every weight after
   * each update), timed in alternating rounds with the plain agent (`updatesPerSecWithout`), so
   * the two compare on the same machine state. Null for stock kernels.
   */
  policyAverage: { updatesPerSec: number; updatesPerSecWithout: number } | null;
  actionsPerSec1: number;
  actionsPerSec16: number;
  /**
   * 16 envs as two groups of 8 whose batched acts overlap: the second group's forward pass is
   * issued before the first group's actions are read back, as a vector env can act for one half
   * while the other half's read-back is in flight. On a GPU each read-back waits ~1 ms for the
   * device, so one act at a time caps actions/s near 16 per read-back.
   */
  actionsPerSec16Overlapped: number;
  /**
   * 16 envs' Q-values through tfjs (QNetwork.apply and one read-back) with these kernels: on
   * WebGPU with Pac-Lab's kernels the agent acts through its own forward pass instead
   * (src/rl/webgpu-forward.ts), and this row says what that pass saves; elsewhere the two are the same path.
   */
  actionsPerSec16Tfjs: number;
  /**
   * JavaScript time per update until `agent.update` returns, before waiting for the device: the
   * cost of issuing its programs. Close to 1000 / updatesPerSec means the CPU, not the GPU, is
   * the limit.
   */
  issueMsPerUpdate: number;
}

export function syntheticBatch(batch: number, seed: number): ReplayBatch {
  const rng = new RandomStreams(seed).get('bench-batch');
  const states = new Uint8Array(batch * STACK_BYTES);
  const nextStates = new Uint8Array(batch * STACK_BYTES);
  for (let i = 0; i < states.length; i++) {
    states[i] = rng.int(256);
    nextStates[i] = rng.int(256);
  }
  return {
    batchSize: batch, states, nextStates,
    actions: Int32Array.from({ length: batch }, () => rng.int(NUM_ACTIONS)),
    returns: Float32Array.from({ length: batch }, () => rng.next() - 0.5),
    discounts: new Float32Array(batch).fill(0.99),
    nextLegal: new Uint8Array(batch).fill(ALL_ACTIONS_MASK),
    weights: new Float32Array(batch).fill(1),
    indices: new Int32Array(batch),
  };
}

/** Times `fn` (async) repeatedly for about `seconds`, at least once and at most `maxRuns`. */
async function timeRuns(fn: () => Promise<void>, seconds: number, maxRuns: number): Promise<{ perSec: number; runs: number }> {
  await fn(); // warm-up (kernel compilation, buffer allocation)
  let runs = 0;
  const t0 = performance.now();
  while (runs < maxRuns && (runs === 0 || performance.now() - t0 < seconds * 1000)) {
    await fn();
    runs++;
  }
  return { perSec: runs / ((performance.now() - t0) / 1000), runs };
}

/** Updates timed between two read-backs (the last update's loss). */
const UPDATES_PER_READ = 8;

/** Update rate of `agent` on `data`, and the JavaScript ms per update spent issuing it. */
async function timeUpdates(agent: DqnAgent, data: ReplayBatch, seconds: number, slow: boolean): Promise<{ perSec: number; runs: number; issueMs: number }> {
  // `n` updates, then one read-back (of the last loss) to wait for the device: the trainer also
  // reads its figures only every reportEvery updates, and a read-back costs ~1.5 ms on an H100.
  let issueMs = 0;
  const updateGroup = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const r = agent.update(data);
      issueMs += performance.now() - t0;
      if (i === n - 1) await r.loss.data();
      tf.dispose([r.loss, r.meanQ, r.gradNorm, ...(r.tdAbs ? [r.tdAbs] : [])]);
    }
  };
  // A single stock CPU nature update takes ~a minute: time exactly one, no warm-up.
  if (slow) {
    const t0 = performance.now();
    await updateGroup(1);
    return { perSec: 1000 / (performance.now() - t0), runs: 1, issueMs };
  }
  // Slow updates (stock CPU kernels: seconds each) are read one by one: a read-back is noise there.
  const t0 = performance.now();
  await updateGroup(1);
  const perRead = performance.now() - t0 > 250 ? 1 : UPDATES_PER_READ;
  issueMs = 0;
  const group = await timeRuns(() => updateGroup(perRead), seconds, 10_000);
  return { perSec: group.perSec * perRead, runs: group.runs * perRead, issueMs: issueMs / (group.runs * perRead) };
}

export async function benchDqn(net: NetPreset, kernels: 'stock' | 'custom', seconds: number, slow: boolean): Promise<DqnBenchFigures> {
  const batch = 32;
  const agent = new DqnAgent(NUM_ACTIONS, resolveDqnConfig({ net, batchSize: batch }), new RandomStreams(1).get('weights'));
  const data = syntheticBatch(batch, 2);
  const updates = await timeUpdates(agent, data, seconds, slow);
  let policyAverage: DqnBenchFigures['policyAverage'] = null;
  if (kernels === 'custom' && !slow) {
    // Alternating rounds of the plain and the averaging agent, so that both see the same machine.
    const averaging = new DqnAgent(NUM_ACTIONS, resolveDqnConfig({ net, batchSize: batch, policyAverageDecay: 0.999 }), new RandomStreams(1).get('weights'));
    let [plainRate, averagingRate] = [0, 0];
    for (let round = 0; round < 2; round++) {
      plainRate += (await timeUpdates(agent, data, seconds / 4, false)).perSec / 2;
      averagingRate += (await timeUpdates(averaging, data, seconds / 4, false)).perSec / 2;
    }
    averaging.dispose();
    policyAverage = { updatesPerSec: round(averagingRate), updatesPerSecWithout: round(plainRate) };
  }
  const rng = new RandomStreams(3).get('bench-act');
  const obs16 = syntheticBatch(16, 4).states;
  const obs1 = obs16.subarray(0, STACK_BYTES);
  const act1 = await timeRuns(async () => void (await agent.act(obs1, 1, 0.05, rng)), seconds / 2, 10_000);
  const act16 = await timeRuns(async () => void (await agent.act(obs16, 16, 0.05, rng)), seconds / 2, 10_000);
  const half = obs16.length / 2;
  const [groupA, groupB] = [obs16.subarray(0, half), obs16.subarray(half)];
  const act8x2 = await timeRuns(async () => void (await Promise.all([agent.act(groupA, 8, 0.05, rng), agent.act(groupB, 8, 0.05, rng)])), seconds / 2, 10_000);
  const act16Tfjs = await timeRuns(async () => void (await tfjsQValues(agent.online, obs16, 16)), seconds / 2, 10_000);
  agent.dispose();
  return {
    net, kernels, batch, updatesPerSec: round(updates.perSec), updatesTimed: updates.runs, issueMsPerUpdate: round(updates.issueMs), policyAverage,
    actionsPerSec1: round(act1.perSec), actionsPerSec16: round(act16.perSec * 16),
    actionsPerSec16Overlapped: round(act8x2.perSec * 16), actionsPerSec16Tfjs: round(act16Tfjs.perSec * 16),
  };
}

export interface UpdateKernelMs {
  kernel: string;
  /** Calls of this kernel in one update. */
  calls: number;
  /** Their summed kernelTimeMs. */
  ms: number;
}

export interface DqnUpdateProfile {
  net: NetPreset;
  kernels: 'stock' | 'custom';
  /** Sum of every kernel's ms in the update. */
  totalKernelMs: number;
  /** Kernels by summed time, largest first (the top `top`). */
  byKernel: UpdateKernelMs[];
}

/** Per-kernel times of one update (batch 32) after one warm-up update, via tf.profile. */
export async function profileDqnUpdate(net: NetPreset, kernels: 'stock' | 'custom', top = 12): Promise<DqnUpdateProfile> {
  const agent = new DqnAgent(NUM_ACTIONS, resolveDqnConfig({ net, batchSize: 32 }), new RandomStreams(1).get('weights'));
  const data = syntheticBatch(32, 2);
  const run = (): tf.Tensor[] => {
    const r = agent.update(data);
    return r.tdAbs ? [r.loss, r.meanQ, r.gradNorm, r.tdAbs] : [r.loss, r.meanQ, r.gradNorm];
  };
  const warm = run();
  await warm[0].data();
  tf.dispose(warm);
  const profile = await tf.profile(run);
  tf.dispose(profile.result as tf.Tensor[]);
  agent.dispose();
  const sums = new Map<string, UpdateKernelMs>();
  for (const k of profile.kernels) {
    const row = sums.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0 };
    row.calls++;
    row.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    sums.set(k.name, row);
  }
  const rows = [...sums.values()].sort((a, b) => b.ms - a.ms);
  return {
    net, kernels, totalKernelMs: round(rows.reduce((t, r) => t + r.ms, 0)),
    byKernel: rows.slice(0, top).map((r) => ({ ...r, ms: round(r.ms) })),
  };
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}
