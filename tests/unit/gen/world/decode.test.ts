/**
 * The pixel world model's decoder (src/gen/world/decode.ts): plain argmax at margin 0, the
 * hysteresis against the newest context frame, the single Pac-Man square, and the context's
 * number of ghost squares kept.
 */
import { describe, expect, it } from 'vitest';
import { LEVELS, NUM_LEVELS } from '../../../../src/gen/world/cells.js';
import { decodeFrames, pacmanBox } from '../../../../src/gen/world/decode.js';
import { FRAME_SIZE, FRAME_WIDTH } from '../../../../src/obs/raster.js';

const EMPTY = 0;
const FOOD = 4;
const GHOST = 2;
const SCARED = 3;
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

  it('keeps as many ghost squares as the context has, each where it is most likely and in the level its square favours', () => {
    const last = new Int32Array(FRAME_SIZE);
    square(last, 20, 20, 4, PACMAN);
    square(last, 50, 10, 4, GHOST);
    square(last, 60, 60, 4, GHOST);
    const logits = logitsFavouring(EMPTY, 0);
    for (let y = 20; y < 24; y++) for (let x = 20; x < 24; x++) setPixel(logits, x, y, { [PACMAN]: 3 });
    // Each ghost's probability split over two candidate squares, below empty's everywhere; one candidate scared.
    for (let y = 10; y < 14; y++) for (let x = 54; x < 58; x++) setPixel(logits, x, y, { [EMPTY]: 1, [GHOST]: 0.7 });
    for (let y = 14; y < 18; y++) for (let x = 50; x < 54; x++) setPixel(logits, x, y, { [EMPTY]: 1, [GHOST]: 0.4 });
    for (let y = 60; y < 64; y++) for (let x = 64; x < 68; x++) setPixel(logits, x, y, { [EMPTY]: 1, [SCARED]: 0.9 });
    for (let y = 56; y < 60; y++) for (let x = 60; x < 64; x++) setPixel(logits, x, y, { [EMPTY]: 1, [GHOST]: 0.2 });
    const options = { keepMargin: 4, singlePacman: true };
    const without = Int32Array.from(decodeFrames(logits, last, 1, options), (v) => LEVELS.indexOf(v));
    expect(without.filter((c) => c === GHOST || c === SCARED).length).toBe(32); // the margin keeps both where they were
    const argmax = Int32Array.from(decodeFrames(logits, last, 1, { keepMargin: 0, singlePacman: true }), (v) => LEVELS.indexOf(v));
    expect(argmax.filter((c) => c === GHOST || c === SCARED).length).toBe(0); // argmax drops them
    const kept = Int32Array.from(decodeFrames(logits, last, 1, { ...options, keepGhosts: true }), (v) => LEVELS.indexOf(v));
    expect(kept.filter((c) => c === GHOST).length).toBe(16);
    expect(kept.filter((c) => c === SCARED).length).toBe(16);
    expect(kept[10 * FRAME_WIDTH + 54]).toBe(GHOST); // the likelier of ghost 1's candidates
    expect(kept[60 * FRAME_WIDTH + 64]).toBe(SCARED); // ghost 2 went scared
    expect(kept[10 * FRAME_WIDTH + 50]).toBe(EMPTY); // the old squares are cleared
    expect(kept.filter((c) => c === PACMAN).length).toBe(16);
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
