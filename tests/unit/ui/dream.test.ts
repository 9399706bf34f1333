/**
 * The Dream panel's pure parts: per-step error and pooled figures on hand-made frames, the frame
 * rate, the greedy policy, the loop driven by stand-in workers (which stacks the agent is asked
 * about, one call in flight, the person's keys, the end of the real game, stop), the panel's
 * texts, and that nothing the page loads for Dream mode reaches tfjs.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boardState } from '../../../src/env/board.js';
import { Action } from '../../../src/env/grid.js';
import { parseLayout } from '../../../src/env/layout.js';
import { cellGrid } from '../../../src/gen/world/cells.js';
import type { DreamStep } from '../../../src/gen/world/live-dream.js';
import { RealTwin, stackOfFrames } from '../../../src/gen/world/real-twin.js';
import type { WorldSnapshot } from '../../../src/gen/world/world-slot.js';
import { PixelEnv } from '../../../src/obs/pixel-env.js';
import { FRAME_SIZE, GRAY, rasterGeometry } from '../../../src/obs/raster.js';
import { unstackFrames } from '../../../src/rl/snapshot.js';
import { type DreamFrame, DreamLoop, type DreamPorts, type ShownGame } from '../../../src/ui/dream/dream-loop.js';
import { greedyAmong } from '../../../src/rl/policy-weights.js';
import { DreamStats, FrameRate } from '../../../src/ui/dream/dream-stats.js';
import { speedText, stepText, summaryText, worldText } from '../../../src/ui/dream/dream-text.js';

const STARTER = parseLayout(['%%%%%%%', '% P   %', '% %%% %', '% %.  %', '% %%% %', '%. G  %', '%%%%%%%'].join('\n'), 'starter.lay');

/** The shown game after a few moves, as the page has it from a snapshot. */
function shownGame(maxSteps = 100): ShownGame {
  const env = { ghosts: 'random' as const, maxSteps };
  const pixel = new PixelEnv(STARTER, env, 3);
  pixel.reset();
  for (const a of [Action.East, Action.East]) pixel.play(a);
  return { layout: STARTER, env, run: 'starter#3', board: boardState(pixel.game), frames: unstackFrames(pixel.obs) };
}

/** Paints cell (cx, cy) of a 7x7 maze's frame with `level`. */
function paint(frame: Uint8Array, cx: number, cy: number, level: number): void {
  const { cell, offsetX, offsetY } = rasterGeometry(7, 7);
  for (let y = 0; y < cell; y++) frame.fill(level, (offsetY + cy * cell + y) * 84 + offsetX + cx * cell, (offsetY + cy * cell + y) * 84 + offsetX + (cx + 1) * cell);
}

describe('DreamStats', () => {
  it('scores equal frames as exact, a misplaced Pac-Man as 2 wrong cells, and ghosts apart', () => {
    const stats = new DreamStats(cellGrid(7, 7));
    const real = new Uint8Array(FRAME_SIZE);
    paint(real, 1, 1, GRAY.pacman);
    paint(real, 3, 3, GRAY.food);
    const exact = stats.add(real.slice(), real);
    expect(exact).toEqual({ cellsGhostsAside: 1, wrongCells: 0, pacmanRight: true, psnr: Infinity });
    const dreamed = real.slice();
    paint(dreamed, 1, 1, GRAY.empty);
    paint(dreamed, 2, 1, GRAY.pacman);
    paint(dreamed, 5, 5, GRAY.ghost); // a ghost where the real frame has none: not scored as a cell error
    const moved = stats.add(dreamed, real);
    expect(moved.wrongCells).toBe(2);
    expect(moved.cellsGhostsAside).toBeCloseTo(46 / 48, 10);
    expect(moved.pacmanRight).toBe(false);
    expect(moved.psnr).toBeGreaterThan(0);
    const sum = stats.summary();
    expect(sum.steps).toBe(2);
    expect(sum.pacmanRight).toBe(0.5);
    expect(sum.cells.nonGhost).toBeCloseTo((49 + 46) / (49 + 48), 10);
    expect(sum.cells.ghost).toBe(0);
    expect(sum.meanPsnr).toBe(moved.psnr); // the exact step's Infinity is left out of the mean
    expect(new DreamStats(cellGrid(7, 7)).summary().meanPsnr).toBeNaN();
  });
});

