/**
 * Reads single stored transitions for the explanations and the replay viewer, with the same
 * ring functions sampling uses (StreamRing.writeStack and fillSteps), so a transition read here
 * is byte for byte the one a batch would hold.
 */
import { FRAME_SIZE } from '../../obs/raster.js';
import { makeBatch, type ReplayBatch } from '../replay/replay-batch.js';
import type { ReplayMemory } from '../replay/replay-memory.js';
import { TERMINATED, TRUNCATED } from '../replay/stream-ring.js';
import { unstackFrames } from '../snapshot.js';
import type { ReplayTransitionView } from './types.js';

/** The most transitions one replayTransitions call hands out (each ~35 KB of frames). */
export const MAX_VIEW_COUNT = 64;

/** The steps an n-step target sums, read from the ring as fillSteps reads them. */
export interface ReplayWindow {
  /** Rewards as stored (after the reward transform), oldest first; fewer than n when the episode ended. */
  rewards: number[];
  /** The episode terminated inside the window (no bootstrap). */
  terminated: boolean;
  /** The window stopped at a truncation (bootstraps). */
  truncated: boolean;
}

/** The n-step window that starts at slot `leaf`. Its window must be complete (see newestSampleable). */
export function readWindow(replay: ReplayMemory, leaf: number, nStep: number): ReplayWindow {
  const { ring, t } = replay.locate(leaf);
  const window: ReplayWindow = { rewards: [], terminated: false, truncated: false };
  for (let j = 0; j < nStep; j++) {
    const slot = (t + j) % ring.slots;
    window.rewards.push(ring.rewards[slot]);
    if (ring.flags[slot] & TERMINATED) {
      window.terminated = true;
      break;
    }
    if (ring.flags[slot] & TRUNCATED) {
      window.truncated = true;
      break;
    }
  }
  return window;
}

/**
 * A batch (new arrays, weights from `replay.weightOf`) of the transitions in slots `leaves`,
 * filled as `ReplayMemory.sample` fills its rows.
 */
export function batchOfLeaves(replay: ReplayMemory, leaves: readonly number[], nStep: number, gamma: number): ReplayBatch {
  const stateBytes = FRAME_SIZE * replay.config.stackSize;
  const batch = makeBatch(leaves.length, stateBytes);
  leaves.forEach((leaf, i) => {
    const { ring, t } = replay.locate(leaf);
    batch.indices[i] = leaf;
    batch.weights[i] = replay.weightOf(leaf);
    ring.writeStack(t, batch.states, i * stateBytes);
    const end = ring.fillSteps(t, nStep, gamma, batch, i);
    ring.writeStack(end, batch.nextStates, i * stateBytes);
  });
  return batch;
}

/**
 * Transitions `from` .. `from + count - 1` (fewer at the end) in getTransition's order: stream by
 * stream, oldest first. Throws a RangeError naming the bad value.
 */
export function replayTransitions(replay: ReplayMemory, from: number, count: number): ReplayTransitionView[] {
  const size = replay.size;
  if (!Number.isInteger(count) || count < 1 || count > MAX_VIEW_COUNT) {
    throw new RangeError(`count must be an integer in [1, ${MAX_VIEW_COUNT}], got ${count}`);
  }
  if (size === 0) throw new RangeError(`the replay memory holds no transitions yet, so from ${from} is out of range`);
  if (!Number.isInteger(from) || from < 0 || from >= size) {
    throw new RangeError(`from must be an integer in [0, ${size - 1}] (the replay holds ${size} transitions), got ${from}`);
  }
  const views: ReplayTransitionView[] = [];
  for (let index = from; index < Math.min(size, from + count); index++) {
    const slot = replay.leafAt(index);
    const t = replay.getTransition(index);
    views.push({
      index, slot, frames: unstackFrames(t.state), nextFrame: unstackFrames(t.nextState).slice(3 * FRAME_SIZE),
      action: t.action, reward: t.reward, terminated: t.terminated, truncated: t.truncated,
    });
  }
  return views;
}
