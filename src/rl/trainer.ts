/**
 * The DQN training loop over a vector of pixel envs. Each `tick()` is one step of every env:
 * choose (epsilon-greedy, one batched forward pass), step, store, and then as many gradient
 * updates as are due (one every `trainEvery` env steps once `learningStarts` transitions are in),
 * each followed by the target sync when one is due. Reads back the loss only every
 * `reportEvery` updates.
 *
 * Everything random comes from named streams of the run seed: 'ghosts/i' per env,
 * 'exploration', 'replay', 'weights'. On the CPU backend the same seed and config give a
 * bit-identical run.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, TrainingDivergedError } from '../core/errors.js';
import { RandomStream, RandomStreams } from '../core/random.js';
import { linearSchedule } from '../core/schedule.js';
import { mergeKnown } from '../core/validate.js';
import type { EnvConfig, StepInfo } from '../env/env.js';
import { NUM_ACTIONS } from '../env/grid.js';
import { type Layout, layoutToText } from '../env/layout.js';
import { CheckpointError } from '../tf/tensor-bundle.js';
import { type CheckpointPart, decodeDqnCheckpoint, encodeDqnCheckpoint, type EncodedCheckpoint, loadDqnWeights } from './checkpoint.js';
import type { VectorEnv, VectorStep } from '../env/vector-env.js';
import { FRAME_SIZE } from '../obs/raster.js';
import type { PixelEnv } from '../obs/pixel-env.js';
import { makePixelVectorEnv } from '../obs/pixel-vector-env.js';
import { type DqnConfig, LIVE_PARAMS, type LiveParams, resolveDqnConfig, transformReward } from './config.js';
import { type ActResult, DqnAgent, type UpdateTensors } from './dqn-agent.js';
import { CorridorExploration } from './corridor-exploration.js';
import { FoodShaping } from './food-shaping.js';
import { EpisodeWindow, type EpisodeRow, roundForLog, type TrainRow } from './metrics.js';
import { disposeTdDetail, type TdDetail } from './explain/td-detail.js';
import { type ReplayBatch, ReplayMemory, resolveReplayConfig } from './replay/replay-memory.js';

/**
 * What the trainer steps: by default its own pixel envs (`vec`); a stand-in with the same contract
 * (a world model's dream, src/gen/world/dream-env.ts) may take their place. The arrays are read
 * after each step and valid until the next, as VectorEnv's; `obs` is `[numEnvs, 84, 84, 4]`.
 */
export interface TrainingEnvs {
  readonly numEnvs: number;
  readonly obs: Uint8Array;
  /** Each env's legal-action bitmask now. */
  readonly legal: Uint8Array;
  /** Env i's newest frame (84*84 bytes), after any auto-reset. */
  frame(i: number): Uint8Array;
  step(actions: ArrayLike<number>): VectorStep | Promise<VectorStep>;
}

export interface TrainerOptions {
  layout: Layout;
  env?: Partial<EnvConfig>;
  dqn?: Partial<DqnConfig>;
  seed: number;
  /** Envs to learn from instead of the layout's pixel envs (already reset, config.numEnvs of them). */
  envs?: TrainingEnvs;
}

/** What the shown env (env 0) did in one step. */
export interface ShownStep {
  action: number;
  /** Drawn at random (epsilon) rather than greedy. */
  random: boolean;
  /** The epsilon and softmax temperature the choice used. */
  epsilon: number;
  temperature: number;
  /** The game's reward, and the reward stored for learning (after the reward transform). */
  reward: number;
  storedReward: number;
  terminated: boolean;
  truncated: boolean;
}

/**
 * Reads one update's batch (arrays valid only until the next sample) and per-sample tensors
 * (disposed once the returned promise settles); `loss` is the batch's weighted mean loss.
 */
export type UpdateInspector<T> = (batch: ReplayBatch, detail: TdDetail, loss: tf.Scalar) => Promise<T>;

export interface TrainerListeners {
  onEpisode?: (row: EpisodeRow) => void;
  onReport?: (row: TrainRow) => void;
}

export class DqnTrainer {
  config: DqnConfig;
  /** The layout's pixel envs (env 0 is the shown game); they are what the trainer steps unless options.envs is given. */
  readonly vec: VectorEnv<PixelEnv>;
  /** What collect() steps: `vec`, or options.envs. */
  private readonly envs: TrainingEnvs;
  readonly replay: ReplayMemory;
  readonly agent: DqnAgent;
  readonly window = new EpisodeWindow(100);
  envSteps = 0;
  updates = 0;
  episodes = 0;
  /** The last action choice (for snapshots: Q-values, random or greedy). */
  lastAct: ActResult | null = null;
  /** The last reported training figures. */
  lastReport: TrainRow | null = null;
  listeners: TrainerListeners = {};