describe('FrameRate', () => {
  it('counts frames over the window, pauses included', () => {
    const r = new FrameRate(1000);
    expect(r.perSec()).toBe(0);
    for (let t = 0; t <= 500; t += 100) r.tick(t); // 6 frames, 10/s
    expect(r.perSec()).toBeCloseTo(10, 10);
    r.tick(1400); // a pause: frames older than 1 s drop out, 400, 500 and 1400 are left
    expect(r.perSec()).toBeCloseTo((2 * 1000) / (1400 - 400), 10);
    r.reset();
    expect(r.perSec()).toBe(0);
  });
});

describe('greedyAmong', () => {
  it('takes the first best action among the legal ones (all when the mask allows none)', () => {
    expect(greedyAmong([1, 3, 3, -1, 0], 0b11111)).toBe(Action.South);
    expect(greedyAmong(Float32Array.from([-2, -1, -5, -1, -9]), 0b11111)).toBe(Action.South);
    expect(greedyAmong([1, 3, 3, -1, 0], 0b10101)).toBe(Action.East); // South is a wall
    expect(greedyAmong([1, 3, 3, -1, 0], 0b10000)).toBe(Action.Stop);
    expect(greedyAmong([1, 3, 3, -1, 0], 0)).toBe(Action.South);
    expect(greedyAmong([], 0b11111)).toBe(0);
  });
});

/** Stand-in workers: the dream is a twin of the page's real copy (same ghost seed), so it is exact. */
function fakePorts(shown: ShownGame, qOf: (stack: Uint8Array) => number[]) {
  const log = { started: [] as Uint8Array[], mazes: [] as { width: number; height: number }[], asked: [] as Uint8Array[], actions: [] as number[], stopped: 0, inFlight: 0, maxInFlight: 0 };
  let twin: RealTwin | null = null;
  let stack = new Uint8Array(0);
  let n = 0;
  const call = async <T>(f: () => T): Promise<T> => {
    log.inFlight++;
    log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
    await new Promise((r) => setTimeout(r, 1));
    log.inFlight--;
    return f();
  };
  const ports: DreamPorts = {
    start: (s, maze) => call(() => {
      log.started.push(s);
      log.mazes.push(maze);
      twin = new RealTwin(shown.layout, shown.env, shown.board, 1);
      stack = s.slice();
      n = 0;
      return { model: 'world-pixel', steps: 7 };
    }),
    step: (asked) => call((): DreamStep => {
      let q: Float32Array | null = null;
      if (asked === 'agent') {
        log.asked.push(stack.slice());
        q = Float32Array.from(qOf(stack));
      }
      const action = q ? greedyAmong(q, 0b11111) : (asked as number);
      log.actions.push(action);
      const t = twin as RealTwin;
      const r = t.outcome ? { reward: 0, terminated: false } : t.step(action); // the stand-in dream holds its last frame
      for (let p = 0; p < FRAME_SIZE; p++) {
        for (let k = 0; k < 3; k++) stack[4 * p + k] = stack[4 * p + k + 1];
        stack[4 * p + 3] = t.frame[p];
      }
      return { frame: new Uint8Array(t.frame), stack: stack.slice(), reward: r.reward, rewardOdds: [{ reward: r.reward, p: 1 }], terminated: r.terminated ? 1 : 0, step: ++n, action, q, ms: 2 };
    }),
    stop: () => call(() => void log.stopped++),
  };
  return { ports, log };
}

const fastClock = { now: (() => { let t = 0; return () => (t += 5); })(), sleep: () => new Promise<void>((r) => setTimeout(r, 0)) };

