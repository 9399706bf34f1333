/**
 * The replay memory, like SB3's ReplayBuffer but storing each 84x84 frame once, as Dopamine
 * does (~7 KB a transition rather than two 4-frame stacks), and rebuilding stacks when it
 * samples.
 *
 * Several envs (a vector env's N streams) write interleaved, so the memory is split into
 * `numStreams` rings of `capacity / numStreams` slots (see StreamRing): a stream's frames stay
 * contiguous and its episodes never interleave with another's. Sampling is uniform (or
 * prioritized) over the valid transitions of all streams together: a sum tree holds 1 for each
 * slot whose transition can be sampled, and a second one its priority when prioritized.
 *
 * A transition is valid while every frame of its stack is still held (overwriting a slot
 * retires the transitions that read its frame). At sample time the transitions whose n-step
 * window is not yet written (the newest nStep - 1 of each running episode) are hidden for the
 * call, so every draw is exact and no draw is rejected.
 */
import { ConfigError } from '../../core/errors.js';
import { checkInteger, checkNumber } from '../../core/validate.js';
import type { RandomStream } from '../../core/random.js';
import { ALL_ACTIONS_MASK } from '../../env/legal.js';
import { FRAME_SIZE } from '../../obs/raster.js';
import { resolveReplayConfig, type ReplayConfig } from './replay-config.js';
import { batchBytes, makeBatch, type ReplayBatch, type StoredTransition } from './replay-batch.js';
import { Priorities } from './priorities.js';
import { SLOT_BYTES, StreamRing } from './stream-ring.js';
import { SumTree } from './sum-tree.js';

export { DEFAULT_REPLAY_CONFIG, resolveReplayConfig, type ReplayConfig } from './replay-config.js';
export type { ReplayBatch, StoredTransition } from './replay-batch.js';

/**
 * What a memory of `capacity` transitions allocates before any batch buffers: ~7,091 bytes a
 * transition (its frame, its step, its tree leaves), so 100,000 transitions take ~0.71 GB, not
 * the ~5.6 GB of storing two 4-frame stacks each. Prioritized adds ~40 bytes a transition.
 */
export function replayMemoryBytes(capacity: number, prioritized = false): number {
  return capacity * SLOT_BYTES + SumTree.bytesFor(capacity) + (prioritized ? Priorities.bytesFor(capacity) : 0);
}

export class ReplayMemory {
  readonly config: ReplayConfig;
  /** Transitions it can hold: numStreams * slotsPerStream (config.capacity rounded down). */
  readonly capacity: number;
  readonly slotsPerStream: number;
  private readonly rings: StreamRing[];
  /** 1 for each slot (leaf = stream * slotsPerStream + slot) holding a sampleable transition. */
  private readonly valid: SumTree;
  /** Priorities of the valid slots, 0 elsewhere; null when uniform. */
  private readonly priorities: Priorities | null;
  private currentBeta: number;
  private readonly batches = new Map<number, ReplayBatch>();
  private readonly readers: number[] = [];
  private readonly hiddenLeaves: number[] = [];
  private readonly hiddenPriorities: number[] = [];

  constructor(config: ReplayConfig, private readonly rng: RandomStream) {
    this.config = resolveReplayConfig(config);
    const { numStreams, stackSize, prioritized } = this.config;
    this.slotsPerStream = Math.floor(this.config.capacity / numStreams);
    this.capacity = this.slotsPerStream * numStreams;
    try {
      this.rings = Array.from({ length: numStreams }, () => new StreamRing(this.slotsPerStream, stackSize));
      this.valid = new SumTree(this.capacity);
      this.priorities = prioritized ? new Priorities(this.capacity) : null;
    } catch (e) {
      const gb = (replayMemoryBytes(this.capacity, prioritized) / 1e9).toFixed(2);
      throw new ConfigError('replay.capacity', `replay.capacity ${this.capacity} needs ${gb} GB, which could not be allocated (${(e as Error).message}): lower it`);
    }
    this.currentBeta = this.config.beta;
  }

  /** Valid transitions held (each with its next frame written and its whole stack still held). */
  get size(): number {
    return this.valid.total;
  }

  get beta(): number {
    return this.currentBeta;
  }

  /** Bytes allocated: storage plus the batch buffers made so far. */
  get bytes(): number {
    let bytes = replayMemoryBytes(this.capacity, this.priorities !== null);
    for (const b of this.batches.values()) bytes += batchBytes(b);
    return bytes;
  }

