/**
 * Pixi drawing of the board's pieces into Graphics, one function per piece. Sizes are fractions
 * of a cell; colours and animation curves come from sprites.ts. Draws only: reads state.
 */
import type { Graphics } from 'pixi.js';
import type { BoardState, GhostView } from '../../env/board.js';
import type { Layout } from '../../env/layout.js';
import { type BoardFit, toPixels } from './fit.js';
import type { CellPos } from './interpolate.js';
import {
  CAPSULE_COLOR, EYE_WHITE, eyeOffset, FOOD_COLOR, facingAngle, ghostBodyColor, mouthHalfAngle, PACMAN_COLOR,
  capsulePulse, PUPIL, SCARED_FLASH_COLOR, WALL_EDGE, WALL_FILL,
} from './sprites.js';
import { wallShapes } from './walls.js';

/** Wall pipe thickness and its bright edge, in cells. */
const WALL_WIDTH = 0.5;
const WALL_EDGE_WIDTH = 0.09;

/** Bright pipes first, then the same shapes thinner in the fill colour: a neon outline of the union. */
export function drawWalls(g: Graphics, layout: Layout, fit: BoardFit): void {
  const shapes = wallShapes(layout.walls, layout.width, layout.height);
  const c = fit.cellPx;
  for (const [width, color] of [[WALL_WIDTH, WALL_EDGE], [WALL_WIDTH - 2 * WALL_EDGE_WIDTH, WALL_FILL]] as const) {
    const half = (width / 2) * c;
    for (const b of shapes.blocks) {
      const { px, py } = toPixels(fit, b.x, b.y);
      g.rect(px - half, py - half, c + 2 * half, c + 2 * half).fill(color);
    }
    for (const d of shapes.dots) {
      const { px, py } = toPixels(fit, d.x, d.y);
      g.roundRect(px - half, py - half, 2 * half, 2 * half, half * 0.6).fill(color);
    }
    for (const s of shapes.segments) {
      const a = toPixels(fit, s.from.x, s.from.y);
      const b = toPixels(fit, s.to.x, s.to.y);
      g.moveTo(a.px, a.py).lineTo(b.px, b.py).stroke({ width: width * c, color, cap: 'round', join: 'round' });
    }
  }
}

export function drawFood(g: Graphics, board: BoardState, fit: BoardFit): void {
  const r = Math.max(1.5, fit.cellPx * 0.09);
  for (let i = 0; i < board.food.length; i++) {
    if (!board.food[i]) continue;
    const { px, py } = toPixels(fit, (i % board.width) + 0.5, Math.floor(i / board.width) + 0.5);
    g.circle(px, py, r).fill(FOOD_COLOR);
  }
}

export function drawCapsules(g: Graphics, board: BoardState, fit: BoardFit, timeMs: number): void {
  const r = fit.cellPx * 0.26 * capsulePulse(timeMs);
  for (let i = 0; i < board.capsules.length; i++) {
    if (!board.capsules[i]) continue;
    const { px, py } = toPixels(fit, (i % board.width) + 0.5, Math.floor(i / board.width) + 0.5);
    g.circle(px, py, r * 1.35).fill({ color: CAPSULE_COLOR, alpha: 0.18 });
    g.circle(px, py, r).fill(CAPSULE_COLOR);
  }
}

export function drawPacman(g: Graphics, at: CellPos, facing: number, fit: BoardFit, timeMs: number, moving: boolean): void {
  const { px, py } = toPixels(fit, at.x + 0.5, at.y + 0.5);
  const r = fit.cellPx * 0.42;
  const dir = facingAngle(facing);
  const mouth = mouthHalfAngle(timeMs, moving);
  g.moveTo(px, py).arc(px, py, r, dir + mouth, dir + 2 * Math.PI - mouth).closePath().fill(PACMAN_COLOR);
}

/** A ghost: dome, skirt with three scallops, eyes looking along its move; a scared ghost gets a worried face. */
export function drawGhost(g: Graphics, index: number, at: CellPos, ghost: GhostView, fit: BoardFit, timeMs: number): void {
  const c = fit.cellPx;
  const { px: cx, py: cy } = toPixels(fit, at.x + 0.5, at.y + 0.5);
  const r = c * 0.42;
  const top = cy - r * 0.15;
  const bottom = cy + r;
  const body = ghostBodyColor(index, ghost.scared, timeMs);
  g.moveTo(cx - r, bottom).lineTo(cx - r, top).arc(cx, top, r, Math.PI, 2 * Math.PI).lineTo(cx + r, bottom);
  // Skirt: six zig-zag points right to left; the phase flips a few times a second so it ripples.
  const phase = Math.floor(timeMs / 160) % 2;
  for (let k = 1; k <= 6; k++) g.lineTo(cx + r - (k * r) / 3, bottom - ((k + phase) % 2 === 1 ? r * 0.26 : 0));
  g.closePath().fill(body);
  if (ghost.scared > 0) {
    const face = body === SCARED_FLASH_COLOR ? 0xe02020 : 0xffd0a0;
    g.circle(cx - r * 0.35, top, r * 0.12).fill(face).circle(cx + r * 0.35, top, r * 0.12).fill(face);
    const my = cy + r * 0.38;
    g.moveTo(cx - r * 0.6, my);
    for (let k = 1; k <= 6; k++) g.lineTo(cx - r * 0.6 + (1.2 * r * k) / 6, my + (k % 2 ? -r * 0.12 : 0));
    g.stroke({ width: Math.max(1, r * 0.1), color: face });
    return;
  }
  const { dx, dy } = eyeOffset(ghost.dir);
  for (const side of [-1, 1]) {
    const ex = cx + side * r * 0.38;
    const ey = top - r * 0.05;
    g.ellipse(ex + dx * r * 0.08, ey + dy * r * 0.08, r * 0.26, r * 0.32).fill(EYE_WHITE);
    g.circle(ex + dx * r * 0.2, ey + dy * r * 0.22, r * 0.14).fill(PUPIL);
  }
}
