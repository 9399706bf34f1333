/**
 * The DQN agent: online and target Q-networks, Adam, epsilon-greedy action selection for a
 * batch of envs, and the gradient update, which reads top to bottom as in CleanRL's dqn_atari:
 * TD target from the target net (Double DQN: the online net picks a'), Huber loss on Q(s, a),
 * Adam with gradient-norm clipping. Target syncs are the trainer's call (`syncTarget`).
 *
 * Read-backs are the slow part on a GPU: `act` reads Q-values once per batch of envs, and
 * `update` returns tensors the caller reads only when it reports.
 *
 * With config.policyAverageDecay > 0 the agent also keeps a Polyak average of the online weights,
 * blended in after every update: its greedy policy (`greedyActor`, `policyNetwork`) plays the
 * average, while `act` (training's epsilon-greedy choice) uses the online net.
 */
import * as tf from '@tensorflow/tfjs';
import { RandomStream } from '../core/random.js';
import { bitCount, nthSetBit } from '../env/legal.js';
import { Adam } from '../tf/adam.js';
import { averageVariables } from '../tf/weight-average.js';
import type { DqnConfig } from './config.js';
import { QNetwork, stacksToInput } from './qnet.js';
import { ActingQValues } from './acting-q.js';
import { argMaxLegal, type ChoiceRules, choiceMask, softmaxLegal } from './action-pick.js';
import { fusedPickActions, fusedTdAvailable, fusedTdLoss, fusedTdTarget } from './td-fused.js';
import type { ReplayBatch } from './replay/replay-memory.js';
import { huber, legalMaskTensor, pickActions, tdTarget } from './td.js';
import { type TdDetail, tdDetail } from './explain/td-detail.js';

export interface ActResult {
  /** One action per env. */
  actions: Int32Array;
  /** Q-values `[N, numActions]`, row-major. */
  qValues: Float32Array;
  /** 1 where the action was drawn at random (epsilon), 0 where from the Q-values (argmax, or softmax with dqn.softmaxTemperature). */
  random: Uint8Array;
  /** The actions each env chose among, as a bitmask (src/env/legal.ts): action-pick.ts's choiceMask of its legal ones. */
  choices: Uint8Array;
}

export interface UpdateTensors {
  loss: tf.Scalar;
  /** Mean of Q(s, a) over the batch. */
  meanQ: tf.Scalar;
  gradNorm: tf.Scalar;
  /** |TD error| per sample when prioritized replay needs it. */
  tdAbs: tf.Tensor1D | undefined;
  /** The per-sample quantities, when `update` was asked for them. */
  detail?: TdDetail;
}

/**
 * A batch's arrays as tensors (the first `batchSize` rows), with `nextLegal` the actions the
 * target's max over a' ranges over: the next states' choices under `rules` (choiceMask), or
 * null where that is every action.
 */
function batchTensors(batch: ReplayBatch, rules: ChoiceRules, numActions: number) {
  const b = batch.batchSize;
  const everyAction = rules.legalActionsOnly === false && rules.stopAction !== false;
  return {
    nextLegal: everyAction ? null : legalMaskTensor(batch.nextLegal.map((legal) => choiceMask(legal, rules)), b, numActions),
    states: stacksToInput(batch.states, b),
    nextStates: stacksToInput(batch.nextStates, b),
    actions: tf.tensor1d(batch.actions.subarray(0, b), 'int32'),
    returns: tf.tensor1d(batch.returns.subarray(0, b)),
    discounts: tf.tensor1d(batch.discounts.subarray(0, b)),
    weights: tf.tensor1d(batch.weights.subarray(0, b)),
  };
}

/** What plays an agent's policy: `DqnAgent.act`'s shape (src/rl/evaluate.ts's ActingAgent). */
export interface Actor {
  act(obs: Uint8Array, n: number, epsilon: number, rng: RandomStream, legal?: Uint8Array): Promise<ActResult>;
}

export class DqnAgent implements Actor {
  readonly online: QNetwork;
  readonly target: QNetwork;
  /** The Polyak average of the online weights (config.policyAverageDecay > 0), else null. */
  readonly average: QNetwork | null;
  readonly optimizer: Adam;
  /** The online network's Q-values for acting (its own WebGPU forward pass where it can run). */
  private readonly acting: ActingQValues;
  private readonly averageActing: ActingQValues | null;

  constructor(readonly numActions: number, public config: DqnConfig, weightsRng: RandomStream) {
    const shape = { preset: config.net, numActions, dueling: config.dueling };
    this.online = new QNetwork(shape, weightsRng, 'online');
    this.target = new QNetwork(shape, weightsRng, 'target');
    this.target.copyFrom(this.online);
    this.acting = new ActingQValues(this.online);
    // The average starts as the online net; its own stream (its draws are overwritten at once)
    // leaves weightsRng, and so every other weight, as it is without an average.
    this.average = config.policyAverageDecay > 0 ? new QNetwork(shape, new RandomStream('policy-average'), 'average') : null;
    this.average?.copyFrom(this.online);
    this.averageActing = this.average ? new ActingQValues(this.average) : null;
    this.optimizer = new Adam(this.online.params, {
      learningRate: config.learningRate, beta1: 0.9, beta2: 0.999, epsilon: config.adamEpsilon, clipNorm: config.gradClipNorm,
    });
  }