  private exploration: RandomStream;
  /** Corridor exploration's options under way (dqn.exploreCorridors), else null. */
  private readonly corridors: CorridorExploration | null;
  /** dqn.foodShaping's distances to food (on the layout's pixel envs only), else null. */
  private readonly shaping: FoodShaping | null;
  private stepsSinceUpdate = 0;
  /** Transitions collected since this trainer started (or resumed): learning waits for learningStarts of them. */
  private collected = 0;
  /** After a restore, learning also waits until this many transitions were collected (see `restore`). */
  private refill = 0;
  private pending: UpdateTensors | null = null;
  private readonly finalFrame = new Uint8Array(FRAME_SIZE);

  constructor(readonly options: TrainerOptions) {
    this.config = resolveDqnConfig(options.dqn ?? {});
    const streams = new RandomStreams(options.seed);
    this.exploration = streams.get('exploration');
    const n = this.config.numEnvs;
    if (this.config.foodShaping > 0 && options.envs) {
      throw new ConfigError('dqn.foodShaping', `dqn.foodShaping ${this.config.foodShaping} measures the distance to food in the game, but these envs are a stand-in without one (a dream): set it to 0`);
    }
    this.corridors = this.config.exploreCorridors ? new CorridorExploration(n) : null;
    this.vec = makePixelVectorEnv(options.layout, n, options.env ?? {}, options.seed);
    this.replay = new ReplayMemory(
      resolveReplayConfig({ capacity: this.config.replayCapacity, numStreams: n, prioritized: this.config.prioritized }),
      streams.get('replay'),
    );
    this.agent = new DqnAgent(NUM_ACTIONS, this.config, streams.get('weights'));
    this.vec.reset();
    const vec = this.vec;
    this.envs = options.envs ?? { numEnvs: n, obs: vec.obs, legal: vec.legal, frame: (i) => vec.envs[i].frame, step: (a) => vec.step(a) };
    if (this.envs.numEnvs !== n) throw new RangeError(`the trainer's envs: ${this.envs.numEnvs} envs given for dqn.numEnvs ${n}`);
    this.shaping = this.config.foodShaping > 0 ? new FoodShaping(vec.envs.map((e) => e.game)) : null;
    for (let i = 0; i < n; i++) this.replay.startEpisode(i, this.envs.frame(i), this.envs.legal[i]);
  }

  /** Epsilon for the next step: the schedule at the current env step, or the manual value. */
  get epsilon(): number {
    const c = this.config;
    return c.epsilonMode === 'manual' ? c.epsilon : linearSchedule(c.epsilonStart, c.epsilonEnd, c.epsilonSteps, this.envSteps);
  }

  /** The softmax temperature of the next step's picks: softmaxTemperature, or its schedule at the current env step. */
  get softmaxTemperature(): number {
    const c = this.config;
    return c.softmaxTemperatureSteps > 0 ? linearSchedule(c.softmaxTemperature, c.softmaxTemperatureEnd, c.softmaxTemperatureSteps, this.envSteps) : c.softmaxTemperature;
  }

  /** Adam's step size for the next update: learningRate, or its linear decay at the current env step. */
  get learningRate(): number {
    const c = this.config;
    return c.learningRateDecaySteps > 0 ? linearSchedule(c.learningRate, c.learningRateEnd, c.learningRateDecaySteps, this.envSteps) : c.learningRate;
  }

  /** Changes live settings; they apply from the next step. Unknown or non-live keys are refused. */
  setParams(params: LiveParams): DqnConfig {
    const live = mergeKnown('params', Object.fromEntries(LIVE_PARAMS.map((k) => [k, this.config[k]])), params);
    this.config = resolveDqnConfig({ ...this.config, ...live });
    this.agent.setConfig(this.config);
    return this.config;
  }

  /**
   * One step of every env, then the updates that are due. `betweenUpdates` is awaited after each
   * update but the last: the page's worker yields to its event loop there, so a tick of many
   * updates (8 envs at one update per env step: 8) never leaves it deaf to its heartbeat and
   * messages for long. Between two updates the trainer is in a consistent state.
   */
  async tick(betweenUpdates?: () => Promise<void>): Promise<void> {
    const c = this.config;
    await this.collect();
    let updated = false;
    while (this.stepsSinceUpdate >= c.trainEvery) {
      this.stepsSinceUpdate -= c.trainEvery;
      if (this.collected < Math.max(c.learningStarts, this.refill) || this.replay.sampleable(c.nStep) < c.batchSize) continue;
      if (updated && betweenUpdates) await betweenUpdates();
      await this.trainOnce();
      updated = true;
    }
  }

