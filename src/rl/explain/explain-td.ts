/**
 * "Step and explain" and "explain the latest transition": the numbers of a DQN update as the
 * update computed them (see DqnAgent.update with `detail` and DqnTrainer.stepAndInspect), or,
 * for a stored transition, by the update's own forward passes and TD functions (DqnAgent.tdDetail).
 */
import { FRAME_SIZE } from '../../obs/raster.js';
import type { ReplayBatch } from '../replay/replay-memory.js';
import { unstackFrames } from '../snapshot.js';
import type { DqnTrainer } from '../trainer.js';
import { batchOfLeaves, readWindow } from './replay-reader.js';
import { disposeTdDetail, readTdRow, tdExplanation, type TdSample } from './td-detail.js';
import type { TdExplanation, UpdateExplanation } from './types.js';

/** The shown game's stream in the replay memory (env 0's). */
const SHOWN_STREAM = 0;

/** Row `row` of `batch`, and its replay window: copied now, as the arrays are reused by the next sample. */
function sampleOf(trainer: DqnTrainer, batch: ReplayBatch, row: number, updates: number): TdSample {
  const leaf = batch.indices[row];
  return {
    updates, replayIndex: leaf, action: batch.actions[row], ret: batch.returns[row], discount: batch.discounts[row],
    weight: batch.weights[row], window: readWindow(trainer.replay, leaf, trainer.config.nStep),
  };
}

/** One stacked state `[84, 84, 4]` of `stacks` (row `row`) as 4 whole frames, oldest first. */
function framesOf(stacks: Uint8Array, row: number): Uint8Array {
  const bytes = 4 * FRAME_SIZE;
  return unstackFrames(stacks.subarray(row * bytes, (row + 1) * bytes));
}

/**
 * One step of every env and one training update (the trainer must not be ticking meanwhile),
 * with every quantity of that update; batch row `sampleAt` is explained in full.
 */
export async function explainStep(trainer: DqnTrainer, sampleAt = 0): Promise<UpdateExplanation> {
  const c = trainer.config;
  if (!Number.isInteger(sampleAt) || sampleAt < 0 || sampleAt >= c.batchSize) {
    throw new RangeError(`sampleAt must be an integer in [0, ${c.batchSize - 1}] (a batch position), got ${sampleAt}`);
  }
  const updatesBefore = trainer.updates;
  const { step, inspected } = await trainer.stepAndInspect(async (batch, detail, loss) => {
    // Everything read from the batch and the ring is copied before the first await.
    const sample = sampleOf(trainer, batch, sampleAt, updatesBefore);
    const frames = framesOf(batch.states, sampleAt);
    const nextFrames = framesOf(batch.nextStates, sampleAt);
    const batchIndices = Array.from(batch.indices.subarray(0, batch.batchSize));
    const [row, lossValue] = await Promise.all([readTdRow(detail, sampleAt), loss.data()]);
    return { sample: tdExplanation(row, sample, c), frames, nextFrames, batchIndices, loss: lossValue[0] };
  });
  return {
    envSteps: trainer.envSteps, updates: trainer.updates, epsilon: step.epsilon, temperature: step.temperature,
    step: { action: step.action, random: step.random, reward: step.reward, storedReward: step.storedReward, terminated: step.terminated, truncated: step.truncated },
    batchIndices: inspected.batchIndices, loss: inspected.loss, sampleAt, sample: inspected.sample,
    frames: inspected.frames, nextFrames: inspected.nextFrames,
  };
}

/**
 * The TD target of the shown game's newest transition that an update could draw now (the step
 * just taken when nStep = 1; with n-step returns, the one n - 1 steps back, whose window is
 * complete), under the current networks; null while there is none.
 */
export async function explainLatest(trainer: DqnTrainer): Promise<TdExplanation | null> {
  const c = trainer.config;
  const leaf = trainer.replay.newestSampleable(SHOWN_STREAM, c.nStep);
  if (leaf < 0) return null;
  const batch = batchOfLeaves(trainer.replay, [leaf], c.nStep, c.gamma);
  const sample = sampleOf(trainer, batch, 0, trainer.updates);
  const detail = trainer.agent.tdDetail(batch);
  try {
    return tdExplanation(await readTdRow(detail, 0), sample, c);
  } finally {
    disposeTdDetail(detail);
  }
}