  /** Which weights `policyNetwork` is, as eval reports and rows name it. */
  get policyKind(): 'average' | 'online' {
    return this.average ? 'average' : 'online';
  }

  /** The network the agent's greedy policy plays: the average where it keeps one, else the online net. */
  get policyNetwork(): QNetwork {
    return this.average ?? this.online;
  }

  /**
   * The agent's policy for evaluation: `act`, with the average's Q-values where the agent keeps
   * one (at epsilon 0: its greedy policy). Training keeps acting with `act` itself.
   */
  greedyActor(): Actor {
    const acting = this.averageActing ?? this.acting;
    return { act: (obs, n, epsilon, rng, legal) => this.actWith(acting, obs, n, epsilon, 0, rng, legal) };
  }

  /** Applies live settings (the next act/update uses them; policyAverageDecay is fixed at construction). */
  setConfig(config: DqnConfig): void {
    if ((config.policyAverageDecay > 0) !== (this.average !== null)) {
      throw new RangeError(`dqn.policyAverageDecay ${config.policyAverageDecay}: a running agent ${this.average ? 'keeps' : 'has no'} policy average; it is set when the agent is made`);
    }
    this.config = config;
    this.optimizer.settings = { ...this.optimizer.settings, learningRate: config.learningRate, clipNorm: config.gradClipNorm };
  }

  /** Adam's step size for the next updates (a schedule's value; setConfig resets it to config.learningRate). */
  setLearningRate(learningRate: number): void {
    if (this.optimizer.settings.learningRate !== learningRate) this.optimizer.settings = { ...this.optimizer.settings, learningRate };
  }

  /**
   * Q-values for `n` stacked observations `[n, 84, 84, 4]` (uint8), read back to the CPU. On
   * WebGPU with Pac-Lab's kernels, through the online network's own forward pass outside tfjs
   * (webgpu-forward.ts: fewer programs to issue, which is what acting costs on a GPU).
   */
  qValues(obs: Uint8Array, n: number): Promise<Float32Array> {
    return this.acting.qValues(obs, n);
  }

  /**
   * Epsilon-greedy actions for `n` envs at once (one forward pass, one read-back). With
   * config.legalActionsOnly and `legal` (a bitmask per env, src/env/legal.ts), both the random
   * and the greedy pick are among each env's legal actions; without `legal` (a dreamed frame has
   * no game to ask) every action may be picked; with config.stopAction false, never Stop while a
   * move may be (action-pick.ts choiceMask). With a `temperature` > 0 (by default
   * config.softmaxTemperature; the trainer passes its schedule's value) the non-random pick is a
   * softmax draw over the Q-values instead of their argmax (greedyActor never draws).
   */
  act(obs: Uint8Array, n: number, epsilon: number, rng: RandomStream, legal?: Uint8Array, temperature = this.config.softmaxTemperature): Promise<ActResult> {
    return this.actWith(this.acting, obs, n, epsilon, temperature, rng, legal);
  }

  /** `act` with `acting`'s Q-values; the non-random pick is the argmax at temperature 0, else a softmax draw. */
  private async actWith(acting: ActingQValues, obs: Uint8Array, n: number, epsilon: number, temperature: number, rng: RandomStream, legal?: Uint8Array): Promise<ActResult> {
    const qValues = await acting.qValues(obs, n);
    const actions = new Int32Array(n);
    const random = new Uint8Array(n);
    const choices = new Uint8Array(n);
    const A = this.numActions;
    const all = (1 << A) - 1;
    for (let i = 0; i < n; i++) {
      const mask = choiceMask(legal?.[i] ?? all, this.config) & all;
      choices[i] = mask;
      // Always two draws per env (three with a temperature), so the stream advances the same whatever epsilon is.
      const explore = rng.next() < epsilon;
      const pick = nthSetBit(mask, rng.int(bitCount(mask)));
      const u = temperature > 0 ? rng.next() : 0;
      if (explore) {
        actions[i] = pick;
        random[i] = 1;
      } else {
        actions[i] = temperature > 0 ? softmaxLegal(qValues, i * A, A, mask, temperature, u) : argMaxLegal(qValues, i * A, A, mask);
      }
    }
    return { actions, qValues, random, choices };
  }

  /**
   * One gradient step on `batch` with discount already folded into `batch.discounts`. With
   * `detail`, the result also holds the update's per-sample target, Q(s, a), TD error and loss
   * (and Q_online(s', .) even without Double DQN), taken from this same tf.tidy: what an
   * explanation shows is what the step used. Without it, the ops run are exactly the plain ones.
   * The policy average, where kept, takes in the new weights.
   */
  update(batch: ReplayBatch, detail = false): UpdateTensors {
    const result = !detail && fusedTdAvailable() ? this.fusedUpdate(batch) : this.plainUpdate(batch, detail);
    if (this.average) averageVariables(this.average.params, this.online.params, this.config.policyAverageDecay);
    return result;
  }

