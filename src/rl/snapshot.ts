/**
 * What the RL worker publishes to the page at display rate (see RlSession): the shown game,
 * its frames, the agent's choice, running statistics and the run's health.
 */
import * as tf from '@tensorflow/tfjs';
import { boardState, type BoardState } from '../env/board.js';
import { NUM_ACTIONS } from '../env/grid.js';
import { ALL_ACTIONS_MASK, legalActionMask } from '../env/legal.js';
import { FRAME_SIZE } from '../obs/raster.js';
import type { BackendInfo } from '../tf/backend.js';
import type { LiveParams } from './config.js';
import type { HumanPlay, HumanStatus } from './human-play.js';
import type { EpisodeRow, TrainRow } from './metrics.js';
import type { DqnTrainer } from './trainer.js';

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
  /**
   * Adam's step size for the next update: params.learningRate, or its linear decay at envSteps
   * when the run has dqn.learningRateDecaySteps > 0.
   */
  learningRateNow: number;
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
  /**
   * One per action: whether the shown choice could pick it. All true unless the run chooses
   * among legal moves only (dqn.legalActionsOnly), where a move into a wall is false.
   */
  allowed: boolean[];
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

/** Env steps and updates per second, re-measured at most every half second so readouts stay legible. */
export class RateMeter {
  envStepsPerSec = 0;
  updatesPerSec = 0;
  private envSteps = 0;
  private updates = 0;

  constructor(private at: number) {}

  sample(now: number, envSteps: number, updates: number): void {
    const dt = (now - this.at) / 1000;
    if (dt < 0.5) return;
    this.envStepsPerSec = (envSteps - this.envSteps) / dt;
    this.updatesPerSec = (updates - this.updates) / dt;
    this.at = now;
    this.envSteps = envSteps;
    this.updates = updates;
  }
}

/** What RlSession adds to the trainer's state; `human` with its latest Q-values while a person plays. */
export interface SessionView {
  running: boolean;
  params: Required<LiveParams>;
  human: { play: HumanPlay; qValues: Float32Array<ArrayBufferLike> } | null;
  /** Taken: the snapshot hands them over and the session starts a new list. */
  recentEpisodes: EpisodeRow[];
  backend: BackendInfo;
  rate: RateMeter;
  alert: string | null;
}

/** The snapshot of trainer `t` as the session shows it: env 0's game, or the person's. */
export function buildSnapshot(t: DqnTrainer, view: SessionView): RlSnapshot {
  const human = view.human?.play ?? null;
  const act = t.lastAct;
  const shown = view.human
    ? {
        game: view.human.play.env.game, obs: view.human.play.env.obs, qValues: Array.from(view.human.qValues), action: view.human.play.direction as number, randomAction: false,
        allowedMask: t.config.legalActionsOnly ? legalActionMask(view.human.play.env.game) : ALL_ACTIONS_MASK,
      }
    : {
        game: t.vec.envs[0].game, obs: t.vec.obs,
        qValues: act ? Array.from(act.qValues.subarray(0, NUM_ACTIONS)) : new Array<number>(NUM_ACTIONS).fill(0),
        action: act ? act.actions[0] : -1, randomAction: act ? act.random[0] === 1 : false,
        // The mask of the state the Q-values are of (the act's), not of the board after the move.
        allowedMask: act ? act.choices[0] : ALL_ACTIONS_MASK,
      };
  return {
    running: view.running, mode: human ? 'human' : 'agent', human: human ? human.status() : null,
    envSteps: t.envSteps, updates: t.updates, episodes: t.episodes,
    params: view.params, epsilon: t.epsilon, learningRateNow: t.learningRate,
    board: boardState(shown.game), frames: unstackFrames(shown.obs),
    qValues: shown.qValues, action: shown.action, randomAction: shown.randomAction,
    allowed: Array.from({ length: NUM_ACTIONS }, (_, a) => (shown.allowedMask & (1 << a)) !== 0),
    meanScore100: t.window.meanScore, winRate100: t.window.winRate, lastReport: t.lastReport, recentEpisodes: view.recentEpisodes,
    backend: view.backend, envStepsPerSec: view.rate.envStepsPerSec, updatesPerSec: view.rate.updatesPerSec,
    replay: { size: t.replay.size, capacity: t.replay.capacity, bytes: t.replay.bytes },
    tensors: tf.memory().numTensors, alert: view.alert,
  };
}
