/**
 * GenSession: the generative lab's three models (VAE, GAN, diffusion) training side by side in
 * one worker, each in a "slot" with its own settings, run/pause state and previews. One loop
 * steps the running slots in turn and yields to the event loop between steps, so messages
 * (pause, sample now) get through. The loop shares the worker's time, not its steps, between the
 * running models (a diffusion step costs ~20 VAE steps): it always steps the slot that has used
 * the least time. Previews cost time too (diffusion samples run the reverse process), so a slot
 * previews at most every PREVIEW_INTERVAL_MS and never spends more than 1/PREVIEW_COST_SHARE of
 * its time on them. Snapshots go out per slot at most SNAPSHOT_INTERVAL_MS apart,
 * with the loss rows and metric rows since the last one and, when refreshed, the sample grid and
 * the model's own views (as gray images, ready to draw).
 *
 * Data comes from outside through `GenDataLoaders` (Node and browsers load the digits asset and
 * the judges differently); `frames` come from `addFrames` (the page hands the agent's replay
 * frames over) into one FrameRing the frames slots share.
 *
 * `world` is the world-model slot (Dream mode, src/gen/world/world-host.ts): it takes turns in the
 * same loop by the same rule, on the transitions the agent hands over. Its live dream comes
 * first: while a dream is being stepped nothing trains, so a dream step is one forward pass and
 * never queues behind a training step.
 */
import { ConfigError } from '../core/errors.js';
import { createImageSource } from './datasets/create.js';
import type { ByteDataset } from './datasets/byte-images.js';
import { FrameRing } from './datasets/frame-ring.js';
import { type GrayImage, tileBatch } from './grid.js';
import type { Judge } from './metrics/judge.js';
import { type GenSlotSettings, modelConfigOf, resolveSlotSettings } from './slot-config.js';
import { modelViews, type GenView } from './session-views.js';
import { type GenMetricsRow, type GenStepRow, GenTrainer } from './trainer.js';
import { type DatasetName, GEN_MODEL_NAMES, type GenModelName } from './types.js';
import { WorldHost } from './world/world-host.js';

export interface GenDataLoaders {
  digits(): Promise<ByteDataset>;
  /** The pretrained judge of 'digits' or 'sprites' (frames are judged in the sprites judge's features). */
  judge(dataset: 'digits' | 'sprites'): Promise<Judge>;
}

export interface GenSnapshot {
  model: GenModelName;
  running: boolean;
  settings: GenSlotSettings;
  /** The model's resolved config as the worker uses it (plain data). */
  modelConfig: Record<string, unknown>;
  paramCount: number;
  steps: number;
  stepsPerSec: number;
  /** Rows since the previous snapshot of this slot, oldest first. */
  stepRows: GenStepRow[];
  metricRows: GenMetricsRow[];
  /** Class names of the data (conditional grids draw one class a row). */
  classNames: readonly string[];
  /** Set when refreshed since the previous snapshot. */
  samples?: { image: GrayImage; step: number; columns: number };
  views?: GenView[];
  /** Why the slot is not training (waiting for frames, a failed step). */
  status: string;
}

/** Snapshots of one slot at most this often. */
const SNAPSHOT_INTERVAL_MS = 250;
/** Previews (sample grid and views) of a running slot at most this often; diffusion samples cost more. */
const PREVIEW_INTERVAL_MS: Record<GenModelName, number> = { vae: 2_000, gan: 2_000, diffusion: 5_000 };
/** A preview that took P ms waits at least PREVIEW_COST_SHARE * P before the next. */
const PREVIEW_COST_SHARE = 5;
/** Metrics every so many steps, on so many samples (diffusion samples cost ~100x a VAE's). */
const METRICS: Record<GenModelName, { every: number; samples: number }> = {
  vae: { every: 200, samples: 200 }, gan: { every: 200, samples: 200 }, diffusion: { every: 400, samples: 40 },
};
/** Frames kept for the frames dataset: ~28 MB. */
export const FRAME_RING_CAPACITY = 4_000;
/** Samples in a preview grid: 10 classes x 8, or 8 x 8. */
const GRID_SAMPLES = 80;
/** While a dream is being stepped, the loop looks this often whether it may train again. */
const DREAM_YIELD_MS = 50;

interface Slot {
  model: GenModelName;
  settings: GenSlotSettings;
  trainer: GenTrainer | null;
  running: boolean;
  status: string;
  stepRows: GenStepRow[];
  metricRows: GenMetricsRow[];
  samples?: GenSnapshot['samples'];
  views?: GenView[];
  /** No automatic preview before this time (performance.now()). */
  nextPreviewAt: number;
  lastSnapshotAt: number;
  /** Worker time this slot has used (steps, metrics, previews), for fair sharing. */
  busyMs: number;
  rate: { at: number; steps: number; perSec: number };
}

