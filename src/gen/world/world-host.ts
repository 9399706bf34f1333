/**
 * The world-model side of the gen worker's session: the current WorldSlot (rebuilt by
 * `configure`, keeping the transitions it holds), its listeners and snapshot rate, and the dream
 * calls. GenSession's loop gives it turns by the same rule as the image models (the least worker
 * time used) and asks `dreamActive` first: while a dream is being stepped, nothing trains.
 */
import type { TransitionBatch } from './data.js';
import type { DreamAction, DreamStep } from './live-dream.js';
import { type DreamPilotSource, type HandoverSource, WorldSlot, type WorldSnapshot } from './world-slot.js';
import { resolveWorldSlotSettings, type WorldSlotSettings } from './world-settings.js';

export type WorldSnapshotListener = (snapshot: WorldSnapshot) => void;

export interface WorldHostHooks {
  /** The least worker time any running slot has used (0 when none runs): a slot that starts late joins there. */
  joinAt(): number;
  /** Training was started: the session runs its loop. */
  started(): void;
}

export class WorldHost {
  private slot: WorldSlot | null = null;
  private listeners: WorldSnapshotListener[] = [];

  constructor(private readonly hooks: WorldHostHooks, private readonly snapshotIntervalMs: number) {}

  get running(): boolean {
    return this.slot?.running === true;
  }

  /** Worker time the slot has used; Infinity when it is not configured. */
  get busyMs(): number {
    return this.slot?.busyMs ?? Infinity;
  }

  /** Running with enough transitions for a batch: it can take a turn. */
  get wantsTurn(): boolean {
    return this.slot !== null && this.slot.running && this.slot.ready;
  }

  /** A dream is being stepped (see WorldSlot.dreamActive): training waits. */
  get dreamActive(): boolean {
    return this.slot?.dreamActive === true;
  }

  /** Builds (or rebuilds) the slot with `settings` over the defaults; it starts paused. A refused setting leaves the slot as it was. */
  configure(settings: Partial<WorldSlotSettings> = {}): WorldSlotSettings {
    const resolved = resolveWorldSlotSettings(settings);
    const old = this.slot;
    const slot = new WorldSlot(resolved, old ?? undefined);
    old?.dispose();
    this.slot = slot;
    this.publish(true);
    return resolved;
  }

  start(): void {
    const slot = this.need();
    if (!slot.running) slot.busyMs = Math.max(slot.busyMs, this.hooks.joinAt());
    slot.start();
    this.hooks.started();
    this.publish(true);
  }

  pause(): void {
    this.need().pause();
    this.publish(true);
  }

  /** The agent's transitions (src/rl/transition-handover.ts) from run `source`; returns the training transitions held. */
  addTransitions(batch: TransitionBatch, source: HandoverSource): number {
    const held = this.need().addTransitions(batch, source);
    this.publish(true);
    return held;
  }

  /** One training step (and metrics when due), its time charged to the slot; a failure stops the slot and says why. */
  async takeTurn(): Promise<void> {
    const slot = this.need();
    const started = performance.now();
    try {
      await slot.step();
      slot.busyMs += performance.now() - started;
      this.publish(false);
    } catch (err) {
      slot.fail(err);
      this.publish(true);
    }
  }

  /** Opens a dream from the real `[84, 84, 4]` stack `stack` (and the agent's policy, to pilot it); says which model dreams and how many steps it has trained. */
  dreamStart(stack: Uint8Array, pilot?: DreamPilotSource): { model: string; steps: number } {
    const info = this.need().startDream(stack, pilot);
    this.publish(true);
    return info;
  }

  /** One dream step with `action` (or the agent's greedy choice: 'agent'): one forward pass of the model. */
  dreamStep(action: DreamAction): Promise<DreamStep> {
    return this.need().stepDream(action);
  }

  dreamStop(): void {
    if (!this.slot) return;
    this.slot.stopDream();
    this.publish(true);
  }

  subscribe(listener: WorldSnapshotListener): void {
    this.listeners.push(listener);
    if (this.slot) listener(this.slot.snapshot());
  }

  dispose(): void {
    this.slot?.dispose();
    this.slot = null;
    this.listeners = [];
  }

  private need(): WorldSlot {
    if (!this.slot) throw new Error('the world model is not configured: call configureWorld first');
    return this.slot;
  }

  private publish(force: boolean): void {
    const slot = this.slot;
    if (!slot) return;
    const now = performance.now();
    if (!force && now - slot.lastSnapshotAt < this.snapshotIntervalMs) return;
    slot.lastSnapshotAt = now;
    const snapshot = slot.snapshot();
    for (const l of this.listeners) l(snapshot);
  }
}
