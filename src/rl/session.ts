/**
 * RlSession: a DQN training run that a page (through a worker) or a test drives. It owns the
 * trainer and a run loop, takes live settings, and publishes snapshots at display rate (at most
 * ~30 per second, never per step). Backend selection is the caller's (the worker's) job.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, TrainingDivergedError } from '../core/errors.js';
import { type RandomStream, RandomStreams } from '../core/random.js';
import type { EnvConfig } from '../env/env.js';
import { type Action, isAction, NUM_ACTIONS } from '../env/grid.js';
import { type Layout, parseLayout } from '../env/layout.js';
import type { BackendInfo } from '../tf/backend.js';
import type { EncodedCheckpoint } from './checkpoint.js';
import { type DqnConfig, LIVE_PARAMS, type LiveParams, resolveDqnConfig, untransformReward } from './config.js';
import { checkMemoryBudget, type MemoryBudget } from './memory-budget.js';
import { HumanPlay } from './human-play.js';
import { LoopYield, MID_TICK_YIELD_MS, sleep, YIELD_INTERVAL_MS } from './loop-yield.js';
import { Rollback } from './rollback.js';
import type { EpisodeRow } from './metrics.js';
import { DqnTrainer } from './trainer.js';
import { explainLatest, explainStep } from './explain/explain-td.js';
import { replayTransitions } from './explain/replay-reader.js';
import { mazeArea, saliencyMap } from './explain/saliency.js';
import type { ReplayTransitionView, SaliencyMap, TdExplanation, UpdateExplanation } from './explain/types.js';
import { buildSnapshot, RateMeter, type RlSnapshot, type SnapshotListener } from './snapshot.js';
import { exportPolicy, type PolicyWeights } from './greedy-policy.js';
import { sampleTransitions, type TransitionHandover } from './transition-handover.js';

export type { RlSnapshot, SnapshotListener } from './snapshot.js';

export interface RlInitConfig {
  /** Layout file text and the name to show (parsed here: a bad file is refused with its message). */
  layout: { name: string; text: string };
  env?: Partial<EnvConfig>;
  dqn?: Partial<DqnConfig>;
  seed: number;
}

/** Faults the tests inject (see injectFault). */
export type RlFault = 'nan-weights' | 'throw-in-step';

const SNAPSHOT_INTERVAL_MS = 33;
/** Moves per second while a person plays (the classic engine's keyboard game runs at 10). */
export const HUMAN_MOVES_PER_SECOND = 6;

export class RlSession {
  private trainer: DqnTrainer | null = null;
  private listeners: SnapshotListener[] = [];
  private running = false;
  private loop: Promise<void> | null = null;
  private lastSnapshotAt = 0;
  private rate = new RateMeter(0);
  /** Agent moves per second at "watch" speed; 0 = as fast as training goes (turbo). */
  private movesPerSecond = 0;
  /** Episodes finished since the last snapshot (charts need every score, not only the mean). */
  private pendingEpisodes: EpisodeRow[] = [];
  /** The run's maze, env settings and seed (a person's game uses the same). */
  private setup: { layout: Layout; env: RlInitConfig['env']; seed: number } | null = null;
  private human: HumanPlay | null = null;
  private humanLoop: Promise<void> | null = null;
  private humanQ: Float32Array<ArrayBufferLike> = new Float32Array(NUM_ACTIONS);
  /** The last checkpoint taken while the loss was finite: the rollback target. */
  private readonly rollback = new Rollback();
  private alert: string | null = null;
  private throwInNextTick = false;
  /** The stream frames handed to the generative lab are drawn from (reset with each run). */
  private handover: RandomStream | null = null;

  /** `memoryBudget`: a run that would not fit it is refused at init (see memory-budget.ts). */
  constructor(private backend: BackendInfo, private readonly memoryBudget: MemoryBudget | null = null) {}

