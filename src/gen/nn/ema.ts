/**
 * Exponential moving average of a network's weights (Polyak averaging), kept in a twin network
 * of the same shape: its store's trainable variables track the trained ones, in creation order.
 * Samplers draw from the twin: the average of the last ~1/(1 - decay) steps gives smoother,
 * steadier samples than the latest weights (Ho et al. 2020 sample with decay 0.9999; short
 * browser runs want less). Buffers (batch-norm statistics) are not averaged.
 */
import * as tf from '@tensorflow/tfjs';
import { averageVariables } from '../../tf/weight-average.js';
import type { ParamStore } from './params.js';

/**
 * The decay used after `updates` optimiser steps: `decay`, warmed up as
 * min(decay, (1 + updates) / (10 + updates)) so that early averages are not dominated by the
 * random initial weights.
 */
export function averageDecay(decay: number, updates: number): number {
  return Math.min(decay, (1 + updates) / (10 + updates));
}

function checkTwins(average: ParamStore, source: ParamStore): void {
  const a = average.trainable;
  const s = source.trainable;
  if (a.length !== s.length || a.some((v, i) => v.size !== s[i].size)) {
    throw new RangeError(`weight average: ${average.prefix} (${a.length} variables) is not a twin of ${source.prefix} (${s.length})`);
  }
}

/** average <- decay * average + (1 - decay) * source, variable by variable. */
export function updateAverage(average: ParamStore, source: ParamStore, decay: number): void {
  checkTwins(average, source);
  averageVariables(average.trainable, source.trainable, decay);
}

/** average <- source (a fresh average, or one a checkpoint did not carry). */
export function copyWeights(average: ParamStore, source: ParamStore): void {
  checkTwins(average, source);
  tf.tidy(() => source.trainable.forEach((w, i) => average.trainable[i].assign(w)));
}
