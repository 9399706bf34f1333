/**
 * The `sprites` dataset: Pac-Man and ghost sprites drawn procedurally at 32x32 grayscale, with
 * seeded variation (position, size, mouth angle, brightness, noise) so that each class is a
 * spread of images, not one picture. Same seed, same bytes. Pure TS, no DOM.
 *
 * Classes (label order): Pac-Man by the way his mouth faces, each ghost by its colour (shown as
 * a gray level), and scared ghosts (dark body, no pupils, wavy mouth; 1 in 5 drawn "flashing":
 * light body, dark features). A normal ghost's eyes look a random way (an attribute, not a class).
 */
import { RandomStream } from '../../core/random.js';
import type { ByteDataset, ByteImages } from './byte-images.js';
import { Canvas, circle, difference, ellipse, polygon, polyline, type Shape, union } from './raster2d.js';

export type Direction = 'N' | 'E' | 'S' | 'W';
export const DIRECTIONS: readonly Direction[] = ['N', 'E', 'S', 'W'];
export type GhostColour = 'red' | 'pink' | 'cyan' | 'orange';
export const GHOST_COLOURS: readonly GhostColour[] = ['red', 'pink', 'cyan', 'orange'];

export const SPRITE_CLASS_NAMES: readonly string[] = [
  ...DIRECTIONS.map((d) => `pacman-${d}`), ...GHOST_COLOURS.map((c) => `ghost-${c}`), 'ghost-scared',
];
export const SPRITE_SIZE = 32;

/** Body gray of each ghost colour, and of a scared ghost; Pac-Man is 0.9..1. Jitter is +-0.025. */
export const GHOST_GRAY: Readonly<Record<GhostColour | 'scared', number>> = {
  red: 0.8, pink: 0.66, cyan: 0.52, orange: 0.4, scared: 0.24,
};

/** What one sprite shows. `direction`: Pac-Man's mouth, or a normal ghost's gaze (scared: 'N', unused). */
export interface SpriteAttributes {
  kind: 'pacman' | 'ghost';
  colour: GhostColour | null;
  direction: Direction;
  scared: boolean;
  flashing: boolean;
}

const UNIT: Readonly<Record<Direction, readonly [number, number]>> = { N: [0, -1], E: [1, 0], S: [0, 1], W: [-1, 0] };