describe('DreamLoop', () => {
  it('the agent acts greedily on the dreamed stack, one call at a time; after the real game ends the dream goes on unscored', async () => {
    const shown = shownGame(6);
    const { ports, log } = fakePorts(shown, () => [0, 0, 0, 1, 0]); // always West
    const frames: DreamFrame[] = [];
    const inFlightAtFrame: number[] = [];
    const endings: string[] = [];
    const loop = new DreamLoop(ports, { frame: (f) => { frames.push(f); inFlightAtFrame.push(log.inFlight); }, ended: (why) => endings.push(why) }, fastClock);
    loop.movesPerSecond = 0;
    const info = await loop.start(shown);
    expect(log.mazes).toEqual([{ width: shown.layout.width, height: shown.layout.height }]);
    expect(info).toEqual({ model: 'world-pixel', steps: 7 });
    expect(Buffer.from(log.started[0]).equals(Buffer.from(stackOfFrames(shown.frames)))).toBe(true);
    while (!frames.some((f) => f.realEnded) || frames.length < (frames.find((f) => f.realEnded)?.step ?? 0) + 3) await new Promise((r) => setTimeout(r, 2));
    expect(loop.active).toBe(true);
    await loop.stop();
    expect(endings).toEqual(['stopped']);
    expect(loop.active).toBe(false);
    expect(log.maxInFlight).toBe(1);
    // As fast as it runs, the next step is asked for before the page takes the current one.
    expect(inFlightAtFrame.slice(0, -1).every((n) => n === 1)).toBe(true);
    expect(log.stopped).toBe(1);
    expect(log.actions.every((a) => a === Action.West)).toBe(true);
    // The agent was asked about the real stack first, then about each dreamed stack.
    expect(Buffer.from(log.asked[0]).equals(Buffer.from(stackOfFrames(shown.frames)))).toBe(true);
    for (let p = 0; p < FRAME_SIZE; p += 97) expect(log.asked[1][4 * p + 3]).toBe(frames[0].dreamed[p]);
    // The stand-in dream is the real game itself: every scored step is exact.
    const end = frames.find((f) => f.realEnded)?.realEnded;
    expect(end?.outcome).toMatch(/^(out of steps|lost)$/);
    expect(end?.step).toBeLessThanOrEqual(6 - shown.board.steps);
    const scored = frames.filter((f) => f.error);
    expect(scored).toHaveLength(end?.step ?? -1);
    expect(scored.every((f) => f.error?.cellsGhostsAside === 1 && f.error.psnr === Infinity && f.error.pacmanRight)).toBe(true);
    // After the end: no error, the real side holds its last frame, the summary stays at the scored steps.
    const after = frames.filter((f) => f.step > (end?.step ?? 0));
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(after.every((f) => f.error === null && Buffer.from(f.real).equals(Buffer.from(scored.at(-1)?.real ?? [])) && f.summary.steps === scored.length)).toBe(true);
    expect(frames[0]).toMatchObject({ step: 1, action: Action.West, pilot: 'agent', workerMs: 2, realEnded: null });
  });

  it('a person steers with the last direction pressed; stop ends the dream after the step in flight', async () => {
    const shown = shownGame(100);
    const { ports, log } = fakePorts(shown, () => [1, 0, 0, 0, 0]);
    const frames: DreamFrame[] = [];
    const inFlightAtFrame: number[] = [];
    const endings: string[] = [];
    const loop = new DreamLoop(ports, { frame: (f) => { frames.push(f); inFlightAtFrame.push(log.inFlight); }, ended: (why) => endings.push(why) }, fastClock);
    loop.movesPerSecond = 50; // paced: the next step is asked for after the pause, with the direction pressed by then
    loop.steer(Action.South);
    await loop.start(shown);
    await expect(loop.start(shown)).rejects.toThrow(/a dream is already running/);
    while (frames.length < 3) await new Promise((r) => setTimeout(r, 2));
    loop.steer(Action.North);
    const at = frames.length;
    while (frames.length < at + 2) await new Promise((r) => setTimeout(r, 2));
    await loop.stop();
    expect(endings).toEqual(['stopped']);
    expect(log.asked).toHaveLength(0); // the person pilots: the agent is never asked
    expect(log.actions.slice(0, 3)).toEqual([Action.South, Action.South, Action.South]);
    expect(log.actions.at(-1)).toBe(Action.North);
    expect(frames.every((f) => f.pilot === 'person')).toBe(true);
    expect(inFlightAtFrame.every((n) => n === 0)).toBe(true);
    expect(() => loop.steer(9)).toThrow(/a direction must be an action 0\.\.4, got 9/);
  });

  it('refuses to dream from a finished game', async () => {
    const shown = shownGame();
    const { ports, log } = fakePorts(shown, () => [0, 0, 0, 0, 1]);
    const loop = new DreamLoop(ports, { frame: () => undefined, ended: () => undefined }, fastClock);
    await expect(loop.start({ ...shown, board: { ...shown.board, lost: true } })).rejects.toThrow(/the shown game is over \(lost\)/);
    expect(log.started).toHaveLength(0);
  });
});

