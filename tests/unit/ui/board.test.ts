/** The board view's pure parts: wall shapes, fitting, motion blending, sprite colours and curves. */
import { describe, expect, it } from 'vitest';
import { boardState, type BoardState } from '../../../src/env/board.js';
import { PacmanEnv } from '../../../src/env/env.js';
import { Action } from '../../../src/env/grid.js';
import { parseLayout } from '../../../src/env/layout.js';
import { fitBoard, toPixels } from '../../../src/ui/board/fit.js';
import { isSoftwareRenderer } from '../../../src/ui/board/webgl-probe.js';
import { continuous, interpolateAgents, lerpPos, SnapshotClock } from '../../../src/ui/board/interpolate.js';
import {
  facingAngle, FLASH_BELOW, GHOST_COLORS, ghostBodyColor, ghostColor, mouthHalfAngle, SCARED_COLOR, SCARED_FLASH_COLOR, capsulePulse, eyeOffset,
} from '../../../src/ui/board/sprites.js';
import { wallShapes } from '../../../src/ui/board/walls.js';
import { shippedLayouts } from '../../../src/ui/layouts.js';

describe('wallShapes', () => {
  for (const shipped of shippedLayouts()) {
    it(`covers exactly the walls of ${shipped.name}`, () => {
      const l = parseLayout(shipped.text, shipped.name);
      const shapes = wallShapes(l.walls, l.width, l.height);
      const covered = new Uint8Array(l.walls.length);
      const mark = (x: number, y: number) => {
        const cx = Math.floor(x), cy = Math.floor(y);
        expect(l.walls[cy * l.width + cx], `shape over open cell ${cx},${cy}`).toBe(1);
        covered[cy * l.width + cx] = 1;
      };
      for (const s of shapes.segments) {
        expect(s.from.x === s.to.x || s.from.y === s.to.y).toBe(true);
        for (let x = s.from.x; x <= s.to.x; x++) for (let y = s.from.y; y <= s.to.y; y++) mark(x, y);
      }
      for (const d of shapes.dots) mark(d.x, d.y);
      for (const b of shapes.blocks) for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) mark(b.x + dx, b.y + dy);
      expect(Array.from(covered)).toEqual(Array.from(l.walls));
    });
  }

  it('joins runs into single segments, dots lone walls and fills 2x2 blocks', () => {
    const w = [
      1, 1, 1, 0,
      0, 0, 0, 0,
      0, 1, 1, 0,
      1, 1, 1, 0,
    ];
    const s = wallShapes(w, 4, 4);
    expect(s.segments).toContainEqual({ from: { x: 0.5, y: 0.5 }, to: { x: 2.5, y: 0.5 } });
    expect(s.blocks).toEqual([{ x: 1.5, y: 2.5 }]);
    expect(s.dots).toEqual([]);
    expect(wallShapes([0, 0, 0, 0, 1, 0, 0, 0, 0], 3, 3).dots).toEqual([{ x: 1.5, y: 1.5 }]);
    expect(() => wallShapes([1, 1], 3, 3)).toThrow(/2 cells, expected 3x3/);
  });
});

describe('fitBoard', () => {
  it('fits the board inside the canvas with its margin, centred, in whole pixels per cell', () => {
    for (const [cw, ch, w, h] of [[800, 500, 7, 7], [720, 460, 28, 31], [300, 900, 20, 11], [100, 100, 64, 64]]) {
      const f = fitBoard(cw, ch, w, h, 12);
      expect(Number.isInteger(f.cellPx)).toBe(true);
      if (f.cellPx > 2) {
        expect(f.cellPx * w).toBeLessThanOrEqual(cw - 24);
        expect(f.cellPx * h).toBeLessThanOrEqual(ch - 24);
      }
      expect(Math.abs(f.originX * 2 + f.cellPx * w - cw)).toBeLessThanOrEqual(1);
      expect(toPixels(f, 0.5, 0.5)).toEqual({ px: f.originX + f.cellPx / 2, py: f.originY + f.cellPx / 2 });
    }
  });
});

function snapshots(layoutText: string, actions: number[]): BoardState[] {
  const env = new PacmanEnv(parseLayout(layoutText, 'test.lay'), { maxSteps: 40 }, 3);
  env.reset();
  const out = [boardState(env.game)];
  for (const a of actions) {
    const r = env.step(a as Action);
    if (r.terminated || r.truncated) env.reset();
    out.push(boardState(env.game));
  }
  return out;
}