  /**
   * The backend died under the run (WebGPU device lost) and `next` now runs: rebuild the run on
   * it from the last good checkpoint (kept in memory as bytes, so it survives the device), keep
   * going if it was running, and say so. The old run's tensors are abandoned, not read.
   */
  async backendLost(next: BackendInfo, reason: string): Promise<void> {
    const wasRunning = this.running;
    this.running = false;
    this.human = null;
    const setup = this.setup;
    const good = this.rollback.last;
    const old = this.trainer;
    if (!setup || !old || !good) return;
    this.backend = next;
    const trainer = new DqnTrainer({ layout: setup.layout, env: setup.env, dqn: old.config, seed: setup.seed });
    trainer.restore(good.checkpoint, 'the last good checkpoint');
    trainer.listeners = old.listeners;
    this.trainer = trainer;
    this.loop = null;
    try {
      old.dispose();
    } catch {
      // its tensors lived on the lost device
    }
    this.alert = `The ${'WebGPU'} device was lost (${reason}): now training on ${next.name}, restored from update ${good.updates.toLocaleString('en-US')} (the last good checkpoint).`;
    this.publish(true);
    if (wasRunning) {
      this.running = true;
      this.loop = this.run();
    }
  }

  /**
   * Builds a new run. The new config is parsed and validated first: a refused config (a bad
   * layout, a bad value) throws and leaves the current run exactly as it was.
   */
  async init(config: RlInitConfig): Promise<void> {
    if (!Number.isInteger(config.seed) || config.seed < 0) throw new ConfigError('seed', `seed must be an integer >= 0, got ${config.seed}`);
    const layout = parseLayout(config.layout.text, config.layout.name);
    if (this.memoryBudget) checkMemoryBudget(resolveDqnConfig(config.dqn ?? {}), this.memoryBudget.bytes, this.memoryBudget.source);
    const next = new DqnTrainer({ layout, env: config.env, dqn: config.dqn, seed: config.seed });
    this.pause();
    await this.stopped();
    await this.leaveHuman(false);
    this.trainer?.dispose();
    this.trainer = next;
    this.setup = { layout, env: config.env, seed: config.seed };
    this.handover = null;
    this.alert = null;
    await this.rollback.start(next);
    this.pendingEpisodes = [];
    next.listeners.onEpisode = (row) => {
      this.pendingEpisodes.push(row);
      if (this.pendingEpisodes.length > 1000) this.pendingEpisodes.shift();
    };
    this.rate = new RateMeter(performance.now());
    this.publish(true);
  }

  private get t(): DqnTrainer {
    if (!this.trainer) throw new Error('the RL session is not initialised: call init(config) first');
    return this.trainer;
  }

