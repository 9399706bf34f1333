/**
 * Pac-Man's legal actions, Berkeley's way: the moves that do not run into a wall, and Stop,
 * which is always legal. A move into a wall does nothing (the engine treats it as Stop), so an
 * agent that may pick one wastes the step. Two forms: a list (the tabular agent) and a bitmask,
 * bit a set when action a is legal (the DQN, its replay memory and the vector env).
 */
import { ACTION_DX, ACTION_DY, Action, NUM_ACTIONS } from './grid.js';
import type { PacmanGame } from './game.js';

/** Every action legal: what a caller without a game passes (no masking). */
export const ALL_ACTIONS_MASK = (1 << NUM_ACTIONS) - 1;

/** How many actions `mask` allows. */
export function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

/** The k-th allowed action of `mask` (k from 0, below bitCount(mask)): a uniform pick is nthSetBit(mask, rng.int(bitCount(mask))). */
export function nthSetBit(mask: number, k: number): number {
  for (let a = 0, seen = 0; ; a++) if ((mask >> a) & 1 && seen++ === k) return a;
}

/** Writes the legal actions into `out` (length >= 5), moves first then Stop; returns how many. */
export function legalActions(game: PacmanGame, out: Uint8Array): number {
  let n = 0;
  for (let a = 0; a < 4; a++) if (!game.isWall(game.pacX + ACTION_DX[a], game.pacY + ACTION_DY[a])) out[n++] = a;
  out[n++] = Action.Stop;
  return n;
}

/** The legal actions as a bitmask (bit a = action a); Stop's bit is always set. */
export function legalActionMask(game: PacmanGame): number {
  let mask = 1 << Action.Stop;
  for (let a = 0; a < 4; a++) if (!game.isWall(game.pacX + ACTION_DX[a], game.pacY + ACTION_DY[a])) mask |= 1 << a;
  return mask;
}