describe('interpolation', () => {
  it('moves linearly within one cell and snaps on longer jumps', () => {
    expect(lerpPos({ x: 1, y: 1 }, { x: 2, y: 1 }, 0.25)).toEqual({ x: 1.25, y: 1 });
    expect(lerpPos({ x: 1, y: 1 }, { x: 2, y: 1 }, 7)).toEqual({ x: 2, y: 1 });
    expect(lerpPos({ x: 1, y: 1 }, { x: 5, y: 3 }, 0.5)).toEqual({ x: 5, y: 3 });
  });

  it('blends a real game between successive snapshots and never across an episode change', () => {
    const text = ['%%%%%%%', '%.   G%', '% % % %', '%  o  %', '% % % %', '%P   .%', '%%%%%%%'].join('\n');
    const actions = Array.from({ length: 200 }, (_, i) => [Action.North, Action.East, Action.South, Action.West][(i * 7) % 4]);
    const states = snapshots(text, actions);
    let resets = 0;
    for (let i = 1; i < states.length; i++) {
      const [prev, cur] = [states[i - 1], states[i]];
      const start = interpolateAgents(prev, cur, 0);
      const end = interpolateAgents(prev, cur, 1);
      expect(end.pacman).toEqual({ x: cur.pacman.x, y: cur.pacman.y });
      if (!continuous(prev, cur)) {
        resets++;
        expect(start.pacman).toEqual(end.pacman);
        continue;
      }
      const mid = interpolateAgents(prev, cur, 0.5);
      for (const [k, g] of cur.ghosts.entries()) {
        expect(Math.abs(mid.ghosts[k].x - g.x)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(mid.ghosts[k].y - g.y)).toBeLessThanOrEqual(0.5);
      }
      expect(Math.abs(mid.pacman.x - cur.pacman.x) + Math.abs(mid.pacman.y - cur.pacman.y)).toBeLessThanOrEqual(0.5);
    }
    expect(resets).toBeGreaterThan(0);
    expect(interpolateAgents(null, states[3], 0.5).pacman).toEqual({ x: states[3].pacman.x, y: states[3].pacman.y });
  });

  it('measures the snapshot interval and clamps it', () => {
    const clock = new SnapshotClock(16, 250);
    expect(clock.alpha(0)).toBe(1);
    for (let t = 0; t <= 2000; t += 100) clock.tick(t);
    expect(clock.intervalMs).toBeCloseTo(100, 0);
    expect(clock.alpha(2050)).toBeCloseTo(0.5, 1);
    expect(clock.alpha(5000)).toBe(1);
    clock.tick(60_000);
    expect(clock.intervalMs).toBeLessThanOrEqual(250);
  });
});

describe('sprites', () => {
  it('gives four distinct ghost colours and cycles after them', () => {
    expect(new Set(GHOST_COLORS).size).toBe(4);
    expect(ghostColor(5)).toBe(ghostColor(1));
    expect(GHOST_COLORS).not.toContain(SCARED_COLOR);
  });

  it('turns scared ghosts blue and makes them flash only when nearly recovered', () => {
    expect(ghostBodyColor(2, 0, 123)).toBe(ghostColor(2));
    const seen = (scared: number) => new Set(Array.from({ length: 40 }, (_, i) => ghostBodyColor(0, scared, i * 50)));
    expect(seen(30)).toEqual(new Set([SCARED_COLOR]));
    expect(seen(FLASH_BELOW - 1)).toEqual(new Set([SCARED_COLOR, SCARED_FLASH_COLOR]));
  });

  it('faces Pac-Man along his move and chomps within bounds', () => {
    expect(facingAngle(Action.East)).toBe(0);
    expect(facingAngle(Action.West)).toBeCloseTo(Math.PI);
    expect(facingAngle(Action.North)).toBeCloseTo(-Math.PI / 2);
    expect(facingAngle(Action.South)).toBeCloseTo(Math.PI / 2);
    for (let t = 0; t < 2000; t += 37) {
      expect(mouthHalfAngle(t)).toBeGreaterThanOrEqual(0.04 * Math.PI - 1e-9);
      expect(mouthHalfAngle(t)).toBeLessThanOrEqual(0.3 * Math.PI + 1e-9);
      expect(capsulePulse(t)).toBeGreaterThanOrEqual(0.75);
      expect(capsulePulse(t)).toBeLessThanOrEqual(1);
    }
  });

  it('points the eyes where the ghost goes', () => {
    expect(eyeOffset(Action.North)).toEqual({ dx: 0, dy: -1 });
    expect(eyeOffset(Action.East)).toEqual({ dx: 1, dy: 0 });
    expect(eyeOffset(Action.Stop)).toEqual({ dx: 0, dy: 0 });
  });
});

describe('software WebGL renderers', () => {
  it('are recognised by name, GPUs are not', () => {
    for (const name of ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', 'llvmpipe (LLVM 15.0.6, 256 bits)', 'Microsoft Basic Render Driver']) {
      expect(isSoftwareRenderer(name), name).toBe(true);
    }
    for (const name of ['ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Apple M2', 'Mali-G78', '']) {
      expect(isSoftwareRenderer(name), name).toBe(false);
    }
  });
});
