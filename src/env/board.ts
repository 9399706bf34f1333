/**
 * A plain-data picture of one game, for renderers on the other side of a worker boundary:
 * everything a board view needs and nothing it could change the game with.
 */
import type { PacmanGame } from './game.js';

export interface GhostView {
  /** Position in cells; .5 when a scared ghost is between two cells. */
  x: number;
  y: number;
  /** Last move (an Action), Stop at the start. */
  dir: number;
  /** Moves left scared, 0 when not. */
  scared: number;
}

export interface BoardState {
  width: number;
  height: number;
  /** 1 where food is, per cell (row-major, y down). */
  food: Uint8Array;
  /** 1 where a capsule is, per cell. */
  capsules: Uint8Array;
  pacman: { x: number; y: number; facing: number };
  ghosts: GhostView[];
  score: number;
  steps: number;
  won: boolean;
  lost: boolean;
  /** Increments at every reset: a renderer must not animate across a change of it. */
  episode: number;
}

export function boardState(game: PacmanGame): BoardState {
  const ghosts: GhostView[] = [];
  for (let g = 0; g < game.numGhosts; g++) {
    ghosts.push({ x: game.ghostHX[g] / 2, y: game.ghostHY[g] / 2, dir: game.ghostDir[g], scared: game.ghostScared[g] });
  }
  return {
    width: game.width, height: game.height, food: game.food.slice(), capsules: game.capsules.slice(),
    pacman: { x: game.pacX, y: game.pacY, facing: game.pacFacing }, ghosts,
    score: game.score, steps: game.steps, won: game.won, lost: game.lost, episode: game.episode,
  };
}
