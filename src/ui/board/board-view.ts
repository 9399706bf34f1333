/**
 * The Pac-Man board drawn with pixi.js from BoardState snapshots: rounded walls, food, pulsing
 * capsules, a chomping Pac-Man and ghosts whose eyes look where they go. It reads snapshots and
 * never changes them. `push` hands it a snapshot. At watch speed (`smooth`) every display frame
 * is drawn, blending motion between the last two snapshots and animating the chomp and the
 * capsules; at faster speeds a frame is drawn only when a snapshot (or a resize) changed it.
 *
 * Traps (DESIGN.md): in headless Chromium only pixi's WebGL renderer draws, so ask for 'webgl'.
 * Where the page is composited in software (headless Chromium, machines without a GPU) each
 * drawn WebGL frame is read back on the main thread (~25 ms for this canvas here): drawing only
 * changed frames is what keeps the page at display rate while the agent trains in turbo.
 */
import { Application, Graphics } from 'pixi.js';
// Without it pixi builds its shader and uniform code with `new Function`, which the page's CSP
// (src/security.ts: no eval) refuses; this module swaps in eval-free versions.
import 'pixi.js/unsafe-eval';
import type { BoardState } from '../../env/board.js';
import type { Layout } from '../../env/layout.js';
import { fitBoard, type BoardFit } from './fit.js';
import { interpolateAgents, SnapshotClock } from './interpolate.js';
import { drawCapsules, drawFood, drawGhost, drawPacman, drawWalls } from './painters.js';
import { BOARD_BACKGROUND } from './sprites.js';
import { isSoftwareRenderer, webGlRendererName } from './webgl-probe.js';

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
  /** Something changed since the last drawn frame (a snapshot, the layout, the canvas size). */
  private dirty = true;
  private destroyed = false;
  private drawnSize = '';

  private constructor(private readonly app: Application) {
    app.stage.addChild(this.walls, this.food, this.agents);
    const loop = (now: number): void => {
      if (this.destroyed) return;
      this.frame(now);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }

  static async create(host: HTMLElement): Promise<BoardView> {
    const app = new Application();
    const software = isSoftwareRenderer(webGlRendererName());
    await app.init({
      // autoStart off: pixi's ticker would draw every display frame; BoardView draws when needed.
      preference: 'webgl', resizeTo: host, antialias: !software, background: BOARD_BACKGROUND, autoStart: false,
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
    this.dirty = true;
  }

  /** A new snapshot; the next frames show it (blended from the previous one when smooth). */
  push(board: BoardState): void {
    if (!this.layout || board.width !== this.layout.width || board.height !== this.layout.height) return;
    this.prev = this.smooth ? this.cur : null;
    this.cur = board;
    this.clock.tick(performance.now());
    this.dirty = true;
  }

  destroy(): void {
    this.destroyed = true;
    this.app.destroy(true, { children: true });
  }

  /** One display frame: draws when something changed, or always while animating (watch speed). */
  private frame(now: number): void {
    const size = `${this.app.screen.width}x${this.app.screen.height}`;
    if (!this.dirty && !this.smooth && size === this.drawnSize) return;
    this.dirty = false;
    this.drawnSize = size;
    this.render(now);
    this.app.render();
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