  /**
   * Begins an episode on `stream` with its reset frame (and that state's legal-action mask, by
   * default every action). An episode still running there (left without a terminal step) counts
   * as truncated at its last step.
   */
  startEpisode(stream: number, firstFrame: Uint8Array, legal = ALL_ACTIONS_MASK): void {
    const ring = this.ring(stream);
    checkFrame(firstFrame);
    checkLegal(legal);
    ring.abandonEpisode();
    ring.episodeStart = this.writeFrame(stream, firstFrame, 0, legal);
    ring.running = true;
  }

  /**
   * Records the step taken on `stream` from its newest frame: the action, its reward, the frame
   * it led to, and whether the episode terminated (no bootstrap) or was truncated (bootstrap);
   * `nextLegal`, the legal-action mask of the state it led to (default: every action).
   * After either, the stream needs `startEpisode` before its next `add`.
   */
  add(stream: number, action: number, reward: number, nextFrame: Uint8Array, terminated: boolean, truncated: boolean, nextLegal = ALL_ACTIONS_MASK): void {
    const ring = this.ring(stream);
    if (!ring.running) {
      throw new Error(ring.episodeStart < 0
        ? `add() on stream ${stream} before startEpisode(): call startEpisode(${stream}, firstFrame) at each episode's start`
        : `add() on stream ${stream} after its episode ended: call startEpisode(${stream}, firstFrame) first`);
    }
    checkFrame(nextFrame);
    if (!Number.isInteger(action) || action < 0 || action > 0x7fffffff) throw new RangeError(`action must be an integer >= 0, got ${action}`);
    if (!Number.isFinite(reward)) throw new RangeError(`reward must be a finite number, got ${reward}`);
    if (typeof terminated !== 'boolean' || typeof truncated !== 'boolean') {
      throw new TypeError(`terminated and truncated must be booleans, got ${terminated} and ${truncated}`);
    }
    checkLegal(nextLegal);
    const t = ring.writeStep(action, reward, terminated, truncated);
    this.writeFrame(stream, nextFrame, ring.written - ring.episodeStart, nextLegal);
    const leaf = stream * this.slotsPerStream + (t % ring.slots);
    this.valid.set(leaf, 1);
    this.priorities?.setMax(leaf);
    if (terminated || truncated) ring.running = false;
  }

  /**
   * Transitions `sample(_, nStep)` can draw from now: `size` less the newest nStep - 1 of each
   * running episode, whose n-step windows are not written yet.
   */
  sampleable(nStep: number): number {
    checkInteger('nStep', nStep, 1);
    return this.valid.total - this.forEachIncomplete(nStep, () => {});
  }

  /**
   * Draws `batchSize` transitions with replacement (uniformly, or in proportion to priority,
   * stratified as in Schaul et al.) with n-step returns under `gamma`. The batch's arrays are
   * reused by the next call with the same batch size. Throws when fewer than `batchSize`
   * transitions can be drawn.
   */
  sample(batchSize: number, nStep: number, gamma: number): ReplayBatch {
    checkInteger('batchSize', batchSize, 1);
    checkInteger('nStep', nStep, 1);
    checkNumber('gamma', gamma, 0, 1);
    const size = this.size;
    if (size < batchSize) throw new Error(`replay holds ${size} transitions; a batch needs ${batchSize}`);
    this.hideIncomplete(nStep);
    try {
      const count = this.valid.total;
      if (count < batchSize) {
        throw new Error(`replay holds ${size} transitions but only ${count} have a complete ${nStep}-step window; a batch needs ${batchSize}`);
      }
      const batch = this.batchFor(batchSize);
      if (this.priorities) {
        this.priorities.draw(batch.indices, batch.weights, this.currentBeta, this.rng);
      } else {
        for (let i = 0; i < batchSize; i++) batch.indices[i] = this.valid.find(this.rng.int(count));
      }
      const stateBytes = FRAME_SIZE * this.config.stackSize;
      for (let i = 0; i < batchSize; i++) {
        const leaf = batch.indices[i];
        const ring = this.rings[Math.floor(leaf / this.slotsPerStream)];
        const t = ring.absoluteOf(leaf % this.slotsPerStream);
        ring.writeStack(t, batch.states, i * stateBytes);
        const end = ring.fillSteps(t, nStep, gamma, batch, i);
        ring.writeStack(end, batch.nextStates, i * stateBytes);
      }
      return batch;
    } finally {
      this.restoreHidden();
    }
  }