  /**
   * "Step and explain": one step of every env, then exactly one update, even before
   * learningStarts once the replay holds a batch; it stands for the updates the step made due.
   * `inspect` reads the update's batch and per-sample tensors before anything samples or adds
   * again (the batch's arrays are reused); the tensors are disposed when it resolves.
   */
  async stepAndInspect<T>(inspect: UpdateInspector<T>): Promise<{ step: ShownStep; inspected: T }> {
    const c = this.config;
    const step = await this.collect();
    this.stepsSinceUpdate = 0;
    const ready = this.replay.sampleable(c.nStep);
    if (ready < c.batchSize) {
      throw new Error(`the step was taken, but no update: a batch needs ${c.batchSize} transitions with a complete ${c.nStep}-step window and the replay holds ${ready}; step a few more times first`);
    }
    const inspected = (await this.trainOnce(inspect)) as T;
    return { step, inspected };
  }

  /** Chooses, steps every env and stores the transitions; returns the shown env's (env 0's) step. */
  private async collect(): Promise<ShownStep> {
    const c = this.config;
    const n = c.numEnvs;
    const epsilon = this.epsilon;
    const temperature = this.softmaxTemperature;
    const act = await this.agent.act(this.envs.obs, n, epsilon, this.exploration, this.envs.legal, temperature);
    this.corridors?.apply(act, this.envs.legal, this.exploration);
    this.lastAct = act;
    const step = await this.envs.step(act.actions);
    let shownStored = 0;
    for (let i = 0; i < n; i++) {
      const done = step.terminated[i] === 1 || step.truncated[i] === 1;
      const nextFrame = done ? this.extractFinalFrame(step.finalObs, i) : this.envs.frame(i);
      const nextLegal = done ? step.finalLegal[i] : step.legal[i];
      const shaped = this.shaping ? this.shaping.shape(i, done, c.foodShaping, c.gamma) : 0;
      const stored = transformReward(c, step.rewards[i] + shaped);
      if (i === 0) shownStored = stored;
      this.replay.add(i, act.actions[i], stored, nextFrame, step.terminated[i] === 1, step.truncated[i] === 1, nextLegal);
      if (done) {
        this.finishEpisode(i, step.finalInfos[i] as StepInfo, step.terminated[i] === 1, step.truncated[i] === 1);
        this.corridors?.endEpisode(i);
        this.replay.startEpisode(i, this.envs.frame(i), step.legal[i]);
      }
    }
    this.envSteps += n;
    this.collected += n;
    this.stepsSinceUpdate += n;
    return {
      action: act.actions[0], random: act.random[0] === 1, epsilon, temperature, reward: step.rewards[0],
      storedReward: shownStored, terminated: step.terminated[0] === 1, truncated: step.truncated[0] === 1,
    };
  }

  /** One update; with `inspect`, it also computes the per-sample detail and returns what `inspect` made of it. */
  private async trainOnce<T>(inspect?: UpdateInspector<T>): Promise<T | undefined> {
    const c = this.config;
    const batch = this.replay.sample(c.batchSize, c.nStep, c.gamma);
    this.agent.setLearningRate(this.learningRate);
    const result = this.agent.update(batch, inspect !== undefined);
    const detail = result.detail;
    result.detail = undefined;
    try {
      await this.afterUpdate(batch, result);
      return inspect && detail ? await inspect(batch, detail, result.loss) : undefined;
    } finally {
      disposeTdDetail(detail);
    }
  }

