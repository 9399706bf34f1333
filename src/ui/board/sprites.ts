/**
 * Colours and animation curves of the board's sprites, as plain functions of state and time
 * (milliseconds), so they are testable in Node without pixi.js.
 */
import { Action, ACTION_DX, ACTION_DY } from '../../env/grid.js';

export const BOARD_BACKGROUND = 0x05060f;
export const WALL_EDGE = 0x2f55ff;
export const WALL_FILL = 0x0b1140;
export const FOOD_COLOR = 0xffd9b0;
export const CAPSULE_COLOR = 0xffe7c7;
export const PACMAN_COLOR = 0xffe135;
export const SCARED_COLOR = 0x2030e0;
export const SCARED_FLASH_COLOR = 0xf2f2ff;
export const EYE_WHITE = 0xffffff;
export const PUPIL = 0x1a2a8a;

/** Blinky, Pinky, Inky, Clyde; further ghosts reuse them in turn. */
export const GHOST_COLORS: readonly number[] = [0xff2a2a, 0xffa4e0, 0x2ee8ff, 0xffa640];

/** Scared moves left below which a scared ghost flashes (it is about to recover). */
export const FLASH_BELOW = 8;
/** Flash half-period in ms. */
const FLASH_MS = 180;

export function ghostColor(index: number): number {
  return GHOST_COLORS[((index % GHOST_COLORS.length) + GHOST_COLORS.length) % GHOST_COLORS.length];
}

/** Body colour: its own when not scared; blue when scared; blue/white alternating when nearly recovered. */
export function ghostBodyColor(index: number, scared: number, timeMs: number): number {
  if (scared <= 0) return ghostColor(index);
  if (scared < FLASH_BELOW && Math.floor(timeMs / FLASH_MS) % 2 === 1) return SCARED_FLASH_COLOR;
  return SCARED_COLOR;
}

/** Angle (radians, y down, 0 = east) Pac-Man faces for an action; Stop faces east. */
export function facingAngle(action: number): number {
  switch (action) {
    case Action.North: return -Math.PI / 2;
    case Action.South: return Math.PI / 2;
    case Action.West: return Math.PI;
    default: return 0;
  }
}

/** Half the mouth's opening (radians), chomping between 0.04 and ~0.3 pi about 3.5 times a second. */
export function mouthHalfAngle(timeMs: number, moving = true): number {
  if (!moving) return 0.18 * Math.PI;
  const phase = 0.5 - 0.5 * Math.cos((timeMs / 285) * 2 * Math.PI);
  return (0.04 + 0.26 * phase) * Math.PI;
}

/** Capsule radius factor, pulsing between 0.75 and 1 once a second or so. */
export function capsulePulse(timeMs: number): number {
  return 0.875 + 0.125 * Math.sin((timeMs / 900) * 2 * Math.PI);
}

/** Unit offset of a ghost's pupils towards its move direction (centred when it stands still). */
export function eyeOffset(dir: number): { dx: number; dy: number } {
  return { dx: ACTION_DX[dir] ?? 0, dy: ACTION_DY[dir] ?? 0 };
}
