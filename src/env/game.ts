/**
 * The Pac-Man rules, exact to the classic Berkeley engine, as plain mutable state over typed
 * arrays (no allocation per step). One round = Pac-Man moves, then each ghost in turn; the round
 * stops as soon as the game is won or lost (later ghosts don't move), as in Berkeley's loop.
 *
 * Collisions are checked after every single agent move with Berkeley's tolerance (distance
 * <= 0.7 cells, i.e. at most one half-cell unit apart), so Pac-Man and a ghost swapping cells
 * in one round always meet: whoever moves second lands on the other.
 *
 * Positions: Pac-Man on whole cells (x, y); ghosts in half-cell units (hx = 2x) because scared
 * ghosts move half a cell per move. y grows downward (line order of the layout file).
 */
import type { RandomStream } from '../core/random.js';
import { Action, ACTION_DX, ACTION_DY, REVERSE } from './grid.js';
import type { Layout } from './layout.js';
import {
  DIRECTIONAL_BEST_PROB, FOOD_REWARD, LOSE_PENALTY, SCARED_GHOST_REWARD, SCARED_MOVES,
  STEP_PENALTY, WIN_REWARD,
} from './rules.js';

export type GhostPolicy = 'random' | 'directional';
export const GHOST_POLICIES: readonly GhostPolicy[] = ['random', 'directional'];

/** What happened in one round; `reward` is the score change. */
export interface RoundResult {
  reward: number;
  /** Pac-Man died or ate the last food. */
  done: boolean;
}

export class PacmanGame {
  readonly width: number;
  readonly height: number;
  /** 1 = food present, per cell. */
  readonly food: Uint8Array;
  /** 1 = capsule present, per cell. */
  readonly capsules: Uint8Array;
  foodLeft = 0;
  capsulesLeft = 0;
  pacX = 0;
  pacY = 0;
  /** The way Pac-Man faces: his last real move (Stop never changes it). */
  pacFacing: Action = Action.West;
  readonly ghostHX: Int32Array;
  readonly ghostHY: Int32Array;
  /** Each ghost's last move (Stop at the start and after being eaten). */
  readonly ghostDir: Uint8Array;
  /** Ghost moves left scared; 0 = not scared. */
  readonly ghostScared: Int32Array;
  score = 0;
  steps = 0;
  won = false;
  lost = false;
  foodEaten = 0;
  capsulesEaten = 0;
  ghostsEaten = 0;
  /** Counts resets; a renderer compares it to know when to redraw everything. */
  episode = 0;
  /**
   * Cells whose food or capsule was eaten this episode, in order; `eatenCount` entries are valid.
   * A renderer keeps its own cursor into it to redraw only what changed.
   */
  readonly eatenCells: Int32Array;
  eatenCount = 0;

  private readonly ghostCount: number;
  /** 1 = directional, 0 = random; `ghostPolicy` reads and sets it (an env may change it between episodes). */
  private ghostMode: 0 | 1;
  private readonly legal = new Uint8Array(4);
  private readonly prob = new Float64Array(4);
  private readonly dist = new Int32Array(4);

  constructor(readonly layout: Layout, ghostPolicy: GhostPolicy) {
    this.width = layout.width;
    this.height = layout.height;
    const cells = layout.width * layout.height;
    this.food = new Uint8Array(cells);
    this.capsules = new Uint8Array(cells);
    this.ghostCount = layout.ghostStarts.length;
    this.ghostHX = new Int32Array(this.ghostCount);
    this.ghostHY = new Int32Array(this.ghostCount);
    this.ghostDir = new Uint8Array(this.ghostCount);
    this.ghostScared = new Int32Array(this.ghostCount);
    this.eatenCells = new Int32Array(layout.foodCount + layout.capsules.length);
    this.ghostMode = ghostPolicy === 'directional' ? 1 : 0;
    this.reset();
  }

  /** How the ghosts move now. */
  get ghostPolicy(): GhostPolicy {
    return this.ghostMode === 1 ? 'directional' : 'random';
  }

  set ghostPolicy(policy: GhostPolicy) {
    this.ghostMode = policy === 'directional' ? 1 : 0;
  }

  get numGhosts(): number {
    return this.ghostCount;
  }

  get done(): boolean {
    return this.won || this.lost;
  }

  reset(): void {
    const { layout } = this;
    this.food.set(layout.food);
    this.capsules.fill(0);
    for (const c of layout.capsules) this.capsules[c] = 1;
    this.foodLeft = layout.foodCount;
    this.capsulesLeft = layout.capsules.length;
    this.pacX = layout.pacmanStart % this.width;
    this.pacY = (layout.pacmanStart / this.width) | 0;
    this.pacFacing = Action.West;
    for (let g = 0; g < this.ghostCount; g++) this.placeGhostAtStart(g);
    this.ghostScared.fill(0);
    this.score = 0;
    this.steps = 0;
    this.won = false;
    this.lost = false;
    this.foodEaten = 0;
    this.capsulesEaten = 0;
    this.ghostsEaten = 0;
    this.eatenCount = 0;
    this.episode++;
  }

  isWall(x: number, y: number): boolean {
    return this.layout.walls[y * this.width + x] === 1;
  }

  /**
   * Plays one round: Pac-Man's `action` (into a wall = stay), then every ghost with `rng`.
   * Must not be called once the game is done.
   */
  round(action: Action, rng: RandomStream): number {
    if (this.won || this.lost) throw new Error('the game is over: reset() before stepping again');
    const before = this.score;
    this.movePacman(action);
    this.score -= STEP_PENALTY;
    for (let g = 0; g < this.ghostCount; g++) this.checkCollision(g);
    if (!this.won && !this.lost) {
      for (let g = 0; g < this.ghostCount; g++) {
        this.moveGhost(g, rng);
        this.checkCollision(g);
        if (this.lost) break;
      }
    }
    this.steps++;
    return this.score - before;
  }

