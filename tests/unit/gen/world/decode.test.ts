/**
 * The pixel world model's decoder (src/gen/world/decode.ts): plain argmax at margin 0, the
 * hysteresis against the newest context frame, and the single Pac-Man square.
 */
import { describe, expect, it } from 'vitest';
import { LEVELS, NUM_LEVELS } from '../../../../src/gen/world/cells.js';
import { decodeFrames, pacmanBox } from '../../../../src/gen/world/decode.js';
import { FRAME_SIZE, FRAME_WIDTH } from '../../../../src/obs/raster.js';

const EMPTY = 0;
const FOOD = 4;
const PACMAN = 6;

/** Logits for one frame where every pixel favours `level` by `by` over the others (0). */
function logitsFavouring(level: number, by: number): Float32Array {
  const l = new Float32Array(FRAME_SIZE * NUM_LEVELS);
  for (let j = 0; j < FRAME_SIZE; j++) l[j * NUM_LEVELS + level] = by;
  return l;
}

function setPixel(logits: Float32Array, x: number, y: number, values: Partial<Record<number, number>>): void {
  const at = (y * FRAME_WIDTH + x) * NUM_LEVELS;
  for (const [k, v] of Object.entries(values)) logits[at + Number(k)] = v as number;
}

function square(classes: Int32Array, x0: number, y0: number, size: number, level: number): void {
  for (let y = y0; y < y0 + size; y++) for (let x = x0; x < x0 + size; x++) classes[y * FRAME_WIDTH + x] = level;
}

const plain = { keepMargin: 0, singlePacman: false };

describe('decodeFrames', () => {
  it('is per-pixel argmax at margin 0, snapped to the raster grays', () => {
    const logits = logitsFavouring(EMPTY, 2);
    setPixel(logits, 5, 7, { [FOOD]: 3 });
    const frame = decodeFrames(logits, new Int32Array(FRAME_SIZE), 1, plain);
    expect(frame[7 * FRAME_WIDTH + 5]).toBe(LEVELS[FOOD]);
    expect(frame.filter((v) => v !== LEVELS[EMPTY]).length).toBe(1);
  });

  it('keeps the context level unless the new one wins by the margin', () => {
    const last = new Int32Array(FRAME_SIZE);
    last[10] = FOOD;
    last[11] = FOOD;
    const logits = logitsFavouring(EMPTY, 0);
    setPixel(logits, 10, 0, { [EMPTY]: 1.5, [FOOD]: 0 }); // empty ahead by 1.5
    setPixel(logits, 11, 0, { [EMPTY]: 3, [FOOD]: 0 }); // empty ahead by 3
    const kept = decodeFrames(logits, last, 1, { keepMargin: 2, singlePacman: false });
    expect(kept[10]).toBe(LEVELS[FOOD]);
    expect(kept[11]).toBe(LEVELS[EMPTY]);
    const argmax = decodeFrames(logits, last, 1, plain);
    expect(argmax[10]).toBe(LEVELS[EMPTY]);
  });

  it('draws one Pac-Man square of the context size where it is most likely, even when argmax draws none', () => {
    const last = new Int32Array(FRAME_SIZE);
    square(last, 20, 20, 4, PACMAN);
    const logits = logitsFavouring(EMPTY, 0);
    // Pac-Man's probability split between two squares, below empty's at every pixel.
    for (let y = 20; y < 24; y++) for (let x = 24; x < 28; x++) setPixel(logits, x, y, { [EMPTY]: 1, [PACMAN]: 0.8 });
    for (let y = 40; y < 44; y++) for (let x = 40; x < 44; x++) setPixel(logits, x, y, { [EMPTY]: 1, [PACMAN]: 0.5 });
    setPixel(logits, 60, 60, { [PACMAN]: 5 }); // a stray confident pixel: a lone pixel is not a Pac-Man
    expect(decodeFrames(logits, last, 1, plain).filter((v) => v === LEVELS[PACMAN]).length).toBe(1);
    const frame = decodeFrames(logits, last, 1, { keepMargin: 0, singlePacman: true });
    const classes = Int32Array.from(frame, (v) => LEVELS.indexOf(v));
    expect(pacmanBox(classes)).toEqual({ x0: 24, y0: 20, w: 4, h: 4 });
    expect(classes.filter((c) => c === PACMAN).length).toBe(16);
    expect(classes[60 * FRAME_WIDTH + 60]).not.toBe(PACMAN);
    // Where Pac-Man was, the context's Pac-Man level is not kept: the best other level is drawn.
    expect(classes[20 * FRAME_WIDTH + 20]).toBe(EMPTY);
  });

  it('decodes plainly where the context has no Pac-Man, item by item', () => {
    const last = new Int32Array(2 * FRAME_SIZE);
    square(last, 0, 0, 3, PACMAN); // item 0 only
    const one = logitsFavouring(EMPTY, 1);
    const logits = new Float32Array(2 * FRAME_SIZE * NUM_LEVELS);
    logits.set(one, 0);
    logits.set(one, FRAME_SIZE * NUM_LEVELS);
    const frames = decodeFrames(logits, last, 2, { keepMargin: 0, singlePacman: true });
    expect(frames.subarray(0, FRAME_SIZE).filter((v) => v === LEVELS[PACMAN]).length).toBe(9);
    expect(frames.subarray(FRAME_SIZE).filter((v) => v === LEVELS[PACMAN]).length).toBe(0);
  });

  it('refuses arrays of the wrong length, naming both', () => {
    expect(() => decodeFrames(new Float32Array(10), new Int32Array(FRAME_SIZE), 1, plain)).toThrow(/1 frames need 49392 logits and 7056 context classes, got 10 and 7056/);
  });
});
