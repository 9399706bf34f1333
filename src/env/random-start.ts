/**
 * Exploring starts (env.randomStarts): a training episode that begins somewhere the layout's
 * own start would take long to reach. A learner that only ever starts at the layout's start
 * sees the end of a maze (the last few pellets, the win) only once it can already play well;
 * on corridors16 some seeds never ate the last pellets in 1,400 episodes, so never learned
 * what a win is worth (docs/tuning.md, session 13). Random starts put those states in front of
 * it from the first episode. (Measured once so far: on corridors16's seed 3, resumed at 264k env
 * steps with randomStarts 0.5, no greedy win in 117k steps; docs/tuning.md, session 14.)
 *
 * A random start: Pac-Man on an open cell at least RANDOM_START_GHOST_DISTANCE cells
 * (Manhattan) from every ghost's start, and each pellet and capsule kept with one probability q
 * drawn per episode, uniform in (0, 1], so boards run from nearly empty to full. The cell under
 * Pac-Man holds no food (he would have eaten it), and at least one pellet always stays.
 * Score, steps and the eaten counters start at 0 as on any reset.
 *
 * Contract: `RandomStarts.apply` is called right after `PacmanGame.reset()` and draws only from
 * the stream it is given. With probability 0 it draws nothing, so runs without random starts
 * replay exactly as before the option existed.
 */
import type { RandomStream } from '../core/random.js';
import type { PacmanGame } from './game.js';
import type { Layout } from './layout.js';

/** Cells (Manhattan) a random start keeps between Pac-Man and every ghost's start. */
export const RANDOM_START_GHOST_DISTANCE = 4;

export class RandomStarts {
  /** Open cells a random start may put Pac-Man on; empty when the maze has none far enough. */
  readonly cells: readonly number[];
  private readonly foodCells: readonly number[];

  constructor(private readonly layout: Layout, readonly probability: number) {
    const { width, walls, ghostStarts } = layout;
    const cells: number[] = [];
    const foodCells: number[] = [];
    for (let cell = 0; cell < walls.length; cell++) {
      if (walls[cell]) continue;
      if (layout.food[cell]) foodCells.push(cell);
      const x = cell % width;
      const y = (cell / width) | 0;
      const farFromGhosts = ghostStarts.every((g) => Math.abs(g % width - x) + Math.abs(((g / width) | 0) - y) >= RANDOM_START_GHOST_DISTANCE);
      if (farFromGhosts) cells.push(cell);
    }
    this.cells = cells;
    this.foodCells = foodCells;
  }

  /** Maybe turns the freshly reset `game` into a random start; returns whether it did. */
  apply(game: PacmanGame, rng: RandomStream): boolean {
    if (this.probability === 0 || this.cells.length === 0) return false;
    if (rng.next() >= this.probability) return false;
    const pacCell = this.cells[rng.int(this.cells.length)];
    const keep = 1 - rng.next(); // in (0, 1]
    const { food, capsules } = game;
    let foodLeft = 0;
    for (const cell of this.foodCells) {
      const kept = rng.next() < keep && cell !== pacCell;
      food[cell] = kept ? 1 : 0;
      if (kept) foodLeft++;
    }
    if (foodLeft === 0) {
      const others = this.foodCells.filter((cell) => cell !== pacCell);
      if (others.length === 0) {
        food.set(this.layout.food); // the only pellet is under the chosen cell: play the layout's start
        return false;
      }
      food[others[rng.int(others.length)]] = 1;
      foodLeft = 1;
    }
    let capsulesLeft = 0;
    for (const cell of this.layout.capsules) {
      const kept = rng.next() < keep && cell !== pacCell;
      capsules[cell] = kept ? 1 : 0;
      if (kept) capsulesLeft++;
    }
    game.foodLeft = foodLeft;
    game.capsulesLeft = capsulesLeft;
    game.pacX = pacCell % game.width;
    game.pacY = (pacCell / game.width) | 0;
    return true;
  }
}
