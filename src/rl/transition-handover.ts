/**
 * The hand-over of one-step transitions from the replay memory to the gen worker's world model
 * (Dream mode): plain typed arrays, transferable, in the layout the world models train on.
 *
 * Drawn from a stream of their own (one per replay memory, so a new run starts it afresh):
 * handing transitions over never changes the agent's run. Each transition costs ~35 KB on the
 * wire (its 4-frame stack and the next frame), so hand over a few hundred at a time.
 */
import { RandomStreams, type RandomStream } from '../core/random.js';
import { checkInteger } from '../core/validate.js';
import { STACK_BYTES, STACK_SIZE } from '../obs/frame-stack.js';
import { FRAME_SIZE } from '../obs/raster.js';
import type { TransitionBatch } from '../obs/transition-batch.js';
import type { StoredTransition } from './replay/replay-batch.js';

/** A hand-over is a TransitionBatch (src/obs/transition-batch.ts), the world models' input. */
export type TransitionHandover = TransitionBatch;

/** What the hand-over reads from a replay memory (ReplayMemory has it). */
export interface TransitionStore {
  /** Valid one-step transitions held. */
  readonly size: number;
  getTransition(index: number): StoredTransition;
}

/** The hand-over's stream per memory: a new run (a new memory) starts a new stream. */
const streams = new WeakMap<TransitionStore, RandomStream>();

/**
 * Up to `count` distinct transitions of `replay` (fewer while it holds fewer; none when empty),
 * drawn uniformly with the memory's own hand-over stream, seeded from `seed`. Throws when the
 * memory's stacks are not 4 frames deep (the world models read 4).
 */
export function sampleTransitions(replay: TransitionStore, count: number, seed: number, gameReward: (stored: number) => number = (r) => r): TransitionHandover {
  checkInteger('count', count, 0, 100_000);
  let rng = streams.get(replay);
  if (!rng) {
    rng = new RandomStreams(seed).get('transitions-handover');
    streams.set(replay, rng);
  }
  const n = Math.min(count, replay.size);
  // Floyd's algorithm: n distinct indices in [0, size) with n draws.
  const picked = new Set<number>();
  for (let j = replay.size - n; j < replay.size; j++) {
    const r = rng.int(j + 1);
    picked.add(picked.has(r) ? j : r);
  }
  const out = emptyHandover(n);
  let i = 0;
  for (const index of picked) writeTransition(replay.getTransition(index), out, i++, gameReward);
  return out;
}

export function emptyHandover(count: number): TransitionHandover {
  return {
    count, stacks: new Uint8Array(count * STACK_BYTES), actions: new Int32Array(count), nextFrames: new Uint8Array(count * FRAME_SIZE),
    rewards: new Float32Array(count), terminated: new Uint8Array(count),
  };
}

/**
 * Writes `t` as item `i` of `out`; the next frame is the newest frame of `t.nextState`.
 * `gameReward` turns the stored reward (after the agent's reward transform) back into the game's.
 */
export function writeTransition(t: StoredTransition, out: TransitionHandover, i: number, gameReward: (stored: number) => number = (r) => r): void {
  if (t.state.length !== STACK_BYTES || t.nextState.length !== STACK_BYTES) {
    throw new RangeError(`the world model reads stacks of ${STACK_SIZE} frames (${STACK_BYTES} bytes), but this replay memory's are ${t.state.length} bytes`);
  }
  out.stacks.set(t.state, i * STACK_BYTES);
  const next = out.nextFrames.subarray(i * FRAME_SIZE, (i + 1) * FRAME_SIZE);
  for (let p = 0; p < FRAME_SIZE; p++) next[p] = t.nextState[STACK_SIZE * p + STACK_SIZE - 1];
  out.actions[i] = t.action;
  out.rewards[i] = gameReward(t.reward);
  out.terminated[i] = t.terminated ? 1 : 0;
}

/** The buffers to transfer with a hand-over (Comlink.transfer). */
export function handoverBuffers(h: TransitionHandover): ArrayBuffer[] {
  return [h.stacks, h.actions, h.nextFrames, h.rewards, h.terminated].map((a) => a.buffer as ArrayBuffer);
}
