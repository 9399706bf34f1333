/**
 * Adam for a set of variables (the project's src/tf/adam.ts: per-variable updates, a chain of
 * adds instead of tf.addN, which WebGPU cannot run over 8+ tensors) plus what the generative
 * models need around it: auxiliary loss terms out of one forward pass, and named state for
 * checkpoints.
 */
import * as tf from '@tensorflow/tfjs';
import { Adam } from '../../tf/adam.js';
import type { NamedVariable, ParamStore } from './params.js';

export interface AdamConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  /** Global gradient-norm clip; 0 = off. */
  clipNorm: number;
}

/** Scalars a loss function wants reported besides the loss it returns. */
export type Aux = Record<string, tf.Scalar>;

export class ModelOptimizer {
  private readonly adam: Adam;

  /** Optimises the trainable variables of `stores`; `name` prefixes its checkpoint entries. */
  constructor(readonly name: string, private readonly stores: ParamStore[], settings: AdamConfig) {
    const params = stores.flatMap((s) => s.trainable);
    this.adam = new Adam(params, { ...settings, epsilon: 1e-8 });
  }

  /**
   * One Adam step on `loss`, which returns the scalar loss and any auxiliary scalars computed on
   * the same forward pass. Returns the loss and the aux terms as tensors the caller must dispose.
   */
  step(loss: () => { loss: tf.Scalar; aux?: Aux }): { loss: tf.Scalar; aux: Aux } {
    let aux: Aux = {};
    const result = this.adam.minimize(() => {
      const out = loss();
      // keep(): the terms must outlive the gradient tape's tidy; the caller disposes them.
      aux = Object.fromEntries(Object.entries(out.aux ?? {}).map(([k, v]) => [k, tf.keep(v)]));
      return out.loss;
    });
    result.gradNorm.dispose();
    return { loss: result.loss, aux };
  }

  /** Updates applied so far (Adam's bias-correction t). */
  get updates(): number {
    return this.adam.step;
  }

  set updates(n: number) {
    this.adam.step = n;
  }

  /** First and second moments by logical name: `${name}/<variable>/m` and `/v`. */
  entries(): NamedVariable[] {
    const state = this.adam.stateVariables();
    const params = this.stores.flatMap((s) => s.trainable.map((v) => s.nameOf(v)));
    return params.flatMap((p, i) => [
      { name: `${this.name}/${p}/m`, variable: state[2 * i] },
      { name: `${this.name}/${p}/v`, variable: state[2 * i + 1] },
    ]);
  }

  dispose(): void {
    this.adam.dispose();
  }
}