  /**
   * Sets the priorities of sampled transitions to (|tdError| + epsilon)^alpha; a no-op when
   * uniform. Call it before adding more: a slot retired since is skipped, but one already
   * refilled would take the old transition's priority.
   */
  updatePriorities(indices: Int32Array, tdErrors: Float32Array): void {
    if (!this.priorities) return;
    if (indices.length !== tdErrors.length) {
      throw new RangeError(`updatePriorities needs one TD error per index, got ${indices.length} indices and ${tdErrors.length} errors`);
    }
    const { alpha, priorityEpsilon } = this.config;
    for (let i = 0; i < indices.length; i++) {
      const leaf = indices[i];
      const delta = tdErrors[i];
      if (!(leaf >= 0 && leaf < this.capacity)) throw new RangeError(`indices[${i}] must be in [0, ${this.capacity - 1}], got ${leaf}`);
      if (!Number.isFinite(delta)) throw new RangeError(`tdErrors[${i}] must be finite, got ${delta}`);
      if (this.valid.get(leaf) > 0) this.priorities.update(leaf, delta, alpha, priorityEpsilon);
    }
  }

  /** The importance-sampling exponent for the next batches, [0, 1]. */
  setBeta(beta: number): void {
    this.currentBeta = checkNumber('replay.beta', beta, 0, 1);
  }

  /** Frames held now, over all streams (each frame once, however many stacks use it). */
  get storedFrames(): number {
    return this.rings.reduce((n, r) => n + r.stored, 0);
  }

  /**
   * `count` distinct frames drawn uniformly from all the frames held (terminal frames included),
   * as `[count, 84 * 84]` bytes in a new array. Draws from `rng`, else from the memory's own
   * stream (which then shifts the batches that follow).
   */
  sampleFrames(count: number, rng: RandomStream = this.rng): Uint8Array {
    const stored = this.storedFrames;
    checkInteger('count', count, 0);
    if (count > stored) throw new RangeError(`replay holds ${stored} frames; asked for ${count} distinct ones`);
    // Floyd's algorithm: `count` distinct positions in [0, stored) in O(count) draws.
    const picked = new Set<number>();
    for (let j = stored - count; j < stored; j++) {
      const r = rng.int(j + 1);
      picked.add(picked.has(r) ? j : r);
    }
    const out = new Uint8Array(count * FRAME_SIZE);
    let i = 0;
    for (let position of picked) {
      let s = 0;
      while (position >= this.rings[s].stored) position -= this.rings[s++].stored;
      const from = position * FRAME_SIZE; // a ring holding k < slots frames holds them in slots [0, k)
      out.set(this.rings[s].frames.subarray(from, from + FRAME_SIZE), FRAME_SIZE * i++);
    }
    return out;
  }

  /**
   * The one-step transition number `index` in [0, size), counting stream by stream and oldest
   * first within a stream (for a replay viewer). Returns new arrays.
   */
  getTransition(index: number): StoredTransition {
    const leaf = this.leafAt(index);
    const S = this.slotsPerStream;
    return this.rings[Math.floor(leaf / S)].transition(leaf % S);
  }

