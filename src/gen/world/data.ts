/**
 * World-model training data: one-step transitions (frame stack, action, next frame, reward,
 * terminated) as plain typed arrays, drawn from a `TransitionSource`. Two sources:
 * - `PlayDataset`: collected here by playing a PixelEnv with a policy (seeded), each frame
 *   stored once and stacks rebuilt on sampling (never across an episode boundary: a new
 *   episode's stack is padded with its first frame, exactly as PixelEnv's FrameStack does);
 * - `ReplayTransitionSource`: over the RL replay memory's `getTransition` (the hand-over).
 */
import type { RandomStream } from '../../core/random.js';
import { RandomStreams } from '../../core/random.js';
import type { EnvConfig } from '../../env/env.js';
import { type Action, NUM_ACTIONS } from '../../env/grid.js';
import type { Layout } from '../../env/layout.js';
import { STACK_BYTES, STACK_SIZE } from '../../obs/frame-stack.js';
import { PixelEnv } from '../../obs/pixel-env.js';
import { FRAME_SIZE } from '../../obs/raster.js';
import type { TransitionBatch } from '../../obs/transition-batch.js';

export type { TransitionBatch } from '../../obs/transition-batch.js';

export interface TransitionSource {
  /** Transitions available now. */
  readonly size: number;
  /** `batch` transitions drawn uniformly with replacement with `rng`, in new arrays. Throws when empty. */
  sample(batch: number, rng: RandomStream): TransitionBatch;
}

export function emptyBatch(count: number): TransitionBatch {
  return {
    count, stacks: new Uint8Array(count * STACK_BYTES), actions: new Int32Array(count), nextFrames: new Uint8Array(count * FRAME_SIZE),
    rewards: new Float32Array(count), terminated: new Uint8Array(count),
  };
}

/** Picks an action from the current stack (bytes, read-only, overwritten by the next step). */
export type Policy = (stack: Uint8Array, rng: RandomStream) => Action;

/** Uniformly random over all five actions (Stop included, so the model sees it). */
export const randomPolicy: Policy = (_stack, rng) => rng.int(NUM_ACTIONS) as Action;

/** Writes frames `ids` (STACK_SIZE frame numbers, oldest first) interleaved into a stack at `out[at..]`. */
function writeStack(frames: Uint8Array, ids: ArrayLike<number>, out: Uint8Array, at: number): void {
  for (let k = 0; k < STACK_SIZE; k++) {
    const src = ids[k] * FRAME_SIZE;
    for (let p = 0; p < FRAME_SIZE; p++) out[at + STACK_SIZE * p + k] = frames[src + p];
  }
}

export class PlayDataset implements TransitionSource {
  /** Every frame once, in play order (FRAME_SIZE bytes each). */
  readonly frames: Uint8Array;
  /** Per transition: STACK_SIZE context frame numbers (oldest first), then the next frame's. */
  private readonly ids: Int32Array;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;

  private constructor(frames: Uint8Array, ids: Int32Array, actions: Int32Array, rewards: Float32Array, terminated: Uint8Array) {
    this.frames = frames;
    this.ids = ids;
    this.actions = actions;
    this.rewards = rewards;
    this.terminated = terminated;
  }

  get size(): number {
    return this.actions.length;
  }

