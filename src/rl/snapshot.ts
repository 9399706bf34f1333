/**
 * What the RL worker publishes to the page at display rate (see RlSession): the shown game,
 * its frames, the agent's choice, running statistics and the run's health.
 */
import type { BoardState } from '../env/board.js';
import { FRAME_SIZE } from '../obs/raster.js';
import type { BackendInfo } from '../tf/backend.js';
import type { LiveParams } from './config.js';
import type { HumanStatus } from './human-play.js';
import type { EpisodeRow, TrainRow } from './metrics.js';

export interface RlSnapshot {
  /** The agent's training is running (false while paused or while a person plays). */
  running: boolean;
  /** 'human': a person is playing; board, frames and Q-values are of the person's game. */
  mode: 'agent' | 'human';
  /** The person's games; null in agent mode. */
  human: HumanStatus | null;
  envSteps: number;
  updates: number;
  episodes: number;
  /** Live settings now in force. */
  params: Required<LiveParams>;
  /** The epsilon the next step uses (schedule or manual). */
  epsilon: number;
  /** The shown game: env 0, or the person's game in human mode. */
  board: BoardState;
  /** Its 4 latest 84x84 frames, oldest first, each FRAME_SIZE bytes (transferred, not copied). */
  frames: Uint8Array;
  /**
   * Q-values of the shown game's latest frames, one per action, and what was chosen (in human
   * mode: the agent's opinion of the person's position, and the person's direction).
   */
  qValues: number[];
  action: number;
  randomAction: boolean;
  meanScore100: number;
  winRate100: number;
  lastReport: TrainRow | null;
  /** Episodes that ended since the previous snapshot, oldest first (at most 1,000). */
  recentEpisodes: EpisodeRow[];
  backend: BackendInfo;
  envStepsPerSec: number;
  updatesPerSec: number;
  replay: { size: number; capacity: number; bytes: number };
  tensors: number;
  /**
   * Something the person must know, sticky until the next Start: training diverged (NaN) and
   * was rolled back, with the settings that were live. null when all is well.
   */
  alert: string | null;
}

export type SnapshotListener = (snapshot: RlSnapshot) => void;

/** The 4 frames of one stacked observation ([84, 84, 4], newest last) as 4 whole frames, oldest first. */
export function unstackFrames(obs: Uint8Array): Uint8Array {
  const frames = new Uint8Array(4 * FRAME_SIZE);
  for (let k = 0; k < 4; k++) for (let p = 0; p < FRAME_SIZE; p++) frames[k * FRAME_SIZE + p] = obs[4 * p + k];
  return frames;
}
