/**
 * The dream's real side: a game rebuilt from a BoardState is the same game (every field the rules
 * read, the same frame drawn, the same trajectory under the same ghost stream), the twin plays the
 * env's rules (action repeat, step limit, end of game), and 4 snapshot frames stack back into the
 * agent's `[84, 84, 4]` layout.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random.js';
import { boardState } from '../../../../src/env/board.js';
import { PacmanEnv } from '../../../../src/env/env.js';
import { PacmanGame } from '../../../../src/env/game.js';
import { Action, NUM_ACTIONS } from '../../../../src/env/grid.js';
import { RealTwin, restoreGame, stackOfFrames } from '../../../../src/gen/world/real-twin.js';
import { PixelEnv } from '../../../../src/obs/pixel-env.js';
import { drawFrameFromScratch, FRAME_SIZE } from '../../../../src/obs/raster.js';
import { unstackFrames } from '../../../../src/rl/snapshot.js';
import { layout } from './helpers.js';

/** A game played `steps` random moves in (capsules eaten and ghosts scared on the way, for capsule13). */
function played(name: string, steps: number, seed: number): PacmanEnv {
  const env = new PacmanEnv(layout(name), { ghosts: 'directional' }, seed);
  env.reset();
  const rng = new RandomStreams(seed).get('moves');
  for (let i = 0; i < steps; i++) {
    if (env.play(rng.int(NUM_ACTIONS) as Action).terminated) env.reset();
  }
  return env;
}

function stateOf(g: PacmanGame): unknown {
  return {
    food: Array.from(g.food), capsules: Array.from(g.capsules), foodLeft: g.foodLeft, capsulesLeft: g.capsulesLeft, foodEaten: g.foodEaten,
    pac: [g.pacX, g.pacY, g.pacFacing], hx: Array.from(g.ghostHX), hy: Array.from(g.ghostHY), dir: Array.from(g.ghostDir),
    scared: Array.from(g.ghostScared), score: g.score, steps: g.steps, won: g.won, lost: g.lost,
  };
}

describe('restoreGame', () => {
  it.each([['starter7', 9], ['capsule13', 40]])('rebuilds %s from its board state: same state, same frame, same future', (name, steps) => {
    for (const seed of [1, 2, 3]) {
      const env = played(name, steps, seed);
      const copy = new PacmanGame(env.layout, 'directional');
      restoreGame(copy, boardState(env.game));
      expect(stateOf(copy)).toEqual(stateOf(env.game));
      expect(Buffer.from(drawFrameFromScratch(copy)).equals(Buffer.from(drawFrameFromScratch(env.game)))).toBe(true);
      // The same ghost stream from here on: the same trajectory.
      const [ra, rb] = [new RandomStreams(9).get('g'), new RandomStreams(9).get('g')];
      const moves = new RandomStreams(seed).get('later');
      for (let i = 0; i < 15 && !env.game.done; i++) {
        const a = moves.int(NUM_ACTIONS) as Action;
        expect(copy.round(a, rb)).toBe(env.game.round(a, ra));
        expect(stateOf(copy)).toEqual(stateOf(env.game));
      }
    }
  });

  it('refuses a board of another maze', () => {
    const board = boardState(played('starter7', 3, 1).game);
    expect(() => restoreGame(new PacmanGame(layout('capsule13'), 'random'), board)).toThrow(/the board \(7x7, 1 ghosts\) is not of maze capsule13/);
  });
});

describe('RealTwin', () => {
  it('starts on the shown frame and steps Pac-Man, food and score as the env does', () => {
    const lay = layout('starter7');
    const pixel = new PixelEnv(lay, { ghosts: 'random', maxSteps: 200 }, 4);
    pixel.reset();
    for (const a of [Action.East, Action.East]) pixel.play(a);
    const twin = new RealTwin(lay, { ghosts: 'random', maxSteps: 200 }, boardState(pixel.game), 1);
    expect(Buffer.from(twin.frame).equals(Buffer.from(pixel.frame))).toBe(true);
    expect(twin.outcome).toBeNull();
    twin.step(Action.East);
    pixel.play(Action.East);
    expect([twin.game.pacX, twin.game.pacY, twin.game.foodLeft]).toEqual([pixel.game.pacX, pixel.game.pacY, pixel.game.foodLeft]);
    if (!twin.game.lost && !pixel.game.lost) expect(twin.game.score).toBe(pixel.game.score); // ghosts apart, the same game
    expect(() => twin.step(7)).toThrow(/action must be an integer in \[0, 4\], got 7/);
  });

  it('plays action repeat and the step limit, and ends with the game', () => {
    const lay = layout('starter7');
    const env = new PacmanEnv(lay, { maxSteps: 5 }, 1);
    env.reset();
    const twin = new RealTwin(lay, { maxSteps: 5, actionRepeat: 2 }, boardState(env.game), 1);
    twin.step(Action.Stop);
    expect(twin.game.steps).toBe(2);
    twin.step(Action.Stop);
    const last = twin.step(Action.Stop);
    expect(twin.game.steps).toBe(5);
    expect(twin.outcome === 'out of steps' || twin.outcome === 'lost').toBe(true);
    expect(last.truncated || last.terminated).toBe(true);
    expect(() => twin.step(Action.Stop)).toThrow(/the real game is over/);
  });
});

describe('stackOfFrames', () => {
  it('is the inverse of the snapshot\'s unstackFrames', () => {
    const stack = Uint8Array.from({ length: 4 * FRAME_SIZE }, (_, i) => (i * 7 + (i >> 9)) % 251);
    expect(Buffer.from(stackOfFrames(unstackFrames(stack))).equals(Buffer.from(stack))).toBe(true);
    expect(() => stackOfFrames(new Uint8Array(10))).toThrow(/a stack is 4 frames of 7056 bytes, got 10 bytes/);
  });
});