  /** The replay slot (leaf, as in `ReplayBatch.indices`) of transition number `index` (see getTransition). */
  leafAt(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`transition index must be an integer in [0, ${this.size - 1}], got ${index}`);
    }
    const S = this.slotsPerStream;
    let s = 0;
    let rest = index;
    for (;; s++) {
      const inStream = this.valid.prefix((s + 1) * S) - this.valid.prefix(s * S);
      if (rest < inStream) break;
      rest -= inStream;
    }
    const ring = this.rings[s];
    const oldestLeaf = s * S + (ring.oldest % S);
    const olderPart = this.valid.prefix((s + 1) * S) - this.valid.prefix(oldestLeaf);
    return rest < olderPart
      ? this.valid.find(this.valid.prefix(oldestLeaf) + rest)
      : this.valid.find(this.valid.prefix(s * S) + rest - olderPart);
  }

  /**
   * Where the valid transition in slot `leaf` lives: its stream's ring and absolute position,
   * for readers of single transitions (src/rl/explain). Valid until the next add or startEpisode.
   */
  locate(leaf: number): { ring: StreamRing; t: number } {
    if (!Number.isInteger(leaf) || leaf < 0 || leaf >= this.capacity || this.valid.get(leaf) === 0) {
      throw new RangeError(`replay slot ${leaf} holds no transition (slots are integers in [0, ${this.capacity - 1}])`);
    }
    const ring = this.rings[Math.floor(leaf / this.slotsPerStream)];
    return { ring, t: ring.absoluteOf(leaf % this.slotsPerStream) };
  }

  /**
   * The slot of the newest transition on `stream` that a batch with `nStep` could draw now (its
   * n-step window complete): the step just taken when nStep = 1 or the episode just ended;
   * -1 when there is none (an empty memory, a young episode after a failed start).
   */
  newestSampleable(stream: number, nStep: number): number {
    const ring = this.ring(stream);
    checkInteger('nStep', nStep, 1);
    if (ring.episodeStart < 0) return -1;
    // An ended episode's last step sits before its terminal frame; a running one's newest complete
    // window starts nStep steps before the frame awaiting its action.
    let t = ring.running ? ring.written - 1 - nStep : ring.written - 2;
    if (t < ring.episodeStart) t = ring.episodeStart - 2; // the previous episode's last step
    if (t < ring.oldest) return -1;
    const leaf = stream * this.slotsPerStream + (t % ring.slots);
    return this.valid.get(leaf) > 0 ? leaf : -1;
  }

  /**
   * The importance weight a prioritized draw would give slot `leaf` now, (p_min / p)^beta; 1 for
   * uniform replay. (A real draw first hides the incomplete n-step windows, which can move p_min.)
   */
  weightOf(leaf: number): number {
    return this.priorities ? this.priorities.weight(leaf, this.currentBeta) : 1;
  }

  private ring(stream: number): StreamRing {
    if (!Number.isInteger(stream) || stream < 0 || stream >= this.rings.length) {
      throw new RangeError(`stream must be an integer in [0, ${this.rings.length - 1}], got ${stream}`);
    }
    return this.rings[stream];
  }

  /** Writes a frame to `stream`'s next slot, first retiring the transitions that read the frame it replaces. */
  private writeFrame(stream: number, frame: Uint8Array, depth: number, legal: number): number {
    const ring = this.rings[stream];
    for (const t of ring.readersOfOldest(this.readers)) {
      const leaf = stream * this.slotsPerStream + (t % ring.slots);
      if (this.valid.get(leaf) > 0) {
        this.valid.set(leaf, 0);
        this.priorities?.set(leaf, 0);
      }
    }
    return ring.writeFrame(frame, depth, legal);
  }

  /** Calls `visit(leaf)` for each valid transition whose n-step window is incomplete; returns how many. */
  private forEachIncomplete(nStep: number, visit: (leaf: number) => void): number {
    let n = 0;
    this.rings.forEach((ring, s) => {
      if (!ring.running) return;
      const newest = ring.written - 1;
      const from = Math.max(ring.episodeStart, newest - nStep + 1, ring.oldest);
      for (let t = from; t < newest; t++) {
        const leaf = s * this.slotsPerStream + (t % ring.slots);
        if (this.valid.get(leaf) > 0) {
          visit(leaf);
          n++;
        }
      }
    });
    return n;
  }

  private hideIncomplete(nStep: number): void {
    this.forEachIncomplete(nStep, (leaf) => {
      this.hiddenLeaves.push(leaf);
      this.hiddenPriorities.push(this.priorities?.get(leaf) ?? 0);
    });
    for (const leaf of this.hiddenLeaves) {
      this.valid.set(leaf, 0);
      this.priorities?.set(leaf, 0);
    }
  }

  private restoreHidden(): void {
    // Each tree node is recomputed from its children, so the trees come back bit for bit.
    for (let i = this.hiddenLeaves.length - 1; i >= 0; i--) {
      this.valid.set(this.hiddenLeaves[i], 1);
      this.priorities?.set(this.hiddenLeaves[i], this.hiddenPriorities[i]);
    }
    this.hiddenLeaves.length = 0;
    this.hiddenPriorities.length = 0;
  }

  private batchFor(batchSize: number): ReplayBatch {
    let batch = this.batches.get(batchSize);
    if (!batch) {
      batch = makeBatch(batchSize, FRAME_SIZE * this.config.stackSize);
      this.batches.set(batchSize, batch);
    }
    return batch;
  }
}

/** A legal-action mask names at least one action and none beyond them. */
function checkLegal(mask: number): void {
  if (!Number.isInteger(mask) || mask < 1 || mask > ALL_ACTIONS_MASK) {
    throw new RangeError(`legal-action mask must be an integer in [1, ${ALL_ACTIONS_MASK}] (bit a = action a legal), got ${mask}`);
  }
}

function checkFrame(frame: Uint8Array): void {
  if (!(frame instanceof Uint8Array)) {
    throw new TypeError(`frame must be a Uint8Array of ${FRAME_SIZE} bytes (84x84), got ${Object.prototype.toString.call(frame).slice(8, -1)}`);
  }
  if (frame.length !== FRAME_SIZE) throw new RangeError(`frame must be ${FRAME_SIZE} bytes (84x84), got ${frame.length}`);
}
