/**
 * The Dream panel's loop, without DOM: the world model takes over from the shown game's frames
 * and dreams in the gen worker, while a copy of the real game (RealTwin, run here in the page)
 * takes the same actions, so every dreamed frame has its real counterpart. The actions come from
 * the agent's greedy policy on the dreamed stack (a copy of it the gen worker holds since the
 * dream began, so no step waits for the RL worker's training) or from a person (the last
 * direction pressed repeats each step, as in the person's own game).
 *
 * The page never blocks and at most one worker call is in flight. Steps are paced to
 * `movesPerSecond`; at 0 (as fast as the worker answers) the next step is asked for as soon as
 * one arrives, before the page draws it, so the worker never waits on the page: frames/s is then
 * the worker's rate. The dream runs until stop(). When the real game ends (won, lost or out of
 * steps: its ghosts move by their own stream, so it can end where the dream goes on) the real side
 * holds its last frame and steps are no longer scored; the dream goes on.
 */
import type { BoardState } from '../../env/board.js';
import type { EnvConfig } from '../../env/env.js';
import { Action, isAction } from '../../env/grid.js';
import type { Layout } from '../../env/layout.js';
import { cellGrid } from '../../gen/world/cells.js';
import type { DreamAction, DreamStep, RewardOdds } from '../../gen/world/live-dream.js';
import { RealTwin, stackOfFrames, type TwinOutcome } from '../../gen/world/real-twin.js';
import { DreamStats, FrameRate, type DreamSummary, type StepError } from './dream-stats.js';

/** The game on the board, as the page has it from the RL worker's latest snapshot. */
export interface ShownGame {
  layout: Layout;
  /** The run's env settings (rules the twin plays by: ghosts, step limit, action repeat). */
  env: Partial<EnvConfig>;
  /** Names the run (maze and seed): the world model's hand-overs are grouped by it. */
  run: string;
  board: BoardState;
  /** The 4 latest frames, oldest first, 84*84 bytes each (the snapshot's `frames`). */
  frames: Uint8Array;
}

/** The worker calls the loop makes (the panel binds them to the gen worker, handing it the agent's policy at start). */
export interface DreamPorts {
  /** Opens the dream from the real stack on a maze of this size in cells (the agent's legal moves are read from the dreamed frames). */
  start(stack: Uint8Array, maze: { width: number; height: number }): Promise<{ model: string; steps: number }>;
  /** One step: a move, or 'agent' for the agent's greedy choice on the dream's stack (the step says which it took). */
  step(action: DreamAction): Promise<DreamStep>;
  stop(): Promise<void>;
}

export type DreamPilot = 'agent' | 'person';

/** One step, as the panel shows it. */
export interface DreamFrame {
  step: number;
  action: number;
  pilot: DreamPilot;
  /** 84*84 bytes each: the model's frame and the engine's (a copy), for the same actions; after the real game's end, its last frame. */
  dreamed: Uint8Array;
  real: Uint8Array;
  /** This step's error; null once the real game has ended (nothing to compare against). */
  error: StepError | null;
  /** How and at which dream step the real game ended; null while it runs. */
  realEnded: { outcome: TwinOutcome; step: number } | null;
  summary: DreamSummary;
  /** The model's likeliest reward, the reward classes it gave 5% or more (likeliest first), the engine's reward. */
  reward: { dreamed: number; odds: RewardOdds[]; real: number };
  /** The model's probability that the step ends the episode; whether the real step did. */
  terminated: { dreamed: number; real: boolean };
  /** Dream frames per second over the last 2 s. */
  framesPerSec: number;
  /** The dream step in the worker (one forward pass and its read-back), ms. */
  workerMs: number;
  /** From asking for the step to its answer, ms (the worker's time and the messages'). */
  roundTripMs: number;
}

export interface DreamListeners {
  frame(frame: DreamFrame): void;
  /** The dream ended; `why` says how ('stopped', or a failed call's message). */
  ended(why: string): void;
}

export interface DreamClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_CLOCK: DreamClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class DreamLoop {
  pilot: DreamPilot = 'agent';
  /** The person's direction, repeated every step until another is pressed. */
  direction: Action = Action.Stop;
  /** Steps per second to aim for; 0 = as fast as the workers answer. */
  movesPerSecond = 10;
  private running = false;
  /** Between start() and the dream being open (a second start() is refused). */
  private opening = false;
  private loop: Promise<void> | null = null;
  private dreams = 0;