  /**
   * Plays `count` steps on `layout` (episodes restart when they end) with `policy` (random by
   * default, drawing from the seed's 'world/policy' stream); the ghosts use the env's stream for
   * `seed`. Same arguments, same bytes.
   */
  static collect(layout: Layout, env: Partial<EnvConfig>, count: number, seed: number, policy: Policy = randomPolicy): PlayDataset {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`transition count must be an integer >= 1, got ${count}`);
    const pixel = new PixelEnv(layout, env, seed);
    const rng = new RandomStreams(seed).get('world/policy');
    const frames: Uint8Array[] = [];
    const ids = new Int32Array(count * (STACK_SIZE + 1));
    const actions = new Int32Array(count);
    const rewards = new Float32Array(count);
    const terminated = new Uint8Array(count);
    const window: number[] = [];
    const startEpisode = (): void => {
      pixel.reset();
      frames.push(new Uint8Array(pixel.frame));
      window.length = 0;
      for (let k = 0; k < STACK_SIZE; k++) window.push(frames.length - 1);
    };
    startEpisode();
    for (let i = 0; i < count; i++) {
      const action = policy(pixel.obs, rng);
      const r = pixel.play(action);
      frames.push(new Uint8Array(pixel.frame));
      ids.set(window, i * (STACK_SIZE + 1));
      ids[i * (STACK_SIZE + 1) + STACK_SIZE] = frames.length - 1;
      actions[i] = action;
      rewards[i] = r.reward;
      terminated[i] = r.terminated ? 1 : 0;
      window.shift();
      window.push(frames.length - 1);
      if (r.terminated || r.truncated) startEpisode();
    }
    const packed = new Uint8Array(frames.length * FRAME_SIZE);
    frames.forEach((f, j) => packed.set(f, j * FRAME_SIZE));
    return new PlayDataset(packed, ids, actions, rewards, terminated);
  }

  /** Transitions `indices` (each in [0, size)) in new arrays, in that order. */
  gather(indices: ArrayLike<number>): TransitionBatch {
    const out = emptyBatch(indices.length);
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j];
      if (!(i >= 0 && i < this.size)) throw new RangeError(`transition index must be in [0, ${this.size - 1}], got ${i}`);
      const base = i * (STACK_SIZE + 1);
      writeStack(this.frames, this.ids.subarray(base, base + STACK_SIZE), out.stacks, j * STACK_BYTES);
      const next = this.ids[base + STACK_SIZE] * FRAME_SIZE;
      out.nextFrames.set(this.frames.subarray(next, next + FRAME_SIZE), j * FRAME_SIZE);
      out.actions[j] = this.actions[i];
      out.rewards[j] = this.rewards[i];
      out.terminated[j] = this.terminated[i];
    }
    return out;
  }

  sample(batch: number, rng: RandomStream): TransitionBatch {
    if (this.size === 0) throw new RangeError('the play dataset holds no transitions');
    return this.gather(Int32Array.from({ length: batch }, () => rng.int(this.size)));
  }
}

/** What the RL replay memory offers (src/rl/replay/replay-memory.ts): one-step transitions by index. */
export interface ReplayLike {
  readonly size: number;
  /** `state`/`nextState`: `[84, 84, 4]` stacks (pixel-major, newest last); new arrays. */
  getTransition(index: number): { state: Uint8Array; action: number; reward: number; nextState: Uint8Array; terminated: boolean };
}

/** Transitions from a replay memory; the next frame is the newest frame of `nextState`. */
export class ReplayTransitionSource implements TransitionSource {
  constructor(private readonly replay: ReplayLike) {}

  get size(): number {
    return this.replay.size;
  }

  sample(batch: number, rng: RandomStream): TransitionBatch {
    if (this.replay.size === 0) throw new RangeError('the replay memory holds no transitions');
    const out = emptyBatch(batch);
    for (let j = 0; j < batch; j++) {
      const t = this.replay.getTransition(rng.int(this.replay.size));
      if (t.state.length !== STACK_BYTES) throw new RangeError(`replay stacks must be ${STACK_BYTES} bytes (4 frames), got ${t.state.length}`);
      out.stacks.set(t.state, j * STACK_BYTES);
      const next = out.nextFrames.subarray(j * FRAME_SIZE, (j + 1) * FRAME_SIZE);
      for (let p = 0; p < FRAME_SIZE; p++) next[p] = t.nextState[STACK_SIZE * p + STACK_SIZE - 1];
      out.actions[j] = t.action;
      out.rewards[j] = t.reward;
      out.terminated[j] = t.terminated ? 1 : 0;
    }
    return out;
  }
}

/** `stack` (one `[84, 84, 4]` stack) shifted by one frame with `frame` as the newest, into `out`. */
export function pushFrame(stack: Uint8Array, frame: Uint8Array, out: Uint8Array): Uint8Array {
  for (let p = 0; p < FRAME_SIZE; p++) {
    const b = STACK_SIZE * p;
    for (let k = 0; k < STACK_SIZE - 1; k++) out[b + k] = stack[b + k + 1];
    out[b + STACK_SIZE - 1] = frame[p];
  }
  return out;
}
