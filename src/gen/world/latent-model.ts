/**
 * The latent world model, trained in two phases (one `trainStep` call = one step of the current
 * phase; `steps` counts both):
 * 1. steps < autoencoderSteps: a VAE on frames (the newest context frame and the next frame of
 *    each transition): per-pixel level cross-entropy (agent and food pixels weighted by
 *    objectWeight) + beta * KL (both means).
 * 2. after: the encoder and decoder frozen (never updated again), the GRU and heads learn from
 *    the encoder means of the 4 context frames (+ Gaussian noise of std `contextNoise`, against
 *    drift), actions "unknown" for the 3 older frames and the real action for the newest:
 *    latentWeight * MSE(z', mu(next)) + decodeWeight * CE(decoder(z'), next frame)
 *    + reward and termination terms. The decode term trains the GRU through the frozen decoder,
 *    so latent errors are judged by what they do to the pixels.
 * Prediction re-encodes the (snapped) stack each step: a dream through `dream()` feeds the GRU
 * latents of its own discrete frames, which cleans small latent drift away.
 */
import * as tf from '@tensorflow/tfjs';
import { RandomStreams, type RandomStream } from '../../core/random.js';
import { STACK_SIZE } from '../../obs/frame-stack.js';
import { FRAME_SIZE } from '../../obs/raster.js';
import { readTerms } from '../nn/images.js';
import { ModelOptimizer } from '../nn/optimizer.js';
import { readVariables, writeVariables } from '../nn/state.js';
import type { LossTerms } from '../types.js';
import { NUM_LEVELS } from './cells.js';
import { checkBatch } from './checks.js';
import { predictInChunks } from './predict-chunks.js';
import { resolveLatentWorldConfig, type LatentWorldConfig } from './config.js';
import type { TransitionBatch } from './data.js';
import { actionOneHot, binaryCrossEntropy, crossEntropy, levelClasses, levelOneHot, logitsToFrames, rewardClass, UNKNOWN_ACTION } from './encode.js';
import { FrameDecoder, FrameEncoder, LatentDynamics } from './latent-net.js';
import { buildTidy } from './blocks.js';
import type { WorldModel, WorldModelState, WorldPrediction } from './model.js';

/** Per-pixel loss weights `[m, 1]` for target classes: `w` where an agent or food shows (class >= 2), else 1. */
function objectWeights(classes: Int32Array, w: number): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(classes, (c) => (c >= 2 ? w : 1)), [classes.length, 1]);
}

/** Stack classes `[n, 84*84, 4]` -> frame-major classes `[n * 4, 84*84]` (item i's frame k at row 4i + k). */
function framesOfStacks(classes: Int32Array, n: number): Int32Array {
  const out = new Int32Array(classes.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < STACK_SIZE; k++) {
      const dst = (i * STACK_SIZE + k) * FRAME_SIZE;
      const src = i * FRAME_SIZE * STACK_SIZE + k;
      for (let p = 0; p < FRAME_SIZE; p++) out[dst + p] = classes[src + STACK_SIZE * p];
    }
  }
  return out;
}

export class LatentWorldModel implements WorldModel {
  readonly name = 'world-latent' as const;
  readonly config: LatentWorldConfig;
  readonly encoder: FrameEncoder;
  readonly decoder: FrameDecoder;
  readonly dynamics: LatentDynamics;
  steps = 0;
  private readonly aeOptimizer: ModelOptimizer;
  private readonly dynOptimizer: ModelOptimizer;
  /** Draws the seeds of the VAE's eps and the context noise; advanced every step. */
  private readonly trainRng: RandomStream;

  constructor(overrides: unknown, seed: number) {
    this.config = resolveLatentWorldConfig(overrides);
    const streams = new RandomStreams(seed);
    this.encoder = buildTidy(() => new FrameEncoder(this.config, streams.get('world-latent/init/encoder')));
    this.decoder = buildTidy(() => new FrameDecoder(this.config, streams.get('world-latent/init/decoder')));
    this.dynamics = buildTidy(() => new LatentDynamics(this.config, streams.get('world-latent/init/gru')));
    this.trainRng = streams.get('world-latent/train');
    const adam = { learningRate: this.config.learningRate, beta1: 0.9, beta2: 0.999, clipNorm: this.config.clipNorm };
    this.aeOptimizer = buildTidy(() => new ModelOptimizer('world-latent/adam-ae', [this.encoder.store, this.decoder.store], adam));
    this.dynOptimizer = buildTidy(() => new ModelOptimizer('world-latent/adam-gru', [this.dynamics.store], adam));
  }

