/**
 * The gen worker's API: plain data in and out, so Comlink can carry it. workers/gen.worker.ts
 * exposes it in the browser, workers/gen.node.ts under worker_threads (tests).
 */
import * as Comlink from 'comlink';
import { type BackendInfo, type BackendOptions, type BackendPreference, selectBackend } from '../tf/backend.js';
import { type GenDataLoaders, GenSession, type GenSnapshot } from './session.js';
import type { GenSlotSettings } from './slot-config.js';
import type { GenModelName } from './types.js';
import type { TransitionBatch } from './world/data.js';
import type { DreamAction, DreamStep } from './world/live-dream.js';
import type { DreamPilotSource, HandoverSource, WorldSnapshot } from './world/world-slot.js';
import type { WorldSlotSettings } from './world/world-settings.js';

export interface GenWorkerApi {
  /** Picks the backend (first call only). */
  init(backend?: BackendPreference): Promise<BackendInfo>;
  /** Builds (or rebuilds) a model's slot; resolves with the settings in force. Starts paused. */
  configure(model: GenModelName, settings?: Partial<GenSlotSettings>): Promise<GenSlotSettings>;
  start(model: GenModelName): void;
  pause(model: GenModelName): void;
  sampleNow(model: GenModelName, seed: number): Promise<void>;
  /** The agent's frames, `[n, 84 * 84]` bytes (transfer them); resolves with the frames held. */
  addFrames(frames: Uint8Array): Promise<number>;
  /** Snapshots per slot; pass the callback through Comlink.proxy. */
  subscribe(callback: (snapshot: GenSnapshot) => void): void;
  /** Builds (or rebuilds) the world-model slot (Dream mode); starts paused, keeps the transitions held. */
  configureWorld(settings?: Partial<WorldSlotSettings>): WorldSlotSettings;
  startWorld(): void;
  pauseWorld(): void;
  /** The agent's transitions (RlWorkerApi.sampleTransitions; transfer them) from run `source`; resolves with the training transitions held. */
  addTransitions(batch: TransitionBatch, source: HandoverSource): number;
  /** World-slot snapshots; pass the callback through Comlink.proxy. */
  subscribeWorld(callback: (snapshot: WorldSnapshot) => void): void;
  /**
   * Opens a dream from one real `[84, 84, 4]` stack (pixel-major, newest last); training waits
   * while it is stepped. `pilot`: the agent's greedy policy (RlWorkerApi.policyWeights) and the
   * maze's size, so steps can leave the action to the agent without asking the RL worker.
   */
  dreamStart(stack: Uint8Array, pilot?: DreamPilotSource): { model: string; steps: number };
  /** One dream step with an action (0 North, 1 South, 2 East, 3 West, 4 Stop) or 'agent': one forward pass; its frame and stack are transferred. */
  dreamStep(action: DreamAction): Promise<DreamStep>;
  /** Closes the dream; training resumes. */
  dreamStop(): void;
  dispose(): void;
}

export function createGenWorkerApi(loaders: GenDataLoaders, backendOptions: BackendOptions = {}): GenWorkerApi {
  let backend: BackendInfo | null = null;
  const session = new GenSession(loaders);
  const ready = (): GenSession => {
    if (!backend) throw new Error('the gen worker is not initialised: call init() first');
    return session;
  };
  const transfers = (s: GenSnapshot): ArrayBuffer[] => [
    ...(s.samples ? [s.samples.image.pixels.buffer as ArrayBuffer] : []),
    ...(s.views ?? []).flatMap((v) => [v.image.pixels.buffer as ArrayBuffer, ...(v.frames ?? []).map((f) => f.pixels.buffer as ArrayBuffer)]),
  ];
  return {
    async init(preference = 'auto') {
      backend ??= await selectBackend(preference, backendOptions);
      return backend;
    },
    configure: (model, settings = {}) => ready().configure(model, settings),
    start: (model) => ready().start(model),
    pause: (model) => ready().pause(model),
    sampleNow: (model, seed) => ready().sampleNow(model, seed),
    addFrames: (frames) => ready().addFrames(frames),
    subscribe(callback) {
      // A buffer may appear twice (a view's last frame is its image): transfer each once.
      ready().subscribe((s) => callback(Comlink.transfer(s, [...new Set(transfers(s))])));
    },
    configureWorld: (settings = {}) => ready().world.configure(settings),
    startWorld: () => ready().world.start(),
    pauseWorld: () => ready().world.pause(),
    addTransitions: (batch, source) => ready().world.addTransitions(batch, source),
    subscribeWorld: (callback) => ready().world.subscribe((s) => callback(s)),
    dreamStart: (stack, pilot) => ready().world.dreamStart(stack, pilot),
    async dreamStep(action) {
      const step = await ready().world.dreamStep(action);
      return Comlink.transfer(step, [step.frame.buffer as ArrayBuffer, step.stack.buffer as ArrayBuffer]);
    },
    dreamStop: () => ready().world.dreamStop(),
    dispose: () => session.dispose(),
  };
}
