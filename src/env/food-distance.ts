/**
 * Maze distance from Pac-Man to the nearest food: the number of moves along open cells (a
 * breadth-first search; walls block, ghosts and capsules do not), 0 when no food is left.
 * It is the potential behind dqn.foodShaping (src/rl/food-shaping.ts) and the approximate
 * Q-learner's closest-food feature (src/rl/baselines/features.ts).
 *
 * One instance per game size; `measure` allocates nothing (a visit stamp per cell instead of
 * clearing an array per call), so it runs every env step: medium20's 20x11 is ~200 cells.
 */
import { ACTION_DX, ACTION_DY } from './grid.js';
import type { PacmanGame } from './game.js';

export class FoodDistance {
  private readonly queue: Int32Array;
  private readonly distance: Int32Array;
  /** visited[c] === stamp: cell c was reached in the current search. */
  private readonly visited: Uint32Array;
  private stamp = 0;

  constructor(private readonly width: number, height: number) {
    const cells = width * height;
    this.queue = new Int32Array(cells);
    this.distance = new Int32Array(cells);
    this.visited = new Uint32Array(cells);
  }

  /** Moves from Pac-Man's cell to the nearest food; 0 if no food is left or none can be reached. */
  measure(game: PacmanGame): number {
    return this.measureFrom(game, game.pacY * this.width + game.pacX);
  }

  /** Moves from open cell `start` (y * width + x) to the nearest food of `game`; 0 if it holds food, none is left or none can be reached. */
  measureFrom(game: PacmanGame, start: number): number {
    if (game.foodLeft === 0) return 0;
    if (game.width !== this.width || game.food.length !== this.queue.length) {
      throw new RangeError(`FoodDistance for a ${this.width}-wide maze of ${this.queue.length} cells got a ${game.width}x${game.height} game`);
    }
    const stamp = ++this.stamp;
    let head = 0;
    let tail = 0;
    this.queue[tail++] = start;
    this.visited[start] = stamp;
    this.distance[start] = 0;
    while (head < tail) {
      const cell = this.queue[head++];
      if (game.food[cell]) return this.distance[cell];
      const x = cell % this.width;
      const y = (cell - x) / this.width;
      for (let a = 0; a < 4; a++) {
        const nx = x + ACTION_DX[a];
        const ny = y + ACTION_DY[a];
        if (game.isWall(nx, ny)) continue;
        const next = ny * this.width + nx;
        if (this.visited[next] === stamp) continue;
        this.visited[next] = stamp;
        this.distance[next] = this.distance[cell] + 1;
        this.queue[tail++] = next;
      }
    }
    return 0;
  }
}
