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
 * - keepGhosts: ghosts never leave or join a game, but where a ghost's next cell is uncertain
 *   its probability spreads over the candidates and argmax draws it in none (keepMargin then
 *   keeps nothing of it either): ghosts vanish from dreams within a step or two, and a model then
 *   sees a stack it never saw in play. The decoder draws as many ghost squares as the newest
 *   context frame has (its ghost pixels over one agent square, the size of Pac-Man's), one at a
 *   time where the summed ghost probability (plain and scared) is largest outside the squares
 *   already placed, each in whichever of the two ghost levels its square favours; every other
 *   pixel gets its best non-ghost level. Deterministic: the likeliest place, not a sample.
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
  /** Draw as many ghost squares as the context has, where they are most likely (needs a Pac-Man in the context for the square's size). */
  keepGhosts?: boolean;
}

const PACMAN = NUM_LEVELS - 1;
const GHOST = 2;
const SCARED_GHOST = 3;
const GHOST_LEVELS = (1 << GHOST) | (1 << SCARED_GHOST);

/** The level chosen for one pixel: argmax of `logits[at .. at+7)`, kept at `last` within the margin, never a level in `exclude` (a bitmask). */
function pickLevel(logits: Float32Array, at: number, last: number, margin: number, exclude: number): number {
  let best = -1;
  for (let k = 0; k < NUM_LEVELS; k++) {
    if ((exclude >> k) & 1) continue;
    if (best < 0 || logits[at + k] > logits[at + best]) best = k;
  }
  if (best !== last && !((exclude >> last) & 1) && logits[at + best] - logits[at + last] < margin) return last;
  return best;
}

/** Softmax probabilities of the levels in `levels` (a bitmask), summed per pixel, for item `base`'s frame into `out`. */
function levelProbability(logits: Float32Array, base: number, levels: number, out: Float64Array): Float64Array {
  for (let j = 0; j < FRAME_SIZE; j++) {
    const at = (base + j) * NUM_LEVELS;
    let max = logits[at];
    for (let k = 1; k < NUM_LEVELS; k++) max = Math.max(max, logits[at + k]);
    let sum = 0;
    let part = 0;
    for (let k = 0; k < NUM_LEVELS; k++) {
      const e = Math.exp(logits[at + k] - max);
      sum += e;
      if ((levels >> k) & 1) part += e;
    }
    out[j] = part / sum;
  }
  return out;
}

/** How many agent squares of `area` pixels the ghost pixels of item `base`'s classes make (rounded). */
function ghostCount(classes: Int32Array, base: number, area: number): number {
  let pixels = 0;
  for (let j = 0; j < FRAME_SIZE; j++) if ((GHOST_LEVELS >> classes[base + j]) & 1) pixels++;
  return Math.round(pixels / area);
}

/** A w x h square at (x, y): `marks` gets `level` there. */
function markSquare(marks: Int8Array, x0: number, y0: number, w: number, h: number, level: number): void {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) marks[y * FRAME_WIDTH + x] = level;
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
  const prob = new Float64Array(FRAME_SIZE);
  const scared = new Float64Array(FRAME_SIZE);
  /** Per pixel: the agent level a placed square forces there, or -1. */
  const marks = new Int8Array(FRAME_SIZE);
  for (let i = 0; i < n; i++) {
    const base = i * FRAME_SIZE;
    marks.fill(-1);
    let exclude = 0;
    const box = options.singlePacman || options.keepGhosts ? pacmanBox(lastClasses, base) : null;
    if (box !== null && options.keepGhosts) {
      const ghosts = ghostCount(lastClasses, base, box.w * box.h);
      if (ghosts > 0) {
        exclude |= GHOST_LEVELS;
        levelProbability(logits, base, 1 << SCARED_GHOST, scared);
        levelProbability(logits, base, GHOST_LEVELS, prob);
        for (let g = 0; g < ghosts; g++) {
          const at = bestWindow(prob, box.w, box.h);
          let scaredSum = 0;
          let sum = 0;
          for (let y = at.y; y < at.y + box.h; y++) {
            for (let x = at.x; x < at.x + box.w; x++) {
              const j = y * FRAME_WIDTH + x;
              scaredSum += scared[j];
              sum += prob[j];
              prob[j] = -1; // the next ghost goes elsewhere
            }
          }
          markSquare(marks, at.x, at.y, box.w, box.h, 2 * scaredSum > sum ? SCARED_GHOST : GHOST);
        }
      }
    }
    if (box !== null && options.singlePacman) {
      exclude |= 1 << PACMAN;
      const at = bestWindow(levelProbability(logits, base, 1 << PACMAN, prob), box.w, box.h);
      markSquare(marks, at.x, at.y, box.w, box.h, PACMAN); // drawn over a ghost, as the raster draws
    }
    for (let j = 0; j < FRAME_SIZE; j++) {
      const level = marks[j] >= 0 ? marks[j] : pickLevel(logits, (base + j) * NUM_LEVELS, lastClasses[base + j], options.keepMargin, exclude);
      out[base + j] = LEVELS[level];
    }
  }
  return out;
}