  private plainUpdate(batch: ReplayBatch, detail: boolean): UpdateTensors {
    const { huberDelta, double, prioritized } = this.config;
    return tf.tidy(() => {
      const { states, nextStates, actions, returns, discounts, weights, nextLegal } = batchTensors(batch, this.config, this.numActions);

      // TD target: no gradient flows through it.
      const qNextTarget = this.target.apply(nextStates);
      const qNextOnline = double || detail ? this.online.apply(nextStates) : null;
      const y = tdTarget(returns, discounts, qNextTarget, double ? qNextOnline : null, nextLegal);

      // Q(s, a) (and with `detail` the per-sample loss) are kept out of the gradient's own tidy
      // scope to report them; disposed below unless returned.
      let kept: tf.Tensor1D | null = null;
      let keptLoss: tf.Tensor1D | null = null;
      const { loss, gradNorm } = this.optimizer.minimize(() => {
        const qTaken = pickActions(this.online.apply(states), actions);
        kept = tf.keep(qTaken);
        const perSample = huber(tf.sub(qTaken, y), huberDelta);
        if (detail) keptLoss = tf.keep(perSample);
        return tf.mean(tf.mul(weights, perSample)) as tf.Scalar;
      });
      const taken = kept as unknown as tf.Tensor1D;
      const meanQ = tf.mean(taken) as tf.Scalar;
      const tdAbs = prioritized ? (tf.abs(tf.sub(taken, y)) as tf.Tensor1D) : undefined;
      if (detail && qNextOnline) {
        // Kept tensors outlive every tidy: the detail's holder disposes them with the rest.
        const perSample = keptLoss as unknown as tf.Tensor1D;
        return { loss, gradNorm, meanQ, tdAbs, detail: tdDetail({ target: y, q: taken, loss: perSample, qNextTarget, qNextOnline, returns, discounts, double, nextLegal }) };
      }
      taken.dispose();
      return { loss, gradNorm, meanQ, tdAbs };
    });
  }

  /**
   * `update` without detail through the fused WebGPU kernels (td-fused.ts): the same target,
   * loss and gradient as td.ts to float rounding, in a handful of programs.
   */
  private fusedUpdate(batch: ReplayBatch): UpdateTensors {
    const { huberDelta, double, prioritized } = this.config;
    return tf.tidy(() => {
      const { states, nextStates, actions, returns, discounts, weights, nextLegal } = batchTensors(batch, this.config, this.numActions);
      const qNextTarget = this.target.apply(nextStates);
      const qNextOnline = double ? this.online.apply(nextStates) : null;
      const y = fusedTdTarget(returns, discounts, qNextTarget, qNextOnline, nextLegal);
      let kept: tf.Tensor1D | null = null;
      const { loss, gradNorm } = this.optimizer.minimize(() => {
        const q = this.online.apply(states);
        kept = tf.keep(fusedPickActions(q, actions));
        return fusedTdLoss(q, actions, y, weights, huberDelta);
      });
      const taken = kept as unknown as tf.Tensor1D;
      const meanQ = tf.mean(taken) as tf.Scalar;
      const tdAbs = prioritized ? (tf.abs(tf.sub(taken, y)) as tf.Tensor1D) : undefined;
      taken.dispose();
      return { loss, gradNorm, meanQ, tdAbs };
    });
  }

  /**
   * The update's per-sample quantities for `batch` under the current networks, without a
   * gradient step: the same forward passes and TD functions as `update` (for explaining a stored
   * transition). The caller disposes the result (disposeTdDetail).
   */
  tdDetail(batch: ReplayBatch): TdDetail {
    const { huberDelta, double } = this.config;
    return tf.tidy(() => {
      const { states, nextStates, actions, returns, discounts, nextLegal } = batchTensors(batch, this.config, this.numActions);
      const qNextTarget = this.target.apply(nextStates);
      const qNextOnline = this.online.apply(nextStates);
      const target = tdTarget(returns, discounts, qNextTarget, double ? qNextOnline : null, nextLegal);
      const q = pickActions(this.online.apply(states), actions);
      const loss = huber(tf.sub(q, target), huberDelta);
      return tdDetail({ target, q, loss, qNextTarget, qNextOnline, returns, discounts, double, nextLegal });
    });
  }

  /** Hard copy (tau = 1) or Polyak blend of the online weights into the target net. */
  syncTarget(tau = 1): void {
    this.target.copyFrom(this.online, tau);
  }

  dispose(): void {
    this.acting.dispose();
    this.averageActing?.dispose();
    this.average?.dispose();
    this.online.dispose();
    this.target.dispose();
    this.optimizer.dispose();
  }
}
