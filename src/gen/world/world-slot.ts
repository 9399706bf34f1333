/**
 * The gen worker's world-model slot (Dream mode): a world model (pixel by default) trained on the
 * transitions the agent hands over from its replay memory while it plays, and the live dream
 * stepped from the page. GenSession shares the worker's time between this slot and the image
 * models (src/gen/session.ts); this file holds the slot's own state.
 *
 * Data: every HOLD_OUT_EVERY-th handed-over transition is held out (never trained on) and the
 * others go to the training ring; transitions of another run (another maze or seed, named by the
 * hand-over's `run`) replace the old ones, and the model keeps learning from its weights.
 * Metrics: every METRICS_EVERY steps (and after the first), the model predicts the held-out
 * transitions one step ahead: cell accuracy (ghosts apart, see metrics.ts), PSNR, reward and
 * termination accuracy.
 */
import { RandomStreams, type RandomStream } from '../../core/random.js';
import type { GenStepRow } from '../trainer.js';
import { cellGrid } from './cells.js';
import type { TransitionBatch } from './data.js';
import { GreedyPolicy, type PolicyWeights } from '../../rl/greedy-policy.js';
import { DreamLegalMoves } from './dream-legal.js';
import { LiveDream, newestFrame, type DreamAction, type DreamStep } from './live-dream.js';
import { addFrameCellCounts, cellAccuracy, emptyCellCounts, psnr, rewardAccuracy, terminationAccuracy, type CellAccuracy } from './metrics.js';
import { createWorldModel, type WorldModel } from './model.js';
import { TransitionRing } from './transition-ring.js';
import { type WorldSlotSettings, worldModelConfigOf } from './world-settings.js';

/** What lets the agent pilot a dream: its greedy policy's weights and the maze's size in cells. */
export interface DreamPilotSource {
  policy: PolicyWeights;
  width: number;
  height: number;
}

/** Where handed-over transitions come from: the run (maze and seed) and its maze's size in cells. */
export interface HandoverSource {
  /** Names the run; transitions of another run replace the ones held. */
  run: string;
  /** The maze's width and height in cells (the metrics decode frames cell by cell). */
  width: number;
  height: number;
}

export interface WorldMetricsRow {
  type: 'metrics';
  step: number;
  /** Held-out transitions predicted one step ahead. */
  transitions: number;
  cells: CellAccuracy;
  /** PSNR in dB, pooled over the held-out frames. */
  psnr: number;
  reward: { exact: number; sign: number };
  termination: { accuracy: number; recall: number; terminals: number };
  /** Milliseconds the evaluation took. */
  ms: number;
}

export interface WorldSnapshot {
  running: boolean;
  settings: WorldSlotSettings;
  /** The model's resolved config (plain data). */
  modelConfig: Record<string, unknown>;
  paramCount: number;
  steps: number;
  stepsPerSec: number;
  /** Transitions held for training, and held out for the metrics. */
  transitions: number;
  heldOut: number;
  /** Rows since the previous snapshot, oldest first. */
  stepRows: GenStepRow[];
  metricRows: WorldMetricsRow[];
  /** Why the slot is not training (waiting for transitions, a failed step), else 'training' / 'paused'. */
  status: string;
  /** A dream is open. */
  dreaming: boolean;
}

/** Training transitions kept: ~36 MB at ~35 KB each. */
export const WORLD_RING_CAPACITY = 1_024;
/** Every so many handed-over transitions, one is held out for the metrics. */
export const HOLD_OUT_EVERY = 10;
const HELD_OUT_CAPACITY = 64;
/** Held-out metrics every so many training steps (and after the first). */
const METRICS_EVERY = 50;
/** Training waits while the dream was stepped this recently (ms): a dream step must not queue behind a training step. */
export const DREAM_PRIORITY_MS = 1_500;

export class WorldSlot {
  readonly model: WorldModel;
  running = false;
  /** Worker time used (steps and metrics), for GenSession's fair sharing. */
  busyMs = 0;
  lastSnapshotAt = -Infinity;
  private failure: string | null = null;
  private readonly train: TransitionRing;
  private readonly heldOut: TransitionRing;
  private source: HandoverSource | null;
  /** Transitions handed over so far (which of them are held out follows from it). */
  private handed: number;
  private readonly batches: RandomStream;
  private stepRows: GenStepRow[] = [];
  private metricRows: WorldMetricsRow[] = [];
  private rate = { at: performance.now(), steps: 0, perSec: 0 };
  private dream: LiveDream | null = null;
  private lastDreamAt = -Infinity;

  /** Builds the model for `settings`; the transitions of `carry` (the slot it replaces) are kept. */
  constructor(readonly settings: WorldSlotSettings, carry?: WorldSlot) {
    this.model = createWorldModel(settings.model, worldModelConfigOf(settings), settings.seed);
    this.batches = new RandomStreams(settings.seed).get('world/batches');
    this.train = carry?.train ?? new TransitionRing(WORLD_RING_CAPACITY);
    this.heldOut = carry?.heldOut ?? new TransitionRing(HELD_OUT_CAPACITY);
    this.source = carry?.source ?? null;
    this.handed = carry?.handed ?? 0;
  }

