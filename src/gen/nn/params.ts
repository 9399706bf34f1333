/**
 * Seeded parameter storage for the generative models: plain tf.variables (no tf.layers), each
 * drawn from one of our RandomStreams, so the same seed gives bit-identical weights on CPU.
 *
 * Trap: tfjs treats seed 0 as "no seed" (an unseeded draw); `RandomStream.seed()` is always >= 1.
 * Variable names are global in tfjs and must be unique, yet two models of one kind can live at
 * once (a run being replaced, a checkpoint being evaluated): each store tags its variables
 * `@gN`. Checkpoints use the logical name, without the tag (`entries()`).
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../../core/random.js';

/**
 * How a parameter starts:
 *  fanIn:  uniform in +-1/sqrt(fanIn) (PyTorch's default for conv and dense weights);
 *  normal: N(0, std^2) (DCGAN's N(0, 0.02^2));
 *  zeros / ones: constants (biases, norm scales).
 */
export type Init = { kind: 'fanIn'; fanIn: number } | { kind: 'normal'; std: number } | { kind: 'zeros' } | { kind: 'ones' };

let nextStoreId = 1;

/** A variable with the name checkpoints store for it. */
export interface NamedVariable {
  name: string;
  variable: tf.Variable;
}

export class ParamStore {
  /** Trainable variables in creation order (the order optimisers and checkpoints use). */
  readonly trainable: tf.Variable[] = [];
  /** Non-trainable state saved with the model (batch norm running statistics). */
  readonly buffers: tf.Variable[] = [];
  private readonly logical = new Map<tf.Variable, string>();
  private readonly tag = `@g${nextStoreId++}`;

  /** `prefix` names the network (`vae/encoder`); `rng` draws every initial value. */
  constructor(readonly prefix: string, private readonly rng: RandomStream) {}

  param(name: string, shape: number[], init: Init): tf.Variable {
    // tidy: the initial value is freed (a variable shares its data; left alone it outlives dispose()).
    const v = tf.tidy(() => tf.variable(this.initial(shape, init), true, `${this.prefix}/${name}${this.tag}`));
    this.logical.set(v, `${this.prefix}/${name}`);
    this.trainable.push(v);
    return v;
  }

  /** A non-trainable variable filled with `fill`. */
  buffer(name: string, shape: number[], fill: number): tf.Variable {
    const v = tf.tidy(() => tf.variable(tf.fill(shape, fill), false, `${this.prefix}/${name}${this.tag}`));
    this.logical.set(v, `${this.prefix}/${name}`);
    this.buffers.push(v);
    return v;
  }

  /** Trainable variables then buffers, with their logical names (stable across runs). */
  entries(): NamedVariable[] {
    return [...this.trainable, ...this.buffers].map((variable) => ({ name: this.nameOf(variable), variable }));
  }

  nameOf(v: tf.Variable): string {
    const name = this.logical.get(v);
    if (name === undefined) throw new Error(`variable ${v.name} does not belong to ${this.prefix}`);
    return name;
  }

  /** Trainable parameter count. */
  get size(): number {
    return this.trainable.reduce((n, v) => n + v.size, 0);
  }

  dispose(): void {
    for (const v of [...this.trainable, ...this.buffers]) v.dispose();
    this.trainable.length = 0;
    this.buffers.length = 0;
  }

  private initial(shape: number[], init: Init): tf.Tensor {
    switch (init.kind) {
      case 'fanIn': {
        const bound = 1 / Math.sqrt(init.fanIn);
        return tf.randomUniform(shape, -bound, bound, 'float32', this.rng.seed());
      }
      case 'normal':
        return tf.randomNormal(shape, 0, init.std, 'float32', this.rng.seed());
      case 'zeros':
        return tf.zeros(shape);
      case 'ones':
        return tf.ones(shape);
    }
  }
}