describe('the panel texts', () => {
  it('say the step, the error, the speed and the world model\'s state', () => {
    const f = {
      step: 4, action: Action.East, pilot: 'agent', dreamed: new Uint8Array(0), real: new Uint8Array(0),
      error: { cellsGhostsAside: 0.9583, wrongCells: 2, pacmanRight: false, psnr: 21.04 },
      summary: { steps: 4, cells: { all: 0.9, nonGhost: 0.97, pacman: 0.5, static: 1, ghost: 0.25, frameExact: 0.5, frames: 4 }, meanPsnr: 24.5, pacmanRight: 0.75 },
      reward: { dreamed: -1, odds: [{ reward: -1, p: 1 }], real: 9 }, terminated: { dreamed: 0.8, real: false }, framesPerSec: 9.96, workerMs: 4, roundTripMs: 11.5, realEnded: null,
    } satisfies DreamFrame;
    expect(stepText(f)).toBe('step 4 · agent: East · cells 95.8% (ghosts aside, 2 wrong) · Pac-Man wrong · PSNR 21.0 dB · reward -1 dreamed / 9 real · dream says the game ends (p 0.80)');
    expect(stepText({ ...f, error: null, realEnded: { outcome: 'lost', step: 3 } })).toBe('step 4 · agent: East · the real game ended (lost) at step 3: the dream goes on unscored · reward -1 dreamed · dream says the game ends (p 0.80)');
    // An unsure reward head shows its other likely rewards; a sure one shows the reward alone.
    const unsure = { ...f, reward: { dreamed: -1, odds: [{ reward: -1, p: 0.62 }, { reward: -501, p: 0.31 }], real: -501 } };
    expect(stepText(unsure)).toContain('· reward -1 dreamed (p 0.62; -501: 0.31) / -501 real ·');
    expect(stepText({ ...f, reward: { dreamed: 9, odds: [{ reward: 9, p: 0.9 }], real: 9 } })).toContain('· reward 9 dreamed (p 0.90) / 9 real ·');
    expect(speedText(f)).toBe('10.0 frames/s · step 4.0 ms in the worker (~250 possible), 11.5 ms round trip');
    expect(summaryText(f.summary)).toMatch(/^over 4 steps: cells 97\.0% \(ghosts aside\), Pac-Man 50\.0% of its cells, at the right cell in 75\.0% of steps/);
    const w = { running: true, stepsPerSec: 0.61, transitions: 900, heldOut: 100, status: 'training', steps: 42 } as WorldSnapshot;
    expect(worldText(w, null)).toBe('training · 42 steps · 0.61 steps/s · 900 transitions (+100 held out)');
    expect(worldText(w, { cells: 0.9994, pacman: 0.978, psnr: 27.5, step: 40 })).toMatch(/held-out 1-step at step 40: cells 99\.9% \(ghosts aside\), Pac-Man 97\.8%, PSNR 27\.5 dB$/);
  });
});

describe('what the page loads for Dream mode', () => {
  /** Value imports of a file (what a bundler keeps): `import type` statements are erased. */
  function valueImports(file: string): string[] {
    const code = readFileSync(file, 'utf8');
    return [...code.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2]);
  }

  it('reaches no tfjs (the page never imports it), following every value import from src/ui/dream', () => {
    const root = join(__dirname, '../../..');
    const start = ['dream-lab.ts', 'dream-panel.ts', 'dream-loop.ts', 'dream-stats.ts', 'dream-text.ts'].map((f) => join(root, 'src/ui/dream', f));
    const seen = new Set<string>();
    const stack = [...start];
    while (stack.length > 0) {
      const file = stack.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of valueImports(file)) {
        expect(spec, `${file.slice(root.length)} imports ${spec}`).not.toMatch(/^@tensorflow\//);
        if (spec.startsWith('.') && !spec.endsWith('.css')) stack.push(normalize(join(dirname(file), spec.replace(/\.js$/, '.ts'))));
      }
    }
    expect(seen.size).toBeGreaterThan(10);
  });
});