function uniform(rng: RandomStream, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** Standard normal draw (Box-Muller). */
function gaussian(rng: RandomStream): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

function pacman(canvas: Canvas, rng: RandomStream, direction: Direction): void {
  const r = uniform(rng, 10, 13);
  const cx = 16 + uniform(rng, -3, 3);
  const cy = 16 + uniform(rng, -3, 3);
  const half = uniform(rng, 0.35, 0.8);
  const [dx, dy] = UNIT[direction];
  const cosHalf = Math.cos(half);
  const mouth: Shape = {
    minX: cx - r, minY: cy - r, maxX: cx + r, maxY: cy + r,
    contains: (x, y) => {
      const vx = x - cx;
      const vy = y - cy;
      const len = Math.hypot(vx, vy);
      return len > 0 && (vx * dx + vy * dy) / len > cosHalf;
    },
  };
  canvas.fill(difference(circle(cx, cy, r), mouth), uniform(rng, 0.9, 1));
}

function ghostBody(cx: number, cy: number, r: number, rng: RandomStream): Shape {
  const bottom = cy + r * uniform(rng, 1, 1.2);
  const foot = r * uniform(rng, 0.25, 0.4);
  const points = [cx - r, cy, cx + r, cy, cx + r, bottom];
  const feet = 6;
  for (let k = 1; k < feet; k++) points.push(cx + r - (k * 2 * r) / feet, k % 2 === 1 ? bottom - foot : bottom);
  points.push(cx - r, bottom);
  return union(circle(cx, cy, r), polygon(points));
}

function ghost(canvas: Canvas, rng: RandomStream, colour: GhostColour | null, direction: Direction, flashing: boolean): void {
  const r = uniform(rng, 9, 12);
  const cx = 16 + uniform(rng, -3, 3);
  const cy = 16 - r * 0.3 + uniform(rng, -3, 3);
  const jitter = uniform(rng, -0.025, 0.025);
  const body = ghostBody(cx, cy, r, rng);
  if (colour !== null) {
    canvas.fill(body, GHOST_GRAY[colour] + jitter);
    const [dx, dy] = UNIT[direction];
    for (const side of [-1, 1]) {
      const ex = cx + side * r * 0.38;
      const ey = cy - r * 0.1;
      canvas.fill(ellipse(ex, ey, r * 0.26, r * 0.32), 1);
      canvas.fill(circle(ex + dx * r * 0.13, ey + dy * r * 0.15, r * 0.14), 0);
    }
    return;
  }
  const [bodyGray, featureGray] = flashing ? [0.88 + jitter, 0.3] : [GHOST_GRAY.scared + jitter, 0.85];
  canvas.fill(body, bodyGray);
  for (const side of [-1, 1]) canvas.fill(circle(cx + side * r * 0.35, cy - r * 0.15, r * 0.13), featureGray);
  const wave: number[] = [];
  const segments = 6;
  const amp = r * uniform(rng, 0.08, 0.14);
  for (let k = 0; k <= segments; k++) wave.push(cx - r * 0.6 + (k * 1.2 * r) / segments, cy + r * 0.45 + (k % 2 === 0 ? amp : -amp));
  canvas.fill(polyline(wave, 0.6), featureGray);
}

/** Draws one sprite of class `label` (index into SPRITE_CLASS_NAMES) at 32x32, values in [0, 1]. */
export function drawSprite(label: number, rng: RandomStream): { pixels: Float32Array; attributes: SpriteAttributes } {
  if (!Number.isInteger(label) || label < 0 || label >= SPRITE_CLASS_NAMES.length) {
    throw new RangeError(`sprite class must be an integer in [0, ${SPRITE_CLASS_NAMES.length - 1}], got ${label}`);
  }
  const canvas = new Canvas(SPRITE_SIZE);
  let attributes: SpriteAttributes;
  if (label < DIRECTIONS.length) {
    const direction = DIRECTIONS[label];
    pacman(canvas, rng, direction);
    attributes = { kind: 'pacman', colour: null, direction, scared: false, flashing: false };
  } else if (label < DIRECTIONS.length + GHOST_COLOURS.length) {
    const colour = GHOST_COLOURS[label - DIRECTIONS.length];
    const direction = DIRECTIONS[rng.int(DIRECTIONS.length)];
    ghost(canvas, rng, colour, direction, false);
    attributes = { kind: 'ghost', colour, direction, scared: false, flashing: false };
  } else {
    const flashing = rng.next() < 0.2;
    ghost(canvas, rng, null, 'N', flashing);
    attributes = { kind: 'ghost', colour: null, direction: 'N', scared: true, flashing };
  }
  const sigma = uniform(rng, 0, 0.03);
  const p = canvas.pixels;
  for (let i = 0; i < p.length; i++) p[i] = Math.min(1, Math.max(0, p[i] + sigma * gaussian(rng)));
  return { pixels: p, attributes };
}

/**
 * `perClass` sprites of every class, class after class, as bytes; one stream per (seed, split)
 * so the train and test splits are different draws.
 */
export function generateSprites(seed: number, perClass: number, split: 'train' | 'test'): ByteImages & { attributes: SpriteAttributes[] } {
  const rng = new RandomStream(`pac-lab:sprites:${seed}:${split}`);
  const count = perClass * SPRITE_CLASS_NAMES.length;
  const area = SPRITE_SIZE * SPRITE_SIZE;
  const pixels = new Uint8Array(count * area);
  const labels = new Uint8Array(count);
  const attributes: SpriteAttributes[] = [];
  for (let i = 0; i < count; i++) {
    const label = Math.floor(i / perClass);
    const sprite = drawSprite(label, rng);
    for (let j = 0; j < area; j++) pixels[i * area + j] = Math.round(sprite.pixels[j] * 255);
    labels[i] = label;
    attributes.push(sprite.attributes);
  }
  return { count, size: SPRITE_SIZE, pixels, labels, attributes };
}

/** The sprites dataset: `trainPerClass` per class to train on, ceil(trainPerClass / 5) per class held out. */
export function makeSpritesDataset(seed: number, trainPerClass: number): ByteDataset {
  return {
    classNames: SPRITE_CLASS_NAMES,
    train: generateSprites(seed, trainPerClass, 'train'),
    test: generateSprites(seed, Math.ceil(trainPerClass / 5), 'test'),
  };
}