  /** Starts (or resumes) training; a person's game, if any, ends and the board shows the agent again. */
  start(): void {
    this.t;
    this.human = null;
    if (!this.alert?.includes('device was lost')) this.alert = null;
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  pause(): void {
    this.running = false;
  }

  /** Resolves when the run loop has stopped (after pause()). */
  async stopped(): Promise<void> {
    await this.loop;
  }

  /** Runs `n` ticks (each one step of every env) while paused, then publishes a snapshot. */
  async step(n = 1): Promise<void> {
    if (this.running) throw new Error('step() needs the session paused');
    for (let i = 0; i < n; i++) {
      if (!(await this.guardedTick())) break;
    }
    this.publish(true);
  }

  /**
   * A person's key press: the agent's training pauses and the person's game (same maze, rules
   * and score) takes the board; `action` becomes the direction that repeats each move.
   */
  async steer(action: Action): Promise<void> {
    if (!isAction(action)) throw new ConfigError('action', `a move must be an action 0..${NUM_ACTIONS - 1} (North, South, East, West, Stop), got ${String(action)}`);
    const setup = this.setup;
    if (!setup) throw new Error('the RL session is not initialised: call init(config) first');
    if (!this.human) {
      this.pause();
      await this.stopped();
      const human = new HumanPlay(setup.layout, setup.env ?? {}, setup.seed);
      this.human = human;
      this.humanQ = await this.t.agent.qValues(human.env.obs, 1);
      this.humanLoop = this.runHuman(human);
    }
    this.human.steer(action);
    this.publish(true);
  }

  /** Ends a person's game (if any); the board shows the agent's env again. Training stays paused. */
  async leaveHuman(publish = true): Promise<void> {
    this.human = null;
    await this.humanLoop;
    this.humanLoop = null;
    if (publish) this.publish(true);
  }

  setParams(params: LiveParams): Required<LiveParams> {
    this.t.setParams(params);
    this.publish(true);
    return this.getParams();
  }

  getParams(): Required<LiveParams> {
    const c = this.t.config;
    return Object.fromEntries(LIVE_PARAMS.map((k) => [k, c[k]])) as Required<LiveParams>;
  }

  /** 0 = turbo; otherwise agent moves per second (e.g. 10 to watch). */
  setSpeed(movesPerSecond: number): void {
    if (!Number.isFinite(movesPerSecond) || movesPerSecond < 0 || movesPerSecond > 1000) {
      throw new ConfigError('speed', `speed must be 0 (turbo) or moves per second in (0, 1000], got ${movesPerSecond}`);
    }
    this.movesPerSecond = movesPerSecond;
  }

  /** Adds a listener and sends it the current state at once. */
  subscribe(listener: SnapshotListener): void {
    this.listeners.push(listener);
    if (this.trainer) listener(this.snapshot(performance.now()));
  }

  qValues(obs: Uint8Array, n: number): Promise<Float32Array> {
    return this.t.agent.qValues(obs, n);
  }

  /**
   * Up to `count` distinct replay frames (fewer while it holds fewer), `[n, 84 * 84]` bytes: the generative
   * lab's training images, drawn from a stream of their own (handing frames over never changes the run).
   */
  sampleFrames(count: number): Uint8Array {
    this.handover ??= new RandomStreams(this.setup?.seed ?? 1).get('frames-handover');
    return this.t.replay.sampleFrames(Math.min(count, this.t.replay.storedFrames), this.handover);
  }

  /** Up to `count` replay transitions for the world model (transition-handover.ts), with the game's own rewards. */
  sampleTransitions(count: number): TransitionHandover {
    const c = this.t.config;
    const clipped = "a world model learns the game's rewards, but rewardTransform 'clip' keeps only their sign: use 'scale' or 'none' to dream";
    if (c.rewardTransform === 'clip') throw new ConfigError('dqn.rewardTransform', clipped);
    const shaped = `a world model learns the game's rewards, but dqn.foodShaping ${c.foodShaping} adds a shaping term to the stored ones: set it to 0 to dream`;
    if (c.foodShaping > 0) throw new ConfigError('dqn.foodShaping', shaped);
    return sampleTransitions(this.t.replay, count, this.setup?.seed ?? 1, (stored) => untransformReward(c, stored) ?? stored);
  }

  /** A frozen copy of the agent's greedy policy (its policy network now), for the dream's pilot in the gen worker. */
  policyWeights(): Promise<PolicyWeights> {
    return exportPolicy(this.t.agent.policyNetwork, this.t.config);
  }

  /** The TD target of the shown game's newest transition an update could draw (explain/explain-td.ts); null while none. */
  explainLatest(): Promise<TdExplanation | null> {
    return explainLatest(this.t);
  }

  /**
   * "Step and explain", while paused: one step of every env and one training update (even before
   * learningStarts once the replay holds a batch), with every quantity of that update. A person's
   * game, if any, ends first. A diverging update rolls back as in the run loop.
   */
  async explainStep(): Promise<UpdateExplanation> {
    if (this.running) throw new Error('explainStep() needs the session paused: pause() first');
    await this.leaveHuman(false);
    const t = this.t;
    try {
      const explained = await explainStep(t);
      await this.rollback.afterTick(t);
      return explained;
    } catch (err) {
      if (err instanceof TrainingDivergedError) this.alert = this.rollback.diverged(t, err, this.getParams());
      throw err;
    } finally {
      this.publish(true);
    }
  }

  /** Stored transitions `from` .. `from + count - 1` for the replay viewer (explain/replay-reader.ts). */
  replayTransitions(from: number, count: number): ReplayTransitionView[] {
    return replayTransitions(this.t.replay, from, count);
  }

  /** Saliency of Q(s, a) for one stack `[84, 84, 4]` (a: greedy unless given), 0 outside the maze (explain/saliency.ts). */
  saliency(obs: Uint8Array, action?: number): Promise<SaliencyMap> {
    const layout = this.t.options.layout;
    return saliencyMap(this.t.agent.online, obs, action, mazeArea(layout.width, layout.height));
  }

  async saveCheckpoint(): Promise<EncodedCheckpoint> {
    return this.t.checkpoint();
  }

  loadCheckpoint(cp: EncodedCheckpoint, source = 'checkpoint'): void {
    this.t.restore(cp, source);
    this.publish(true);
  }

  /** The current config (the resolved DqnConfig). */
  config(): DqnConfig {
    return { ...this.t.config };
  }

  dispose(): void {
    this.pause();
    this.human = null;
    this.trainer?.dispose();
    this.trainer = null;
    this.listeners = [];
  }

  private async run(): Promise<void> {
    const trainer = this.trainer;
    try {
      await this.runLoop();
    } catch (err) {
      // A lost GPU device fails the step under way, sometimes before its `lost` promise says so:
      // give backendLost a moment; if it took over (a new trainer), this loop just ends.
      if (this.backend.name === 'webgpu') await sleep(200);
      if (this.trainer !== trainer) return;
      throw err;
    }
  }

  private async runLoop(): Promise<void> {
    const yielder = new LoopYield();
    const betweenUpdates = (): Promise<void> => yielder.maybe(MID_TICK_YIELD_MS);
    while (this.running && this.trainer) {
      const started = performance.now();
      if (!(await this.guardedTick(betweenUpdates))) break;
      this.publish(false);
      if (this.movesPerSecond > 0) {
        await sleep(Math.max(0, 1000 / this.movesPerSecond - (performance.now() - started)));
        yielder.mark();
      } else {
        await yielder.maybe(YIELD_INTERVAL_MS);
      }
    }
    this.publish(true);
  }

  /**
   * One tick, with the divergence guard: a NaN or infinite loss or TD error stops the run, rolls
   * the networks and optimiser back to the last known-good checkpoint and sets the alert (with
   * the settings that were live). Returns false when it stopped the run.
   */
  private async guardedTick(betweenUpdates?: () => Promise<void>): Promise<boolean> {
    const t = this.t;
    if (this.throwInNextTick) {
      this.throwInNextTick = false;
      throw new Error('injected fault: a step threw');
    }
    try {
      await t.tick(betweenUpdates);
    } catch (err) {
      if (!(err instanceof TrainingDivergedError)) throw err;
      this.running = false;
      this.alert = this.rollback.diverged(t, err, this.getParams());
      return false;
    }
    await this.rollback.afterTick(t);
    return true;
  }

  /**
   * Test hook for the fault tests: 'nan-weights' writes NaN into one weight of the online
   * network, as a diverging update would; 'throw-in-step' makes the next tick throw, as a bug
   * would (the run loop's promise rejects: the worker dies). Never called by the page.
   */
  injectFault(kind: RlFault): void {
    if (kind === 'throw-in-step') {
      this.throwInNextTick = true;
      return;
    }
    if (kind !== 'nan-weights') throw new ConfigError('fault', `unknown fault "${String(kind)}" (known: nan-weights, throw-in-step)`);
    const p = this.t.agent.online.params[0];
    tf.tidy(() => p.assign(tf.fill(p.shape, NaN)));
  }

  /** Moves the person's Pac-Man at HUMAN_MOVES_PER_SECOND until the person's game is left. */
  private async runHuman(human: HumanPlay): Promise<void> {
    while (this.human === human && this.trainer) {
      if (human.tick()) {
        this.humanQ = await this.trainer.agent.qValues(human.env.obs, 1);
        if (this.human === human) this.publish(true);
      }
      await sleep(1000 / HUMAN_MOVES_PER_SECOND);
    }
  }

  private publish(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastSnapshotAt < SNAPSHOT_INTERVAL_MS) return;
    this.lastSnapshotAt = now;
    if (!this.trainer || this.listeners.length === 0) return;
    const snapshot = this.snapshot(now);
    for (const l of this.listeners) l(snapshot);
  }

  private snapshot(now: number): RlSnapshot {
    const t = this.t;
    this.rate.sample(now, t.envSteps, t.updates);
    return buildSnapshot(t, {
      running: this.running, params: this.getParams(), human: this.human ? { play: this.human, qValues: this.humanQ } : null,
      recentEpisodes: this.pendingEpisodes.splice(0), backend: this.backend, rate: this.rate, alert: this.alert,
    });
  }
}