  /** The update's bookkeeping: count, target sync, priorities, report. */
  private async afterUpdate(batch: ReplayBatch, result: UpdateTensors): Promise<void> {
    const c = this.config;
    this.updates++;
    if (c.targetUpdate === 'polyak') this.agent.syncTarget(c.tau);
    else if (this.updates % c.targetSyncEvery === 0) this.agent.syncTarget();
    if (result.tdAbs) {
      const td = (await result.tdAbs.data()) as Float32Array;
      // A NaN priority would poison the sum tree for good: stop before it is stored.
      const bad = td.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) {
        this.pending = result;
        this.disposePending();
        throw new TrainingDivergedError(this.updates, `a TD error is ${td[bad]}`);
      }
      this.replay.updatePriorities(batch.indices, td);
    }
    this.disposePending();
    this.pending = result;
    if (this.updates % c.reportEvery === 0) await this.report();
  }

  /** Reads the latest update's figures back and emits a report row. */
  private async report(): Promise<void> {
    const p = this.pending;
    if (!p) return;
    const [loss, meanQ, gradNorm] = await Promise.all([p.loss.data(), p.meanQ.data(), p.gradNorm.data()]);
    const row: TrainRow = {
      type: 'train', updates: this.updates, envSteps: this.envSteps, episodes: this.episodes,
      loss: roundForLog(loss[0]), meanQ: roundForLog(meanQ[0]), gradNorm: roundForLog(gradNorm[0]),
      epsilon: roundForLog(this.epsilon), meanScore100: roundForLog(this.window.meanScore), winRate100: roundForLog(this.window.winRate),
    };
    this.lastReport = row;
    this.listeners.onReport?.(row);
    if (!Number.isFinite(loss[0]) || !Number.isFinite(gradNorm[0])) {
      throw new TrainingDivergedError(this.updates, `the loss is ${loss[0]} and the gradient norm ${gradNorm[0]}`);
    }
  }

  private finishEpisode(env: number, info: StepInfo, terminated: boolean, truncated: boolean): void {
    this.episodes++;
    this.window.push(info.score, info.won);
    this.listeners.onEpisode?.({
      type: 'episode', episode: this.episodes, envSteps: this.envSteps + env + 1, env, score: info.score, steps: info.steps,
      won: info.won, lost: info.lost, foodEaten: info.foodEaten, ghostsEaten: info.ghostsEaten, terminated, truncated,
    });
  }

  /** The newest frame (channel 3) of env i's final stacked observation. */
  private extractFinalFrame(finalObs: Uint8Array, i: number): Uint8Array {
    const base = i * FRAME_SIZE * 4;
    for (let p = 0; p < FRAME_SIZE; p++) this.finalFrame[p] = finalObs[base + 4 * p + 3];
    return this.finalFrame;
  }

  /** The run's state as a checkpoint (weights, Adam, counters, config, exploration stream). */
  async checkpoint(): Promise<EncodedCheckpoint> {
    const o = this.options;
    return encodeDqnCheckpoint(this.agent, {
      config: this.config, env: o.env ?? {}, layout: { name: o.layout.name, text: layoutToText(o.layout) }, seed: o.seed,
      counters: { envSteps: this.envSteps, updates: this.updates, episodes: this.episodes, adamStep: this.agent.optimizer.step },
      explorationState: this.exploration.state(), savedAt: new Date().toISOString(),
    });
  }

  /**
   * Continues from a checkpoint of the same architecture: weights, Adam, counters, exploration
   * (from a compact one, checkpoint.ts: the weights that play, counters and exploration); returns
   * which part the checkpoint held.
   * The replay memory starts empty (a checkpoint does not hold it) and learning waits until
   * max(learningStarts, `refill`) transitions were collected. Trap: learning again after only
   * learningStarts means thousands of updates on the few newest transitions, each sampled many
   * times; corridors16's seed 2 fell from 69% to 30% greedy within 10k env steps after one such
   * resume (docs/tuning.md, session 16). `npm run train -- --resume` refills the whole capacity.
   */
  restore(cp: EncodedCheckpoint, source: string, refill = 0): CheckpointPart {
    const { meta, tensors } = decodeDqnCheckpoint(cp, source);
    const mine = this.config;
    if (meta.config.net !== mine.net || meta.config.dueling !== mine.dueling || meta.numActions !== NUM_ACTIONS) {
      throw new CheckpointError(`${source}: a ${meta.config.net}${meta.config.dueling ? ' dueling' : ''} network checkpoint; this run uses ${mine.net}${mine.dueling ? ' dueling' : ''}`);
    }
    const part = meta.part ?? 'all';
    loadDqnWeights(this.agent, tensors, source, part);
    // A compact checkpoint (the online net and the average only): the target starts as the online
    // net, as at every sync, and Adam's moments from zero with a fresh bias correction (step 0).
    if (part === 'policy') {
      this.agent.target.copyFrom(this.agent.online);
      tf.tidy(() => this.agent.optimizer.stateVariables().forEach((v) => v.assign(tf.zerosLike(v))));
    }
    this.envSteps = meta.counters.envSteps;
    this.updates = meta.counters.updates;
    this.episodes = meta.counters.episodes;
    this.agent.optimizer.step = part === 'policy' ? 0 : meta.counters.adamStep;
    if (meta.explorationState) this.exploration = new RandomStream(this.exploration.key, meta.explorationState);
    this.collected = 0;
    this.refill = refill;
    return part;
  }

  private disposePending(): void {
    if (!this.pending) return;
    const { loss, meanQ, gradNorm, tdAbs } = this.pending;
    tf.dispose([loss, meanQ, gradNorm]);
    tdAbs?.dispose();
    this.pending = null;
  }

  dispose(): void {
    this.disposePending();
    this.agent.dispose();
  }
}
