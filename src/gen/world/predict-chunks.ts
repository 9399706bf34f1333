/**
 * The predict loop both world models share: checks the inputs, runs the model on at most
 * PREDICT_CHUNK items at a time (bounding the one-hot input, ~1.6 MB an item), reads each chunk's
 * heads into one WorldPrediction and disposes them. A model supplies only its forward pass and,
 * where it decodes frames its own way, how logits become frames.
 */
import type * as tf from '@tensorflow/tfjs';
import { STACK_BYTES } from '../../obs/frame-stack.js';
import { FRAME_SIZE } from '../../obs/raster.js';
import { checkInputs, PREDICT_CHUNK } from './checks.js';
import { levelClasses, logitsToFrames, readHeads } from './encode.js';
import type { WorldPrediction } from './model.js';

/** One chunk of predict's input: the stacks' gray-level classes, its item count and actions. */
export interface PredictChunk {
  classes: Int32Array;
  count: number;
  actions: number[];
}

/** What a model's forward pass gives for a chunk; the loop owns these tensors and disposes them. */
export interface ChunkHeads {
  logits: tf.Tensor4D;
  reward: tf.Tensor2D;
  terminal: tf.Tensor1D;
}

/**
 * `forward` must return fresh tensors (wrap it in tf.tidy); `toFrames` turns a chunk's frame
 * logits into gray bytes (default: each pixel's likeliest level) and must not dispose them.
 */
export async function predictInChunks(
  stacks: Uint8Array,
  actions: ArrayLike<number>,
  where: string,
  rewardValues: readonly number[],
  forward: (chunk: PredictChunk) => ChunkHeads,
  toFrames: (heads: ChunkHeads, chunk: PredictChunk) => Promise<Uint8Array> = (heads) => logitsToFrames(heads.logits),
): Promise<WorldPrediction> {
  const n = checkInputs(stacks, actions, where);
  const rewardClasses = rewardValues.length;
  const out: WorldPrediction = { frames: new Uint8Array(n * FRAME_SIZE), reward: new Float32Array(n), rewardProbs: new Float32Array(n * rewardClasses), terminated: new Float32Array(n) };
  for (let from = 0; from < n; from += PREDICT_CHUNK) {
    const count = Math.min(PREDICT_CHUNK, n - from);
    const chunk: PredictChunk = {
      classes: levelClasses(stacks.subarray(from * STACK_BYTES, (from + count) * STACK_BYTES)),
      count,
      actions: Array.from({ length: count }, (_, i) => actions[from + i]),
    };
    const heads = forward(chunk);
    try {
      out.frames.set(await toFrames(heads, chunk), from * FRAME_SIZE);
      const h = await readHeads(heads.reward, heads.terminal, rewardValues);
      out.reward.set(h.reward, from);
      out.rewardProbs.set(h.rewardProbs, from * rewardClasses);
      out.terminated.set(h.terminated, from);
    } finally {
      heads.logits.dispose();
      heads.reward.dispose();
      heads.terminal.dispose();
    }
  }
  return out;
}
