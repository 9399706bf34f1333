/**
 * The Pac-Man board drawn with pixi.js from BoardState snapshots: rounded walls, food, pulsing
 * capsules, a chomping Pac-Man and ghosts whose eyes look where they go. It reads snapshots and
 * never changes them. `push` hands it a snapshot; a pixi ticker draws at display rate, blending
 * motion between the last two snapshots when `smooth` is on (watch speed).
 *
 * Traps (DESIGN.md): in headless Chromium only pixi's WebGL renderer draws, so ask for 'webgl'.
 */
import { Application, Graphics } from 'pixi.js';
import type { BoardState } from '../../env/board.js';
import type { Layout } from '../../env/layout.js';
import { fitBoard, type BoardFit } from './fit.js';
import { interpolateAgents, SnapshotClock } from './interpolate.js';
import { drawCapsules, drawFood, drawGhost, drawPacman, drawWalls } from './painters.js';
import { BOARD_BACKGROUND } from './sprites.js';

function sameCells(a: Uint8Array, b: Uint8Array | null): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class BoardView {
  private readonly walls = new Graphics();
  private readonly food = new Graphics();
  private readonly agents = new Graphics();
  private layout: Layout | null = null;
  private prev: BoardState | null = null;
  private cur: BoardState | null = null;
  private readonly clock = new SnapshotClock();
  private fit: BoardFit | null = null;
  private drawnFood: Uint8Array | null = null;
  /** Blend motion between snapshots (watch speed); off in fast modes, where it would only blur. */
  smooth = true;

  private constructor(private readonly app: Application) {
    app.stage.addChild(this.walls, this.food, this.agents);
    app.ticker.add(() => this.render(performance.now()));
  }

  static async create(host: HTMLElement): Promise<BoardView> {
    const app = new Application();
    await app.init({
      preference: 'webgl', resizeTo: host, antialias: true, background: BOARD_BACKGROUND,
      resolution: Math.min(2, window.devicePixelRatio || 1), autoDensity: true,
    });
    app.canvas.setAttribute('aria-label', 'Pac-Man board');
    host.appendChild(app.canvas);
    // resizeTo follows window resizes only; the host also changes size when panels around it do.
    new ResizeObserver(() => app.resize()).observe(host);
    return new BoardView(app);
  }

  /** The maze to draw; snapshots of another size are ignored until the matching layout is set. */
  setLayout(layout: Layout): void {
    this.layout = layout;
    this.prev = null;
    this.cur = null;
    this.fit = null;
    this.food.clear();
    this.agents.clear();
  }

  /** A new snapshot; the next frames show it (blended from the previous one when smooth). */
  push(board: BoardState): void {
    if (!this.layout || board.width !== this.layout.width || board.height !== this.layout.height) return;
    this.prev = this.smooth ? this.cur : null;
    this.cur = board;
    this.clock.tick(performance.now());
  }

  destroy(): void {
    this.app.destroy(true, { children: true });
  }

  private render(now: number): void {
    const layout = this.layout;
    if (!layout) return;
    const { width, height } = this.app.screen;
    const fit = fitBoard(width, height, layout.width, layout.height);
    const resized = !this.fit || fit.cellPx !== this.fit.cellPx || fit.originX !== this.fit.originX || fit.originY !== this.fit.originY;
    if (resized) {
      this.fit = fit;
      this.walls.clear();
      drawWalls(this.walls, layout, fit);
      this.drawnFood = null;
    }
    const cur = this.cur;
    if (!cur) return;
    // Snapshots carry fresh arrays: compare contents, so the food is redrawn only when it changes.
    if (!sameCells(cur.food, this.drawnFood)) {
      this.food.clear();
      drawFood(this.food, cur, fit);
      this.drawnFood = cur.food;
    }
    const at = interpolateAgents(this.prev, cur, this.smooth ? this.clock.alpha(now) : 1);
    const g = this.agents;
    g.clear();
    drawCapsules(g, cur, fit, now);
    const moving = this.prev !== null && (this.prev.pacman.x !== cur.pacman.x || this.prev.pacman.y !== cur.pacman.y);
    drawPacman(g, at.pacman, cur.pacman.facing, fit, now, moving || !this.smooth);
    cur.ghosts.forEach((ghost, i) => drawGhost(g, i, at.ghosts[i], ghost, fit, now));
  }
}