  get paramCount(): number {
    return this.encoder.store.size + this.decoder.store.size + this.dynamics.store.size;
  }

  /** Which phase the next trainStep runs. */
  get phase(): 'autoencoder' | 'dynamics' {
    return this.steps < this.config.autoencoderSteps ? 'autoencoder' : 'dynamics';
  }

  async trainStep(batch: TransitionBatch): Promise<LossTerms> {
    checkBatch(batch, 'world-latent.trainStep');
    const terms = this.phase === 'autoencoder' ? this.autoencoderStep(batch) : this.dynamicsStep(batch);
    this.steps++;
    return readTerms(terms);
  }

  private autoencoderStep(batch: TransitionBatch): Record<string, tf.Scalar> {
    const n = batch.count;
    const stackFrames = framesOfStacks(levelClasses(batch.stacks), n);
    const classes = new Int32Array(2 * n * FRAME_SIZE);
    for (let i = 0; i < n; i++) classes.set(stackFrames.subarray((i * STACK_SIZE + STACK_SIZE - 1) * FRAME_SIZE, (i + 1) * STACK_SIZE * FRAME_SIZE), i * FRAME_SIZE);
    classes.set(levelClasses(batch.nextFrames), n * FRAME_SIZE);
    const x = levelOneHot(classes, 2 * n);
    const weight = objectWeights(classes, this.config.objectWeight);
    const epsSeed = this.trainRng.seed();
    const { beta, latentDim } = this.config;
    const { loss, aux } = this.aeOptimizer.step(() => {
      const { mu, logVar } = this.encoder.apply(x);
      const eps = tf.randomNormal([2 * n, latentDim], 0, 1, 'float32', epsSeed);
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D;
      const logits = this.decoder.apply(z);
      const recon = crossEntropy(tf.reshape(logits, [2 * n * FRAME_SIZE, NUM_LEVELS]), tf.reshape(x, [2 * n * FRAME_SIZE, NUM_LEVELS]), weight);
      const kl = tf.mean(tf.mul(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), tf.add(logVar, 1)), 0.5)) as tf.Scalar;
      return { loss: tf.add(recon, tf.mul(kl, beta)) as tf.Scalar, aux: { recon, kl } };
    });
    tf.dispose([x, weight]);
    return { recon: aux.recon, kl: aux.kl, total: loss };
  }

  /** Encoder means of a stack's frames, oldest first, `STACK_SIZE` x `[n, L]`. Runs inside the caller's tidy. */
  private encodeStacks(classes: Int32Array, n: number): tf.Tensor2D[] {
    const mu = this.encoder.apply(levelOneHot(framesOfStacks(classes, n), n * STACK_SIZE)).mu;
    return tf.unstack(tf.reshape(mu, [n, STACK_SIZE, this.config.latentDim]), 1) as tf.Tensor2D[];
  }

  private contextActions(actions: ArrayLike<number>): tf.Tensor2D[] {
    const n = actions.length;
    const unknown = actionOneHot(new Int32Array(n).fill(UNKNOWN_ACTION));
    return [...Array.from({ length: STACK_SIZE - 1 }, () => unknown), actionOneHot(actions)];
  }

  private dynamicsStep(batch: TransitionBatch): Record<string, tf.Scalar> {
    const n = batch.count;
    const { contextNoise, latentDim, rewardValues, latentWeight, decodeWeight, rewardWeight, terminalWeight } = this.config;
    const next = levelClasses(batch.nextFrames);
    const noiseSeed = this.trainRng.seed();
    const rewardIdx = Int32Array.from(batch.rewards, (r) => rewardClass(r, rewardValues));
    const inputs = tf.tidy(() => {
      const zs = this.encodeStacks(levelClasses(batch.stacks), n)
        .map((z, k) => (contextNoise > 0 ? tf.add(z, tf.randomNormal([n, latentDim], 0, contextNoise, 'float32', noiseSeed + k)) as tf.Tensor2D : z));
      const target = levelOneHot(next, n);
      return {
        zs, actions: this.contextActions(batch.actions),
        zNext: this.encoder.apply(target).mu,
        target: tf.reshape(target, [n * FRAME_SIZE, NUM_LEVELS]) as tf.Tensor2D,
        weight: objectWeights(next, this.config.objectWeight),
        reward: tf.cast(tf.oneHot(tf.tensor1d(rewardIdx, 'int32'), rewardValues.length), 'float32') as tf.Tensor2D,
        terminal: tf.tensor1d(Float32Array.from(batch.terminated)),
      };
    });
    const { loss, aux } = this.dynOptimizer.step(() => {
      const p = this.dynamics.predict(inputs.zs, inputs.actions);
      const latent = tf.mean(tf.square(tf.sub(p.z, inputs.zNext))) as tf.Scalar;
      const decode = crossEntropy(tf.reshape(this.decoder.apply(p.z), [n * FRAME_SIZE, NUM_LEVELS]), inputs.target, inputs.weight);
      const reward = crossEntropy(p.reward, inputs.reward);
      const terminal = binaryCrossEntropy(p.terminal, inputs.terminal);
      const total = tf.addN([tf.mul(latent, latentWeight), tf.mul(decode, decodeWeight), tf.mul(reward, rewardWeight), tf.mul(terminal, terminalWeight)]) as tf.Scalar;
      return { loss: total, aux: { latent, decode, reward, terminal } };
    });
    tf.dispose([...inputs.zs, ...inputs.actions, inputs.zNext, inputs.target, inputs.weight, inputs.reward, inputs.terminal]);
    return { latent: aux.latent, decode: aux.decode, reward: aux.reward, terminal: aux.terminal, total: loss };
  }

  predict(stacks: Uint8Array, actions: ArrayLike<number>): Promise<WorldPrediction> {
    return predictInChunks(stacks, actions, 'world-latent.predict', this.config.rewardValues,
      ({ classes, count, actions: acts }) => tf.tidy(() => {
        const p = this.dynamics.predict(this.encodeStacks(classes, count), this.contextActions(acts));
        return { logits: this.decoder.apply(p.z), reward: p.reward, terminal: p.terminal };
      }));
  }

  /** Reconstruction of frames (n * 84*84 bytes) through the VAE means, snapped to gray levels. */
  async reconstruct(frames: Uint8Array): Promise<Uint8Array> {
    const n = frames.length / FRAME_SIZE;
    const logits = tf.tidy(() => this.decoder.apply(this.encoder.apply(levelOneHot(levelClasses(frames), n)).mu));
    const out = await logitsToFrames(logits);
    logits.dispose();
    return out;
  }

  private entries() {
    return [...this.encoder.store.entries(), ...this.decoder.store.entries(), ...this.dynamics.store.entries(), ...this.aeOptimizer.entries(), ...this.dynOptimizer.entries()];
  }

  async save(): Promise<WorldModelState> {
    return { model: this.name, steps: this.steps, tensors: await readVariables(this.entries()) };
  }

  /** Trap: both optimisers' bias corrections are restored from `steps` split at autoencoderSteps. */
  load(state: WorldModelState): void {
    if (state.model !== this.name) throw new RangeError(`world-latent.load: checkpoint is of model "${state.model}"`);
    writeVariables(this.entries(), state.tensors, 'world-latent.load');
    this.steps = state.steps;
    this.aeOptimizer.updates = Math.min(state.steps, this.config.autoencoderSteps);
    this.dynOptimizer.updates = Math.max(0, state.steps - this.config.autoencoderSteps);
  }

  dispose(): void {
    for (const s of [this.encoder.store, this.decoder.store, this.dynamics.store]) s.dispose();
    this.aeOptimizer.dispose();
    this.dynOptimizer.dispose();
  }
}
