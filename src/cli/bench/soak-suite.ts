/**
 * The long soak (issue 9): an RlSession (the worker's own run loop: turbo ticks, rollback
 * checkpoints, snapshots) trains until `updates` training updates are done, and tfjs's tensor
 * count and bytes and the process heap are sampled along the way. After warm-up (the replay
 * full and the first rollback checkpoint taken) the tensor count and bytes must not move; the
 * heap may wander with the garbage collector but must not trend upwards.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { DqnConfig } from '../../rl/config.js';
import { RlSession, type RlSnapshot } from '../../rl/session.js';
import type { BackendInfo } from '../../tf/backend.js';

export interface SoakOptions {
  layoutName: string;
  layoutPath: string;
  updates: number;
  dqn: Partial<DqnConfig>;
  seed: number;
  /** A sample every this many seconds. */
  sampleSeconds: number;
  onSample?: (sample: SoakSample) => void;
}

export interface SoakSample {
  seconds: number;
  envSteps: number;
  updates: number;
  replaySize: number;
  numTensors: number;
  numBytes: number;
  heapUsedMB: number;
  rssMB: number;
}

export interface SoakResult {
  config: Partial<DqnConfig>;
  layout: string;
  samples: number;
  /** The first sample after the replay filled: the reference the rest are compared with. */
  warmUp: SoakSample;
  last: SoakSample;
  /** Over every sample from warm-up on. */
  tensorsRange: [number, number];
  bytesRange: [number, number];
  /** Median heap of the first and the last quarter of the post-warm-up samples (MB). */
  heapFirstQuarterMB: number;
  heapLastQuarterMB: number;
  tensorsFlat: boolean;
  bytesFlat: boolean;
  updatesPerSec: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function soak(backend: BackendInfo, options: SoakOptions): Promise<SoakResult> {
  const session = new RlSession(backend);
  await session.init({ layout: { name: options.layoutName, text: readFileSync(options.layoutPath, 'utf8') }, dqn: options.dqn, seed: options.seed });
  let latest: RlSnapshot | null = null;
  session.subscribe((s) => {
    latest = s;
  });
  const started = performance.now();
  const samples: SoakSample[] = [];
  const take = (): SoakSample => {
    const s = latest as RlSnapshot | null;
    const mem = tf.memory();
    const proc = process.memoryUsage();
    const sample: SoakSample = {
      seconds: Math.round((performance.now() - started) / 1000), envSteps: s?.envSteps ?? 0, updates: s?.updates ?? 0,
      replaySize: s?.replay.size ?? 0, numTensors: mem.numTensors, numBytes: mem.numBytes,
      heapUsedMB: Math.round(proc.heapUsed / 1e5) / 10, rssMB: Math.round(proc.rss / 1e5) / 10,
    };
    samples.push(sample);
    options.onSample?.(sample);
    return sample;
  };
  session.setSpeed(0);
  session.start();
  for (;;) {
    await new Promise((r) => setTimeout(r, options.sampleSeconds * 1000));
    if (take().updates >= options.updates) break;
  }
  session.pause();
  await session.stopped();
  const last = take();
  session.dispose();

  const capacity = options.dqn.replayCapacity ?? 0;
  // Warm-up: the replay (nearly) full (a few slots stay unusable at the write head) and a
  // rollback checkpoint newer than update 0 taken (every 20 s).
  const warmAt = samples.findIndex((s) => s.replaySize >= 0.9 * capacity && s.seconds >= 30);
  if (warmAt < 0) throw new Error(`the soak ended before warm-up (replay ${last.replaySize} of ${capacity}): run more --updates or a smaller --replay-capacity`);
  const after = samples.slice(warmAt);
  const warmUp = after[0];
  const quarter = Math.max(1, Math.floor(after.length / 4));
  const range = (f: (s: SoakSample) => number): [number, number] => [Math.min(...after.map(f)), Math.max(...after.map(f))];
  const tensorsRange = range((s) => s.numTensors);
  const bytesRange = range((s) => s.numBytes);
  return {
    config: options.dqn, layout: options.layoutName, samples: samples.length, warmUp, last, tensorsRange, bytesRange,
    heapFirstQuarterMB: median(after.slice(0, quarter).map((s) => s.heapUsedMB)),
    heapLastQuarterMB: median(after.slice(-quarter).map((s) => s.heapUsedMB)),
    tensorsFlat: tensorsRange[0] === tensorsRange[1], bytesFlat: bytesRange[0] === bytesRange[1],
    updatesPerSec: Number((last.updates / last.seconds).toPrecision(4)),
  };
}