  private movePacman(action: Action): void {
    if (action !== Action.Stop) {
      const nx = this.pacX + ACTION_DX[action];
      const ny = this.pacY + ACTION_DY[action];
      if (!this.isWall(nx, ny)) {
        this.pacX = nx;
        this.pacY = ny;
        this.pacFacing = action;
      }
    }
    const cell = this.pacY * this.width + this.pacX;
    if (this.food[cell]) {
      this.food[cell] = 0;
      this.foodLeft--;
      this.foodEaten++;
      this.score += FOOD_REWARD;
      this.eatenCells[this.eatenCount++] = cell;
      if (this.foodLeft === 0 && !this.lost) {
        this.score += WIN_REWARD;
        this.won = true;
      }
    }
    if (this.capsules[cell]) {
      this.capsules[cell] = 0;
      this.capsulesLeft--;
      this.capsulesEaten++;
      this.eatenCells[this.eatenCount++] = cell;
      this.ghostScared.fill(SCARED_MOVES);
    }
  }

  private checkCollision(g: number): void {
    const d = Math.abs(this.ghostHX[g] - 2 * this.pacX) + Math.abs(this.ghostHY[g] - 2 * this.pacY);
    if (d > 1) return;
    if (this.ghostScared[g] > 0) {
      this.score += SCARED_GHOST_REWARD;
      this.ghostsEaten++;
      this.placeGhostAtStart(g);
      this.ghostScared[g] = 0;
    } else if (!this.won) {
      this.score -= LOSE_PENALTY;
      this.lost = true;
    }
  }

  private placeGhostAtStart(g: number): void {
    const start = this.layout.ghostStarts[g];
    this.ghostHX[g] = 2 * (start % this.width);
    this.ghostHY[g] = 2 * ((start / this.width) | 0);
    this.ghostDir[g] = Action.Stop;
  }

  /** Fills `this.legal` with the ghost's legal moves (Berkeley's rules); returns how many. */
  private legalGhostMoves(g: number): number {
    const hx = this.ghostHX[g];
    const hy = this.ghostHY[g];
    const dir = this.ghostDir[g];
    if ((hx | hy) & 1) {
      // Between two cells: a ghost can only carry on the way it is going.
      this.legal[0] = dir;
      return 1;
    }
    const x = hx >> 1;
    const y = hy >> 1;
    let n = 0;
    let hasReverse = false;
    const reverse = REVERSE[dir];
    for (let a = 0; a < 4; a++) {
      if (!this.isWall(x + ACTION_DX[a], y + ACTION_DY[a])) {
        this.legal[n++] = a;
        if (a === reverse) hasReverse = true;
      }
    }
    if (hasReverse && n > 1) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.legal[i] !== reverse) this.legal[k++] = this.legal[i];
      n = k;
    }
    return n;
  }

  private moveGhost(g: number, rng: RandomStream): void {
    const n = this.legalGhostMoves(g);
    const scared = this.ghostScared[g] > 0;
    let move: number;
    if (n === 0) {
      move = Action.Stop; // walled in on all sides: nowhere to go
    } else if (this.ghostMode === 0) {
      move = this.legal[rng.int(n)];
    } else {
      move = this.directionalChoice(g, n, scared, rng.next());
    }
    if (move !== Action.Stop) {
      const speed = scared ? 1 : 2; // half-cell units per move
      this.ghostHX[g] += ACTION_DX[move] * speed;
      this.ghostHY[g] += ACTION_DY[move] * speed;
      this.ghostDir[g] = move;
    }
    const timer = this.ghostScared[g];
    if (timer === 1) {
      // Berkeley's nearestPoint: int(v + 0.5) per axis, i.e. a half position rounds up.
      this.ghostHX[g] = (this.ghostHX[g] + 1) & ~1;
      this.ghostHY[g] = (this.ghostHY[g] + 1) & ~1;
    }
    if (timer > 0) this.ghostScared[g] = timer - 1;
  }

  /**
   * Berkeley's DirectionalGhost: with probability 0.8 a move that minimises (chasing) or
   * maximises (scared, fleeing) the Manhattan distance to Pac-Man, ties split evenly; the
   * remaining 0.2 spread over all legal moves. `u` is one uniform draw in [0, 1).
   */
  private directionalChoice(g: number, n: number, scared: boolean, u: number): number {
    const speed = scared ? 1 : 2;
    const px = 2 * this.pacX;
    const py = 2 * this.pacY;
    let best = scared ? -1 : Number.MAX_SAFE_INTEGER;
    for (let i = 0; i < n; i++) {
      const a = this.legal[i];
      const d = Math.abs(this.ghostHX[g] + ACTION_DX[a] * speed - px) + Math.abs(this.ghostHY[g] + ACTION_DY[a] * speed - py);
      this.dist[i] = d;
      if (scared ? d > best : d < best) best = d;
    }
    let bestCount = 0;
    for (let i = 0; i < n; i++) if (this.dist[i] === best) bestCount++;
    let total = 0;
    for (let i = 0; i < n; i++) {
      this.prob[i] = (this.dist[i] === best ? DIRECTIONAL_BEST_PROB / bestCount : 0) + (1 - DIRECTIONAL_BEST_PROB) / n;
      total += this.prob[i];
    }
    // Berkeley's chooseFromDistribution: the first move whose cumulative probability reaches u.
    let cumulative = 0;
    const r = u * total;
    for (let i = 0; i < n; i++) {
      cumulative += this.prob[i];
      if (r <= cumulative) return this.legal[i];
    }
    return this.legal[n - 1];
  }
}
