import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/core/random.js';
import type { Action } from '../../../src/env/grid.js';
import { parseLayout } from '../../../src/env/layout.js';
import { STACK_BYTES } from '../../../src/obs/frame-stack.js';
import { PixelEnv } from '../../../src/obs/pixel-env.js';
import { drawFrameFromScratch, FRAME_SIZE, GRAY, rasterGeometry } from '../../../src/obs/raster.js';

/** Index of the first differing byte, -1 if equal (vitest's deep equality is slow on 7 KB arrays). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const MAZE = parseLayout(['%%%%%%%%%%%', '%P  . o G %', '% %%%% % %%', '%. .  G   %', '%%%%%%%%%%%'].join('\n'), 'maze.lay');

describe('raster and frame stack', () => {
  it('keeps the aspect: square cells, centred, whole maze inside 84x84', () => {
    expect(rasterGeometry(7, 7)).toEqual({ cell: 12, offsetX: 0, offsetY: 0 });
    expect(rasterGeometry(28, 31)).toEqual({ cell: 2, offsetX: 14, offsetY: 11 });
    expect(rasterGeometry(20, 11)).toEqual({ cell: 4, offsetX: 2, offsetY: 20 });
  });

  it('uses a distinct gray level for every kind of thing', () => {
    const levels = Object.values(GRAY);
    expect(new Set(levels).size).toBe(levels.length);
  });

  it('draws walls, food, capsule, Pac-Man and ghosts at their cells', () => {
    const env = new PixelEnv(MAZE);
    env.reset();
    const f = env.frame;
    const { cell: s, offsetX: ox, offsetY: oy } = rasterGeometry(MAZE.width, MAZE.height);
    const centre = (x: number, y: number): number => f[(oy + y * s + (s >> 1)) * 84 + ox + x * s + (s >> 1)];
    expect(centre(0, 0)).toBe(GRAY.wall);
    expect(centre(1, 1)).toBe(GRAY.pacman);
    expect(centre(4, 1)).toBe(GRAY.food);
    expect(centre(6, 1)).toBe(GRAY.capsule);
    expect(centre(8, 1)).toBe(GRAY.ghost);
    expect(centre(2, 1)).toBe(GRAY.empty);
  });

  it('incremental frames equal frames drawn from scratch, and the stack holds the last 4 frames, newest last', () => {
    const env = new PixelEnv(MAZE, { ghosts: 'directional', maxSteps: 60 }, 5);
    const rng = new RandomStreams(9).get('policy');
    env.reset();
    const history: Uint8Array[] = [new Uint8Array(env.frame)];
    let episodes = 0;
    for (let t = 0; t < 3000; t++) {
      const r = env.play(rng.int(5) as Action);
      const fresh = drawFrameFromScratch(env.game);
      expect(firstDifference(env.frame, fresh)).toBe(-1);
      history.push(new Uint8Array(env.frame));
      for (let k = 0; k < 4; k++) {
        const expected = history[Math.max(0, history.length - 4 + k)];
        const got = env.stack.frameAt(k);
        if (firstDifference(got, expected) >= 0) throw new Error(`stack frame ${k} differs at step ${t}`);
      }
      if (r.terminated || r.truncated) {
        episodes++;
        env.reset();
        // A new episode's stack is its first frame four times: no frame of the old episode.
        history.length = 0;
        history.push(new Uint8Array(env.frame));
        for (let k = 0; k < 4; k++) expect(firstDifference(env.stack.frameAt(k), env.frame)).toBe(-1);
      }
    }
    expect(episodes).toBeGreaterThan(10);
  });

  it('shows scared ghosts in their own level', () => {
    const env = new PixelEnv(parseLayout(['%%%%%%%%', '%Po   G%', '%.%%%%%%', '%%%%%%%%'].join('\n')));
    env.reset();
    env.step(0 as Action); // North: a wall, stays
    const before = Array.from(env.frame).filter((v) => v === GRAY.scaredGhost).length;
    env.step(2 as Action); // East: capsule
    const after = Array.from(env.frame).filter((v) => v === GRAY.scaredGhost).length;
    expect(before).toBe(0);
    expect(after).toBeGreaterThan(0);
    expect(env.obs.length).toBe(STACK_BYTES);
    expect(env.frame.length).toBe(FRAME_SIZE);
  });
});
