/**
 * The RL worker's API: plain data in and out, so Comlink can carry it. workers/rl.worker.ts
 * exposes it in the browser; tests and Node expose it through a MessageChannel or worker_threads.
 */
import * as Comlink from 'comlink';
import type { Action } from '../env/grid.js';
import { type BackendInfo, type BackendOptions, type BackendPreference, destroyWebGpuDevice, selectBackend, watchDeviceLoss } from '../tf/backend.js';
import { fetchCheckpoint, listCheckpoints, type StoredCheckpointInfo, storeCheckpoint } from '../tf/checkpoint-store.js';
import type { EncodedCheckpoint } from './checkpoint.js';
import type { LiveParams } from './config.js';
import type { MemoryBudget } from './memory-budget.js';
import { type RlFault, type RlInitConfig, RlSession, type RlSnapshot } from './session.js';
import type { ReplayTransitionView, SaliencyMap, TdExplanation, UpdateExplanation } from './explain/types.js';
import { type PolicyWeights, policyBuffers } from './greedy-policy.js';
import { handoverBuffers, type TransitionHandover } from './transition-handover.js';

export interface RlWorkerApi {
  /** Picks the backend (first call only) and builds the run. Resolves with the backend that runs. */
  init(config: RlInitConfig, backend?: BackendPreference): Promise<BackendInfo>;
  start(): void;
  pause(): Promise<void>;
  step(n?: number): Promise<void>;
  setParams(params: LiveParams): Required<LiveParams>;
  getParams(): Required<LiveParams>;
  setSpeed(movesPerSecond: number): void;
  /** A person's key press (an Action: 0 North, 1 South, 2 East, 3 West, 4 Stop): pauses the agent, the person plays. */
  steer(action: number): Promise<void>;
  /** Ends the person's game; the board shows the agent again (still paused). */
  leaveHuman(): Promise<void>;
  /** Snapshots at display rate; pass the callback through Comlink.proxy. */
  subscribe(callback: (snapshot: RlSnapshot) => void): void;
  /** The online network's Q-values for `n` stacked observations `[n, 84, 84, 4]`, row-major `[n, actions]`. */
  qValues(obs: Uint8Array, n: number): Promise<Float32Array>;
  /** Up to `count` distinct replay frames, `[n, 84 * 84]` bytes (transferred): the generative lab's `frames` data. */
  sampleFrames(count: number): Uint8Array;
  /** Up to `count` distinct replay transitions (transferred): the world model's data (src/rl/transition-handover.ts). */
  sampleTransitions(count: number): TransitionHandover;
  /** A frozen copy of the agent's greedy policy (the online network's weights, transferred): the dream's pilot in the gen worker. */
  policyWeights(): Promise<PolicyWeights>;
  /** The TD target of the shown game's newest transition an update could draw, as the update computes it; null while none. */
  explainLatest(): Promise<TdExplanation | null>;
  /** While paused: one step and one training update with every quantity of it (frames transferred). */
  explainStep(): Promise<UpdateExplanation>;
  /** Stored transitions `from` .. `from + count - 1` (count <= 64) in the viewer's order; the size is the snapshot's replay.size. */
  replayTransitions(from: number, count: number): ReplayTransitionView[];
  /** |dQ(s, a)/d pixel| for one stack `[84, 84, 4]` as `[4, 84, 84]` (oldest first, transferred), a greedy unless given. */
  saliency(obs: Uint8Array, action?: number): Promise<SaliencyMap>;
  saveCheckpoint(): Promise<EncodedCheckpoint>;
  loadCheckpoint(checkpoint: EncodedCheckpoint, source?: string): void;
  /** Browser: saves the run's checkpoint in IndexedDB under `key`. */
  storeCheckpoint(key: string): Promise<StoredCheckpointInfo>;
  /** Browser: loads a checkpoint saved with storeCheckpoint. */
  restoreStoredCheckpoint(key: string): Promise<void>;
  listStoredCheckpoints(): Promise<StoredCheckpointInfo[]>;
  /** Test hook: injects a fault so tests can check the recovery (see RlSession.injectFault). */
  injectFault(kind: RlFault): void;
  /** Answers at once: the page's heartbeat (a worker that stops answering is restarted). */
  ping(): number;
  /** Test hook: destroys the WebGPU device (as a driver reset would); the run falls back and continues. */
  loseDevice(): void;
  dispose(): void;
}

