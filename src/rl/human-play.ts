/**
 * A person playing Pac-Man on the run's maze, with the same rules, score and frames the agent
 * gets. It is a separate game (its own env, its own ghost stream): the agent's envs, replay
 * memory and counters are untouched while a person plays.
 *
 * Control follows the classic engine's keyboard agent: the last pressed direction repeats every
 * move until another key is pressed (a move into a wall leaves Pac-Man in place while the ghosts
 * keep moving). After a game ends its last board stays on screen until the next key press starts
 * a new game.
 */
import { Action } from '../env/grid.js';
import type { EnvConfig } from '../env/env.js';
import type { Layout } from '../env/layout.js';
import { PixelEnv } from '../obs/pixel-env.js';

export type HumanOutcome = 'won' | 'lost' | 'out of steps';

/** What the page shows about the person's games. */
export interface HumanStatus {
  /** Score of the game on screen (the finished one while waiting for a key). */
  score: number;
  steps: number;
  games: number;
  wins: number;
  /** How the last finished game ended; null before the first one ends. */
  lastOutcome: HumanOutcome | null;
  lastScore: number | null;
  /** True until a key starts (or restarts) the game. */
  waitingForKey: boolean;
}

export class HumanPlay {
  readonly env: PixelEnv;
  /** The direction that repeats each move. */
  direction: Action = Action.Stop;
  private games = 0;
  private wins = 0;
  private lastOutcome: HumanOutcome | null = null;
  private lastScore: number | null = null;
  private waiting = true;
  /** The game on screen has ended; the next key press resets it. */
  private over = false;

  constructor(layout: Layout, env: Partial<EnvConfig>, seed: number) {
    this.env = new PixelEnv(layout, env, seed, 'human-ghosts');
    this.env.reset();
  }

  /** A key press: sets the direction, and starts a new game if the last one is over. */
  steer(action: Action): void {
    if (this.over) {
      this.env.reset();
      this.over = false;
    }
    this.direction = action;
    this.waiting = false;
  }

  /** One move in the held direction; does nothing while waiting for a key. Returns whether it moved. */
  tick(): boolean {
    if (this.waiting) return false;
    const r = this.env.play(this.direction);
    if (r.terminated || r.truncated) {
      const info = this.env.info;
      this.games++;
      if (info.won) this.wins++;
      this.lastOutcome = info.won ? 'won' : info.lost ? 'lost' : 'out of steps';
      this.lastScore = info.score;
      this.over = true;
      this.waiting = true;
      this.direction = Action.Stop;
    }
    return true;
  }

  status(): HumanStatus {
    const info = this.env.info;
    return {
      score: info.score, steps: info.steps, games: this.games, wins: this.wins,
      lastOutcome: this.lastOutcome, lastScore: this.lastScore, waitingForKey: this.waiting,
    };
  }
}
