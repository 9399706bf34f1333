/**
 * The real side of a dream: a copy of the shown game, rebuilt from its BoardState (the snapshot
 * the page already has) on the same maze and rules, and stepped with the same actions as the
 * dream, so the page can put the engine's frames beside the model's. Pure (no tfjs, no DOM):
 * the page runs it itself.
 *
 * What a BoardState carries is the whole game state the rules read: food, capsules, Pac-Man's
 * cell and facing, each ghost's half-cell position, last move and scared timer, score, steps.
 * Only the ghosts' random stream is not in it: the twin's ghosts draw from a stream of their own
 * (`seed`), so ghosts part ways with the agent's game and with the dream; the rest (Pac-Man,
 * walls, food, capsules) is deterministic given the actions, which is what the dream is scored on.
 */
import { RandomStreams, type RandomStream } from '../../core/random.js';
import type { BoardState } from '../../env/board.js';
import { defaultMaxSteps, resolveEnvConfig, type EnvConfig } from '../../env/env.js';
import { PacmanGame } from '../../env/game.js';
import { type Action, isAction, NUM_ACTIONS } from '../../env/grid.js';
import type { Layout } from '../../env/layout.js';
import { STACK_BYTES, STACK_SIZE } from '../../obs/frame-stack.js';
import { FRAME_SIZE, Raster } from '../../obs/raster.js';

/** Puts `board` into `game` (a game on the same layout), as if it had been played there. Throws when the board is of another maze. */
export function restoreGame(game: PacmanGame, board: BoardState): void {
  if (board.width !== game.width || board.height !== game.height || board.ghosts.length !== game.numGhosts) {
    throw new RangeError(`the board (${board.width}x${board.height}, ${board.ghosts.length} ghosts) is not of maze ${game.layout.name} (${game.width}x${game.height}, ${game.numGhosts} ghosts)`);
  }
  game.reset(); // a new episode number: a raster redraws everything
  game.food.set(board.food);
  game.capsules.set(board.capsules);
  game.foodLeft = board.food.reduce((n, v) => n + v, 0);
  game.capsulesLeft = board.capsules.reduce((n, v) => n + v, 0);
  game.foodEaten = game.layout.foodCount - game.foodLeft;
  game.capsulesEaten = game.layout.capsules.length - game.capsulesLeft;
  game.pacX = board.pacman.x;
  game.pacY = board.pacman.y;
  game.pacFacing = board.pacman.facing as Action;
  board.ghosts.forEach((g, i) => {
    game.ghostHX[i] = Math.round(2 * g.x);
    game.ghostHY[i] = Math.round(2 * g.y);
    game.ghostDir[i] = g.dir;
    game.ghostScared[i] = g.scared;
  });
  game.score = board.score;
  game.steps = board.steps;
  game.won = board.won;
  game.lost = board.lost;
}

export type TwinOutcome = 'won' | 'lost' | 'out of steps';

export class RealTwin {
  readonly game: PacmanGame;
  readonly raster: Raster;
  readonly maxSteps: number;
  private readonly actionRepeat: number;
  private readonly rng: RandomStream;
  /** How the game ended; null while it runs. */
  outcome: TwinOutcome | null = null;

  /** A copy of `board` on `layout` with the run's `env` settings; its ghosts draw from `seed`'s stream. */
  constructor(layout: Layout, env: Partial<EnvConfig>, board: BoardState, seed: number) {
    const config = resolveEnvConfig(env);
    this.game = new PacmanGame(layout, config.ghosts);
    restoreGame(this.game, board);
    this.maxSteps = config.maxSteps || defaultMaxSteps(layout);
    this.actionRepeat = config.actionRepeat;
    this.rng = new RandomStreams(seed).get('dream/real-ghosts');
    this.raster = new Raster(this.game);
    this.raster.draw();
    this.outcome = this.endOf();
  }

  /** The latest frame, 84*84 bytes (overwritten by the next step). */
  get frame(): Uint8Array {
    return this.raster.frame;
  }

  /** One agent step (actionRepeat rounds, as the env plays it); throws once the game has ended. */
  step(action: number): { reward: number; terminated: boolean; truncated: boolean } {
    if (!isAction(action)) throw new RangeError(`action must be an integer in [0, ${NUM_ACTIONS - 1}], got ${String(action)}`);
    if (this.outcome) throw new Error(`the real game is over (${this.outcome})`);
    let reward = 0;
    for (let r = 0; r < this.actionRepeat; r++) {
      reward += this.game.round(action, this.rng);
      if (this.game.done || this.game.steps >= this.maxSteps) break;
    }
    this.raster.draw();
    this.outcome = this.endOf();
    return { reward, terminated: this.game.done, truncated: !this.game.done && this.outcome !== null };
  }

  private endOf(): TwinOutcome | null {
    const g = this.game;
    return g.won ? 'won' : g.lost ? 'lost' : g.steps >= this.maxSteps ? 'out of steps' : null;
  }
}

/** 4 whole frames, oldest first (as an RlSnapshot carries them), -> one `[84, 84, 4]` stack, pixel-major, newest last. */
export function stackOfFrames(frames: Uint8Array): Uint8Array {
  if (frames.length !== STACK_BYTES) throw new RangeError(`a stack is ${STACK_SIZE} frames of ${FRAME_SIZE} bytes, got ${frames.length} bytes`);
  const out = new Uint8Array(STACK_BYTES);
  for (let k = 0; k < STACK_SIZE; k++) {
    const from = k * FRAME_SIZE;
    for (let p = 0; p < FRAME_SIZE; p++) out[STACK_SIZE * p + k] = frames[from + p];
  }
  return out;
}