  /** Enough transitions for a batch. */
  get ready(): boolean {
    return this.train.size >= this.settings.batchSize;
  }

  /** A dream is open and was stepped within DREAM_PRIORITY_MS: training waits. */
  get dreamActive(): boolean {
    return this.dream !== null && performance.now() - this.lastDreamAt < DREAM_PRIORITY_MS;
  }

  get status(): string {
    if (this.failure) return this.failure;
    if (!this.ready) return `waiting for the agent's transitions (${this.train.size} so far): start the agent`;
    return this.running ? 'training' : 'paused';
  }

  /** Adds handed-over transitions from `source`; returns the training transitions held. */
  addTransitions(batch: TransitionBatch, source: HandoverSource): number {
    if (this.source && (this.source.run !== source.run || this.source.width !== source.width || this.source.height !== source.height)) {
      this.train.clear();
      this.heldOut.clear();
      this.handed = 0;
    }
    this.source = { run: source.run, width: source.width, height: source.height };
    const first = this.handed;
    const held = (i: number): boolean => (first + i) % HOLD_OUT_EVERY === HOLD_OUT_EVERY - 1;
    this.heldOut.add(batch, held);
    this.train.add(batch, (i) => !held(i));
    this.handed += batch.count;
    return this.train.size;
  }

  start(): void {
    this.running = true;
    this.failure = null;
  }

  pause(): void {
    this.running = false;
  }

  /** The training loop failed: stop and say why. */
  fail(err: unknown): void {
    this.running = false;
    this.failure = `stopped: ${err instanceof Error ? err.message : String(err)}`;
  }

  /** One training step, and the held-out metrics when due. */
  async step(): Promise<void> {
    const t0 = performance.now();
    const losses = await this.model.trainStep(this.train.sample(this.settings.batchSize, this.batches));
    if (!Object.values(losses).every(Number.isFinite)) {
      throw new Error(`a loss is not finite at step ${this.model.steps} (${JSON.stringify(losses)}): lower the learning rate and rebuild`);
    }
    this.stepRows.push({ type: 'step', step: this.model.steps, losses, ms: performance.now() - t0 });
    if (this.model.steps === 1 || this.model.steps % METRICS_EVERY === 0) {
      const row = await this.evaluate();
      if (row) this.metricRows.push(row);
    }
  }

  /** 1-step predictions of the held-out transitions against the real next frames; null while none are held out. */
  async evaluate(): Promise<WorldMetricsRow | null> {
    const source = this.source;
    if (!source || this.heldOut.size === 0) return null;
    const t0 = performance.now();
    const b = this.heldOut.all();
    const p = await this.model.predict(b.stacks, b.actions);
    const counts = addFrameCellCounts(emptyCellCounts(), p.frames, b.nextFrames, cellGrid(source.width, source.height));
    return {
      type: 'metrics', step: this.model.steps, transitions: b.count, cells: cellAccuracy(counts), psnr: psnr(p.frames, b.nextFrames),
      reward: rewardAccuracy(p.reward, b.rewards), termination: terminationAccuracy(p.terminated, b.terminated), ms: performance.now() - t0,
    };
  }

  /**
   * Opens a dream from the real stack `stack` (`[84, 84, 4]` bytes), replacing any open one. With
   * `pilot` (a copy of the agent's greedy policy and the maze's size in cells), steps may leave the
   * action to the agent ('agent').
   */
  startDream(stack: Uint8Array, pilot?: DreamPilotSource): { model: string; steps: number } {
    const policy = pilot ? new GreedyPolicy(pilot.policy) : null;
    const legal = pilot ? new DreamLegalMoves(cellGrid(pilot.width, pilot.height), newestFrame(stack)) : null;
    this.closeDream();
    this.dream = new LiveDream(this.model, stack, policy && legal ? { policy, legal } : null);
    this.lastDreamAt = performance.now();
    return { model: this.model.name, steps: this.model.steps };
  }

  async stepDream(action: DreamAction): Promise<DreamStep> {
    const dream = this.dream;
    if (!dream) throw new Error('no dream is open: start one from a real frame stack first');
    this.lastDreamAt = performance.now();
    const step = await dream.step(action);
    this.lastDreamAt = performance.now();
    return step;
  }

  stopDream(): void {
    this.closeDream();
  }

  private closeDream(): void {
    this.dream?.pilot?.policy.dispose();
    this.dream = null;
  }

  snapshot(): WorldSnapshot {
    const now = performance.now();
    const steps = this.model.steps;
    if (now - this.rate.at >= 1000) this.rate = { at: now, steps, perSec: ((steps - this.rate.steps) * 1000) / (now - this.rate.at) };
    return {
      running: this.running, settings: { ...this.settings, channels: [...this.settings.channels] },
      modelConfig: { ...(this.model.config as unknown as Record<string, unknown>) }, paramCount: this.model.paramCount, steps,
      stepsPerSec: this.running ? this.rate.perSec : 0, transitions: this.train.size, heldOut: this.heldOut.size,
      stepRows: this.stepRows.splice(0), metricRows: this.metricRows.splice(0), status: this.status, dreaming: this.dream !== null,
    };
  }

  dispose(): void {
    this.running = false;
    this.closeDream();
    this.model.dispose();
  }
}