export function createRlWorkerApi(backendOptions: BackendOptions = {}, memoryBudget: MemoryBudget | null = null): RlWorkerApi {
  let session: RlSession | null = null;
  let backend: BackendInfo | null = null;
  /** The WebGPU device was lost: move to the next backend and let the session rebuild on it. */
  const fallBack = async (reason: string): Promise<void> => {
    backend = await selectBackend('auto', backendOptions, true);
    await session?.backendLost(backend, reason);
  };
  const need = (): RlSession => {
    if (!session) throw new Error('the RL worker is not initialised: call init(config) first');
    return session;
  };
  return {
    async init(config, preference = 'auto') {
      if (!backend) {
        backend = await selectBackend(preference, backendOptions);
        watchDeviceLoss((reason) => void fallBack(reason));
      }
      session ??= new RlSession(backend, memoryBudget);
      await session.init(config);
      return backend;
    },
    start: () => need().start(),
    async pause() {
      const s = need();
      s.pause();
      await s.stopped();
    },
    step: (n = 1) => need().step(n),
    setParams: (params) => need().setParams(params),
    getParams: () => need().getParams(),
    setSpeed: (movesPerSecond) => need().setSpeed(movesPerSecond),
    steer: (action) => need().steer(action as Action),
    leaveHuman: () => need().leaveHuman(),
    subscribe(callback) {
      need().subscribe((s) => callback(Comlink.transfer(s, [s.frames.buffer])));
    },
    qValues: (obs, n) => need().qValues(obs, n),
    sampleFrames(count) {
      const frames = need().sampleFrames(count);
      return Comlink.transfer(frames, [frames.buffer as ArrayBuffer]);
    },
    sampleTransitions(count) {
      const t = need().sampleTransitions(count);
      return Comlink.transfer(t, handoverBuffers(t));
    },
    async policyWeights() {
      const w = await need().policyWeights();
      return Comlink.transfer(w, policyBuffers(w));
    },
    explainLatest: () => need().explainLatest(),
    async explainStep() {
      const e = await need().explainStep();
      return Comlink.transfer(e, [e.frames.buffer as ArrayBuffer, e.nextFrames.buffer as ArrayBuffer]);
    },
    replayTransitions(from, count) {
      const views = need().replayTransitions(from, count);
      return Comlink.transfer(views, views.flatMap((v) => [v.frames.buffer as ArrayBuffer, v.nextFrame.buffer as ArrayBuffer]));
    },
    async saliency(obs, action) {
      const map = await need().saliency(obs, action);
      return Comlink.transfer(map, [map.values.buffer as ArrayBuffer]);
    },
    async saveCheckpoint() {
      const cp = await need().saveCheckpoint();
      return Comlink.transfer(cp, [cp.blob.buffer as ArrayBuffer]);
    },
    loadCheckpoint: (checkpoint, source = 'checkpoint') => need().loadCheckpoint(checkpoint, source),
    async storeCheckpoint(key) {
      return storeCheckpoint(key, await need().saveCheckpoint());
    },
    async restoreStoredCheckpoint(key) {
      need().loadCheckpoint(await fetchCheckpoint(key), `IndexedDB "${key}"`);
    },
    listStoredCheckpoints: () => listCheckpoints(),
    injectFault: (kind) => need().injectFault(kind),
    ping: () => Date.now(),
    loseDevice: () => destroyWebGpuDevice(),
    dispose() {
      session?.dispose();
      session = null;
    },
  };
}
