/**
 * The pixel world model: PixelWorldNet trained with per-pixel cross-entropy over the 7 gray
 * levels (pixels that change weighted by `changedWeight`), reward cross-entropy over the reward
 * classes and termination BCE. Context frames are corrupted during training (`contextNoise`)
 * so that rollouts fed the model's own, slightly wrong, frames drift less.
 */
import * as tf from '@tensorflow/tfjs';
import { RandomStreams, type RandomStream } from '../../core/random.js';
import { STACK_BYTES } from '../../obs/frame-stack.js';
import { FRAME_SIZE } from '../../obs/raster.js';
import { readTerms } from '../nn/images.js';
import { ModelOptimizer } from '../nn/optimizer.js';
import { readVariables, writeVariables } from '../nn/state.js';
import type { LossTerms } from '../types.js';
import { resolvePixelWorldConfig, type PixelWorldConfig } from './config.js';
import type { TransitionBatch } from './data.js';
import {
  actionOneHot, binaryCrossEntropy, crossEntropy, levelClasses, levelOneHot, logitsToFrames, newestClasses, rewardClass,
} from './encode.js';
import type { WorldModel, WorldModelState, WorldPrediction } from './model.js';
import { PixelWorldNet } from './pixel-net.js';
import { buildTidy } from './blocks.js';
import { decodeFrames } from './decode.js';
import { NUM_LEVELS } from './cells.js';
import { checkBatch } from './checks.js';
import { predictInChunks } from './predict-chunks.js';

export class PixelWorldModel implements WorldModel {
  readonly name = 'world-pixel' as const;
  readonly config: PixelWorldConfig;
  readonly net: PixelWorldNet;
  steps = 0;
  private readonly optimizer: ModelOptimizer;
  /** Draws the context corruption; advanced every step. */
  private readonly trainRng: RandomStream;

  constructor(overrides: unknown, seed: number) {
    this.config = resolvePixelWorldConfig(overrides);
    const streams = new RandomStreams(seed);
    this.net = buildTidy(() => new PixelWorldNet(this.config, streams.get('world-pixel/init')));
    this.trainRng = streams.get('world-pixel/train');
    this.optimizer = buildTidy(() => new ModelOptimizer('world-pixel/adam', [this.net.store], {
      learningRate: this.config.learningRate, beta1: 0.9, beta2: 0.999, clipNorm: this.config.clipNorm,
    }));
  }

  get paramCount(): number {
    return this.net.store.size;
  }

  async trainStep(batch: TransitionBatch): Promise<LossTerms> {
    checkBatch(batch, 'world-pixel.trainStep');
    const n = batch.count;
    const { contextNoise, changedWeight, rewardValues, rewardWeight, terminalWeight } = this.config;
    const clean = levelClasses(batch.stacks);
    const cleanLast = newestClasses(clean, n);
    const rng = this.trainRng;
    const rate = Float32Array.from({ length: n }, () => rng.next() * contextNoise);
    const noisy = contextNoise > 0 ? levelClasses(batch.stacks, { rate, perItem: STACK_BYTES, uniform: () => rng.next() }) : clean;
    const next = levelClasses(batch.nextFrames);
    const weight = new Float32Array(n * FRAME_SIZE);
    for (let i = 0; i < weight.length; i++) weight[i] = next[i] === cleanLast[i] ? 1 : changedWeight;
    const rewardIdx = Int32Array.from(batch.rewards, (r) => rewardClass(r, rewardValues));
    const inputs = tf.tidy(() => ({
      stack: levelOneHot(noisy, n),
      last: levelOneHot(newestClasses(noisy, n), n),
      target: tf.reshape(levelOneHot(next, n), [n * FRAME_SIZE, NUM_LEVELS]) as tf.Tensor2D,
      weight: tf.tensor2d(weight, [n * FRAME_SIZE, 1]),
      action: actionOneHot(batch.actions),
      reward: tf.cast(tf.oneHot(tf.tensor1d(rewardIdx, 'int32'), rewardValues.length), 'float32') as tf.Tensor2D,
      terminal: tf.tensor1d(Float32Array.from(batch.terminated)),
    }));
    const { loss, aux } = this.optimizer.step(() => {
      const out = this.net.apply(inputs.stack, inputs.last, inputs.action);
      const frame = crossEntropy(tf.reshape(out.logits, [n * FRAME_SIZE, NUM_LEVELS]), inputs.target, inputs.weight);
      const reward = crossEntropy(out.reward, inputs.reward);
      const terminal = binaryCrossEntropy(out.terminal, inputs.terminal);
      const total = tf.add(frame, tf.add(tf.mul(reward, rewardWeight), tf.mul(terminal, terminalWeight))) as tf.Scalar;
      return { loss: total, aux: { frame, reward, terminal } };
    });
    tf.dispose(Object.values(inputs));
    this.steps++;
    return readTerms({ frame: aux.frame, reward: aux.reward, terminal: aux.terminal, total: loss });
  }

  predict(stacks: Uint8Array, actions: ArrayLike<number>): Promise<WorldPrediction> {
    const { keepMargin, singlePacman, keepGhosts } = this.config;
    const decodeOwnWay = keepMargin > 0 || singlePacman || keepGhosts;
    return predictInChunks(stacks, actions, 'world-pixel.predict', this.config.rewardValues,
      ({ classes, count, actions: acts }) => tf.tidy(() => {
        const h = this.net.apply(levelOneHot(classes, count), levelOneHot(newestClasses(classes, count), count), actionOneHot(acts));
        return { logits: h.logits, reward: h.reward, terminal: h.terminal };
      }),
      async (heads, { classes, count }) => decodeOwnWay
        ? decodeFrames(await heads.logits.data() as Float32Array, newestClasses(classes, count), count, { keepMargin, singlePacman, keepGhosts })
        : logitsToFrames(heads.logits));
  }

  async save(): Promise<WorldModelState> {
    const tensors = await readVariables([...this.net.store.entries(), ...this.optimizer.entries()]);
    return { model: this.name, steps: this.steps, tensors };
  }

  load(state: WorldModelState): void {
    if (state.model !== this.name) throw new RangeError(`world-pixel.load: checkpoint is of model "${state.model}"`);
    writeVariables([...this.net.store.entries(), ...this.optimizer.entries()], state.tensors, 'world-pixel.load');
    this.steps = state.steps;
    this.optimizer.updates = state.steps;
  }

  dispose(): void {
    this.net.store.dispose();
    this.optimizer.dispose();
  }
}