  constructor(private readonly ports: DreamPorts, private readonly listeners: DreamListeners, private readonly clock: DreamClock = REAL_CLOCK) {}

  get active(): boolean {
    return this.running;
  }

  /**
   * Opens a dream from `shown` and starts stepping it; resolves once the dream is open with the
   * model's name and training steps. Throws (nothing started) when the shown game is over or
   * does not fit its maze.
   */
  async start(shown: ShownGame): Promise<{ model: string; steps: number }> {
    if (this.running || this.opening || this.loop) throw new Error('a dream is already running: stop it first');
    const twin = new RealTwin(shown.layout, shown.env, shown.board, ++this.dreams);
    if (twin.outcome) throw new Error(`the shown game is over (${twin.outcome}): dream from the next one`);
    const stack = stackOfFrames(shown.frames);
    this.opening = true;
    let info: { model: string; steps: number };
    try {
      info = await this.ports.start(stack.slice(), { width: shown.layout.width, height: shown.layout.height }); // the port may transfer what it is given
    } finally {
      this.opening = false;
    }
    this.running = true;
    const stats = new DreamStats(cellGrid(shown.layout.width, shown.layout.height));
    this.loop = this.steps(twin, stats).then(
      (why) => this.finish(why),
      (err: unknown) => this.finish(`stopped: ${err instanceof Error ? err.message : String(err)}`),
    );
    return info;
  }

  /** Ends the dream after the step in flight; resolves when it has ended. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** A person's key: the person pilots from now on, `direction` repeating. */
  steer(direction: number): void {
    if (!isAction(direction)) throw new RangeError(`a direction must be an action 0..4, got ${String(direction)}`);
    this.pilot = 'person';
    this.direction = direction;
  }

  private async finish(why: string): Promise<void> {
    this.running = false;
    try {
      await this.ports.stop();
    } finally {
      this.loop = null;
      this.listeners.ended(why);
    }
  }

  /** Asks the worker for the next step, as the pilot is now; a failure surfaces where it is awaited. */
  private ask(): { pilot: DreamPilot; at: number; answer: Promise<DreamStep> } {
    const pilot = this.pilot;
    const answer = this.ports.step(pilot === 'person' ? this.direction : 'agent');
    answer.catch(() => undefined); // handled where awaited; this keeps an early rejection from counting as unhandled
    return { pilot, at: this.clock.now(), answer };
  }

  /** Steps until stopped; resolves with why it ended. Never leaves a step in flight behind it. */
  private async steps(twin: RealTwin, stats: DreamStats): Promise<string> {
    const rate = new FrameRate();
    let realEnded: DreamFrame['realEnded'] = null;
    let pending: ReturnType<DreamLoop['ask']> | null = this.ask();
    try {
      while (this.running && pending) {
        const asked: ReturnType<DreamLoop['ask']> = pending;
        pending = null;
        const dream = await asked.answer;
        const answeredAt = this.clock.now();
        if (!this.running) break;
        const paced = this.movesPerSecond > 0;
        if (!paced) pending = this.ask(); // the worker steps on while the page draws this one
        const action = dream.action;
        const real = realEnded ? null : twin.step(action);
        if (!realEnded && twin.outcome) realEnded = { outcome: twin.outcome, step: dream.step };
        rate.tick(answeredAt);
        this.listeners.frame({
          step: dream.step, action, pilot: asked.pilot, dreamed: dream.frame, real: new Uint8Array(twin.frame), error: real ? stats.add(dream.frame, twin.frame) : null,
          realEnded, summary: stats.summary(), reward: { dreamed: dream.reward, odds: dream.rewardOdds, real: real ? real.reward : NaN },
          terminated: { dreamed: dream.terminated, real: real ? real.terminated : false }, framesPerSec: rate.perSec(), workerMs: dream.ms, roundTripMs: answeredAt - asked.at,
        });
        if (paced) {
          await this.clock.sleep(Math.max(0, 1000 / this.movesPerSecond - (this.clock.now() - asked.at)));
          if (this.running) pending = this.ask();
        } else {
          await this.clock.sleep(0); // let the page draw and take keys between steps
        }
      }
    } finally {
      if (pending) await pending.answer.catch(() => undefined);
    }
    return 'stopped';
  }
}