export type GenSnapshotListener = (snapshot: GenSnapshot) => void;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class GenSession {
  private readonly slots = new Map<GenModelName, Slot>();
  private readonly frames = new FrameRing(FRAME_RING_CAPACITY);
  private readonly judges = new Map<string, Promise<Judge>>();
  private digits: Promise<ByteDataset> | null = null;
  private listeners: GenSnapshotListener[] = [];
  private loop: Promise<void> | null = null;
  /** The world-model slot and its dream (Dream mode). */
  readonly world = new WorldHost({ joinAt: () => this.lowestRunningBusyMs(), started: () => this.ensureLoop() }, SNAPSHOT_INTERVAL_MS);

  constructor(private readonly loaders: GenDataLoaders) {}

  /** Builds (or rebuilds) `model`'s slot with `settings` over its defaults; it starts paused. A refused setting leaves the slot as it was. */
  async configure(model: GenModelName, settings: Partial<GenSlotSettings> = {}): Promise<GenSlotSettings> {
    const name = checkModel(model);
    const resolved = resolveSlotSettings(name, settings);
    const old = this.slots.get(name);
    const slot: Slot = {
      model: name, settings: resolved, trainer: null, running: false, status: 'building', stepRows: [], metricRows: [],
      nextPreviewAt: -Infinity, lastSnapshotAt: -Infinity, busyMs: 0, rate: { at: performance.now(), steps: 0, perSec: 0 },
    };
    if (resolved.data !== 'frames') slot.trainer = await this.buildTrainer(name, resolved);
    if (old) {
      old.running = false;
      old.trainer?.dispose();
    }
    slot.status = slot.trainer ? 'paused' : this.framesStatus();
    this.slots.set(name, slot);
    this.publish(slot, true);
    return resolved;
  }

  start(model: GenModelName): void {
    const slot = this.slot(model);
    // Join at the others' level of used time, so a model started late does not hog the worker.
    if (!slot.running) slot.busyMs = Math.max(slot.busyMs, this.lowestRunningBusyMs());
    slot.running = true;
    slot.status = slot.trainer ? 'training' : this.framesStatus();
    this.ensureLoop();
    this.publish(slot, true);
  }

  pause(model: GenModelName): void {
    const slot = this.slot(model);
    slot.running = false;
    slot.status = slot.trainer ? 'paused' : this.framesStatus();
    this.publish(slot, true);
  }

  /**
   * Fresh samples now (with `seed`), and the model's views, in the next snapshot. The noise seed
   * is offset past the slot's own seed, which the periodic previews use: "Sample now" on a paused
   * model must never redraw the very grid it already shows.
   */
  async sampleNow(model: GenModelName, seed: number): Promise<void> {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new ConfigError('seed', `sample seed must be an integer >= 0, got ${seed}`);
    const slot = this.slot(model);
    if (!slot.trainer) throw new Error(`${model}: no model yet (${slot.status})`);
    await this.preview(slot, slot.settings.seed + 1 + seed, true);
    this.publish(slot, true);
  }

  /** The agent's frames, `[n, 84 * 84]` bytes, for the frames dataset. */
  async addFrames(frames: Uint8Array): Promise<number> {
    this.frames.add(frames);
    for (const slot of this.slots.values()) {
      if (slot.settings.data === 'frames' && !slot.trainer && this.frames.count >= slot.settings.batchSize) {
        slot.trainer = await this.buildTrainer(slot.model, slot.settings);
        slot.status = slot.running ? 'training' : 'paused';
        this.publish(slot, true);
      }
    }
    return this.frames.count;
  }

  subscribe(listener: GenSnapshotListener): void {
    this.listeners.push(listener);
    for (const slot of this.slots.values()) listener(this.snapshot(slot));
  }

  /** Resolves when the loop has stopped (every slot paused). */
  async stopped(): Promise<void> {
    await this.loop;
  }

  dispose(): void {
    for (const slot of this.slots.values()) {
      slot.running = false;
      slot.trainer?.dispose();
    }
    this.slots.clear();
    this.listeners = [];
    this.world.dispose();
  }

  /** The least time any running slot (image or world) has used; 0 when none runs. */
  private lowestRunningBusyMs(): number {
    const busy = [...this.slots.values()].filter((s) => s.running).map((s) => s.busyMs);
    if (this.world.running) busy.push(this.world.busyMs);
    return busy.length > 0 ? Math.min(...busy) : 0;
  }

  private ensureLoop(): void {
    this.loop ??= this.run().finally(() => (this.loop = null));
  }

  private slot(model: GenModelName): Slot {
    const slot = this.slots.get(checkModel(model));
    if (!slot) throw new Error(`${model}: configure it first`);
    return slot;
  }

  private framesStatus(): string {
    return `waiting for the agent's frames (${this.frames.count} so far): start the agent`;
  }

  private async buildTrainer(model: GenModelName, s: GenSlotSettings): Promise<GenTrainer> {
    const data: DatasetName = s.data;
    const source = createImageSource(data, { seed: s.seed, size: s.size }, {
      digits: data === 'digits' ? await (this.digits ??= this.loaders.digits()) : undefined,
      frames: data === 'frames' ? this.frames : undefined,
    });
    const judgeName = data === 'digits' ? 'digits' : 'sprites';
    let judge = this.judges.get(judgeName);
    if (!judge) {
      judge = this.loaders.judge(judgeName);
      this.judges.set(judgeName, judge);
    }
    return new GenTrainer({ model, modelConfig: modelConfigOf(model, s), seed: s.seed, metrics: METRICS[model] }, source, await judge);
  }

  private async run(): Promise<void> {
    for (;;) {
      const world = this.world;
      if (![...this.slots.values()].some((s) => s.running) && !world.running) return;
      if (world.dreamActive) {
        await sleep(DREAM_YIELD_MS);
        continue;
      }
      const running = [...this.slots.values()].filter((s) => s.running && s.trainer);
      if (running.length === 0 && !world.wantsTurn) {
        await sleep(200); // running slots wait for frames or transitions
        continue;
      }
      const slot = running.reduce<Slot | null>((a, b) => (a === null || b.busyMs < a.busyMs ? b : a), null);
      if (!slot || (world.wantsTurn && world.busyMs <= slot.busyMs)) {
        await world.takeTurn();
        await sleep(0);
        continue;
      }
      const started = performance.now();
      try {
        await this.stepSlot(slot);
        slot.busyMs += performance.now() - started;
      } catch (err) {
        slot.running = false;
        slot.status = `stopped: ${err instanceof Error ? err.message : String(err)}`;
        this.publish(slot, true);
      }
      await sleep(0);
    }
  }

  private async stepSlot(slot: Slot): Promise<void> {
    const trainer = slot.trainer as GenTrainer;
    const row = await trainer.trainStep();
    if (!Object.values(row.losses).every(Number.isFinite)) {
      throw new Error(`a loss is not finite at step ${row.step} (${JSON.stringify(row.losses)}): lower the learning rate and reset`);
    }
    slot.stepRows.push(row);
    if (trainer.metricsDue || trainer.steps === 1) slot.metricRows.push(await trainer.evaluate());
    if (performance.now() >= slot.nextPreviewAt) await this.preview(slot, slot.settings.seed, false);
    this.publish(slot, false);
  }

  /** Sample grid (fixed seed, so the grid shows the model changing, not the noise) and the model's views. */
  private async preview(slot: Slot, seed: number, withTrajectory: boolean): Promise<void> {
    const trainer = slot.trainer as GenTrainer;
    const started = performance.now();
    // Diffusion samples cost a reverse process each: fewer of them.
    const perClass = slot.model === 'diffusion' ? 4 : 8;
    const n = trainer.conditional ? trainer.numClasses * perClass : slot.model === 'diffusion' ? 16 : 64;
    const batch = await trainer.sampleGrid(Math.min(n, GRID_SAMPLES), seed);
    const columns = trainer.gridColumns(batch.count);
    slot.samples = { image: tileBatch(batch, columns), step: trainer.steps, columns };
    slot.views = await modelViews(trainer, seed, withTrajectory);
    const now = performance.now();
    slot.nextPreviewAt = now + Math.max(PREVIEW_INTERVAL_MS[slot.model], PREVIEW_COST_SHARE * (now - started));
  }

  private publish(slot: Slot, force: boolean): void {
    const now = performance.now();
    if (!force && now - slot.lastSnapshotAt < SNAPSHOT_INTERVAL_MS) return;
    slot.lastSnapshotAt = now;
    const snapshot = this.snapshot(slot);
    for (const l of this.listeners) l(snapshot);
  }

  private snapshot(slot: Slot): GenSnapshot {
    const t = slot.trainer;
    const now = performance.now();
    const steps = t?.steps ?? 0;
    if (now - slot.rate.at >= 1000) slot.rate = { at: now, steps, perSec: ((steps - slot.rate.steps) * 1000) / (now - slot.rate.at) };
    const snapshot: GenSnapshot = {
      model: slot.model, running: slot.running, settings: { ...slot.settings },
      modelConfig: t ? { ...(t.model.config as unknown as Record<string, unknown>) } : {}, paramCount: t?.model.paramCount ?? 0,
      steps, stepsPerSec: slot.running ? slot.rate.perSec : 0, stepRows: slot.stepRows.splice(0), metricRows: slot.metricRows.splice(0),
      classNames: t?.source.info.classNames ?? [], status: slot.status,
    };
    if (slot.samples) snapshot.samples = slot.samples;
    if (slot.views) snapshot.views = slot.views;
    slot.samples = undefined;
    slot.views = undefined;
    return snapshot;
  }
}

function checkModel(model: unknown): GenModelName {
  const found = GEN_MODEL_NAMES.find((m) => m === model);
  if (!found) throw new ConfigError('model', `model must be one of ${GEN_MODEL_NAMES.join(', ')}, got ${JSON.stringify(model)}`);
  return found;
}
