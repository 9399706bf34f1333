/**
 * What the RL worker tells the page so it can explain a DQN update with the numbers the code
 * used (issue 10). Plain data: it crosses Comlink. The page shows these values; it never
 * recomputes them.
 */

/**
 * The TD target of one stored transition, computed by the same functions and networks as the
 * update (src/rl/td.ts):
 *   plain:  y = R + d * max_a' Q_target(s', a')
 *   double: y = R + d * Q_target(s', argmax_a' Q_online(s', a'))
 * with R the n-step discounted return and d = gamma^n, or 0 when the episode terminated.
 */
export interface TdExplanation {
  /** Training updates done when these numbers were taken. */
  updates: number;
  /** The transition's slot in the replay memory. */
  replayIndex: number;
  /** The action taken in s (an Action index). */
  action: number;
  /** The rewards summed into R, newest last (n of them, fewer when the episode ended). */
  rewards: number[];
  /** R: the n-step discounted return. */
  ret: number;
  nStep: number;
  gamma: number;
  /** d: gamma^n, or 0 when the episode terminated inside the n steps. */
  discount: number;
  terminated: boolean;
  truncated: boolean;
  /** Double DQN in force: the online net picks a', the target net values it. */
  double: boolean;
  /** Q_target(s', a') for each a'. */
  qNextTarget: number[];
  /** Q_online(s', a') for each a' (always given, so the page can show what Double DQN changes). */
  qNextOnline: number[];
  /** a*: the bootstrap action (argmax of qNextOnline when double, else of qNextTarget). */
  bootstrapAction: number;
  /** Q_target(s', a*). */
  bootstrap: number;
  /** y = ret + discount * bootstrap. */
  target: number;
  /** What plain DQN's target would have been: ret + discount * max qNextTarget. */
  plainTarget: number;
  /** Q_online(s, a) before the update. */
  q: number;
  /** y - Q_online(s, a). */
  tdError: number;
  huberDelta: number;
  /** The Huber loss of this sample (before importance weights). */
  loss: number;
  /** Its importance-sampling weight (1 without prioritized replay). */
  weight: number;
}

/** One env step and one training update, every quantity shown ("Step and explain"). */
export interface UpdateExplanation {
  envSteps: number;
  updates: number;
  epsilon: number;
  /** dqn.softmaxTemperature: 0 (or absent) = the non-random pick was the argmax, else a softmax draw. */
  temperature?: number;
  /**
   * The step the shown game (env 0) took: action, whether it was random, the game's reward,
   * the reward as stored for learning (after the reward transform), done flags.
   */
  step: { action: number; random: boolean; reward: number; storedReward: number; terminated: boolean; truncated: boolean };
  /** The sampled batch's replay slots, in batch order. */
  batchIndices: number[];
  /** The batch's mean (weighted) loss, as the optimiser minimised it. */
  loss: number;
  /** One sample of the batch (batch position `sampleAt`), explained. */
  sampleAt: number;
  sample: TdExplanation;
  /** That sample's stacked frames s and s', each 4 whole 84x84 frames, oldest first. */
  frames: Uint8Array;
  nextFrames: Uint8Array;
}

/** A stored transition, for the replay viewer. */
export interface ReplayTransitionView {
  /** Its position in the viewer's order, [0, replay size): stream by stream, oldest first. */
  index: number;
  /** Its replay slot, as in `UpdateExplanation.batchIndices` and `TdExplanation.replayIndex`. */
  slot: number;
  /** The 4 frames of s, oldest first (4 * 84 * 84 bytes). */
  frames: Uint8Array;
  /** The frame the step led to (84 * 84 bytes): the newest frame of s'. */
  nextFrame: Uint8Array;
  action: number;
  reward: number;
  terminated: boolean;
  truncated: boolean;
}

/**
 * Saliency of the chosen action's Q-value: |dQ(s, a)/d pixel| for each of the 4 stacked frames,
 * `[4, 84, 84]` oldest first, scaled so the largest is 1. Zero where no pixel change can change Q.
 */
export interface SaliencyMap {
  action: number;
  values: Float32Array;
  /** The largest raw gradient magnitude before scaling (0 when all are 0), per unit of pixel/255. */
  scale: number;
  /**
   * The maze's rectangle in frame pixels. The letterbox padding outside it holds the same value
   * in every frame the game can draw, so no state can change it: its saliency is reported as 0.
   */
  area: { x: number; y: number; width: number; height: number };
}
