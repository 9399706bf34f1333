/**
 * From the pixel world model's per-pixel level logits to a frame, with two structural priors of
 * the raster that plain per-pixel argmax ignores. Both matter only in open-loop dreams, where
 * each decoded frame becomes the next step's context and small errors compound:
 *
 * - keepMargin (hysteresis): a pixel changes level from the newest context frame only where the
 *   new level's logit beats the old level's by at least `keepMargin` (natural log-odds). On a
 *   20x11 maze a food pellet is one pixel, and per-pixel argmax flips of such pixels, each
 *   unlikely on its own, erase food over 20 steps; most of a frame does not change in a step.
 * - singlePacman: the game always draws exactly one Pac-Man, a square of the size seen in the
 *   context. Where the logits spread Pac-Man over two candidate cells, argmax can draw it in
 *   neither, and once it is gone from the context a dream never brings it back. The decoder
 *   places one square, of the context's size, where the summed Pac-Man probability is largest,
 *   and gives every other pixel its best non-Pac-Man level.
 *
 * Pure functions over plain arrays; the model reads the logits back once per batch.
 */
import { FRAME_HEIGHT, FRAME_SIZE, FRAME_WIDTH } from '../../obs/raster.js';
import { LEVELS, NUM_LEVELS } from './cells.js';

export interface DecodeOptions {
  /** Log-odds a level needs over the context's level to replace it; 0 = plain argmax. */
  keepMargin: number;
  /** Draw exactly one Pac-Man square, of the context's size, where it is most likely. */
  singlePacman: boolean;
}

const PACMAN = NUM_LEVELS - 1;

/** The level chosen for one pixel: argmax of `logits[at .. at+7)`, kept at `last` within the margin, never `exclude`. */
function pickLevel(logits: Float32Array, at: number, last: number, margin: number, exclude: number): number {
  let best = -1;
  for (let k = 0; k < NUM_LEVELS; k++) {
    if (k === exclude) continue;
    if (best < 0 || logits[at + k] > logits[at + best]) best = k;
  }
  if (best !== last && last !== exclude && logits[at + best] - logits[at + last] < margin) return last;
  return best;
}

/** Bounding box of the Pac-Man pixels of a frame of level classes, or null when there are none. */
export function pacmanBox(classes: Int32Array, at = 0): { x0: number; y0: number; w: number; h: number } | null {
  let x0 = FRAME_WIDTH;
  let y0 = FRAME_HEIGHT;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < FRAME_HEIGHT; y++) {
    for (let x = 0; x < FRAME_WIDTH; x++) {
      if (classes[at + y * FRAME_WIDTH + x] !== PACMAN) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x0, y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** Top-left corner of the w x h window with the largest sum of `p` (84x84), first found on ties. */
function bestWindow(p: Float64Array, w: number, h: number): { x: number; y: number } {
  const W = FRAME_WIDTH + 1;
  const integral = new Float64Array(W * (FRAME_HEIGHT + 1));
  for (let y = 0; y < FRAME_HEIGHT; y++) {
    let row = 0;
    for (let x = 0; x < FRAME_WIDTH; x++) {
      row += p[y * FRAME_WIDTH + x];
      integral[(y + 1) * W + x + 1] = integral[y * W + x + 1] + row;
    }
  }
  let best = { x: 0, y: 0 };
  let bestSum = -1;
  for (let y = 0; y + h <= FRAME_HEIGHT; y++) {
    for (let x = 0; x + w <= FRAME_WIDTH; x++) {
      const s = integral[(y + h) * W + x + w] - integral[y * W + x + w] - integral[(y + h) * W + x] + integral[y * W + x];
      if (s > bestSum) { bestSum = s; best = { x, y }; }
    }
  }
  return best;
}

/**
 * `n` frames (gray bytes, n * 84 * 84) from logits `[n, 84, 84, 7]` read back as a flat array,
 * given the newest context frame of each item as level classes (`lastClasses`, n * 84 * 84).
 */
export function decodeFrames(logits: Float32Array, lastClasses: Int32Array, n: number, options: DecodeOptions): Uint8Array {
  if (logits.length !== n * FRAME_SIZE * NUM_LEVELS || lastClasses.length !== n * FRAME_SIZE) {
    throw new RangeError(`decodeFrames: ${n} frames need ${n * FRAME_SIZE * NUM_LEVELS} logits and ${n * FRAME_SIZE} context classes, got ${logits.length} and ${lastClasses.length}`);
  }
  const out = new Uint8Array(n * FRAME_SIZE);
  const pac = new Float64Array(FRAME_SIZE);
  for (let i = 0; i < n; i++) {
    const base = i * FRAME_SIZE;
    const box = options.singlePacman ? pacmanBox(lastClasses, base) : null;
    let win: { x: number; y: number } | null = null;
    if (box !== null) {
      for (let j = 0; j < FRAME_SIZE; j++) {
        const at = (base + j) * NUM_LEVELS;
        let max = logits[at];
        for (let k = 1; k < NUM_LEVELS; k++) max = Math.max(max, logits[at + k]);
        let sum = 0;
        for (let k = 0; k < NUM_LEVELS; k++) sum += Math.exp(logits[at + k] - max);
        pac[j] = Math.exp(logits[at + PACMAN] - max) / sum;
      }
      win = bestWindow(pac, box.w, box.h);
    }
    for (let j = 0; j < FRAME_SIZE; j++) {
      const x = j % FRAME_WIDTH;
      const y = (j / FRAME_WIDTH) | 0;
      let level: number;
      if (win !== null && box !== null) {
        const inside = x >= win.x && x < win.x + box.w && y >= win.y && y < win.y + box.h;
        level = inside ? PACMAN : pickLevel(logits, (base + j) * NUM_LEVELS, lastClasses[base + j], options.keepMargin, PACMAN);
      } else {
        level = pickLevel(logits, (base + j) * NUM_LEVELS, lastClasses[base + j], options.keepMargin, -1);
      }
      out[base + j] = LEVELS[level];
    }
  }
  return out;
}
