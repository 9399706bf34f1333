/** A person's game: held direction, walls, game over and restart by key. */
import { describe, expect, it } from 'vitest';
import { Action } from '../../../src/env/grid.js';
import { parseLayout } from '../../../src/env/layout.js';
import { HumanPlay } from '../../../src/rl/human-play.js';

const CORRIDOR = parseLayout(['%%%%%%', '%P . %', '%%%%%%'].join('\n'), 'corridor');

describe('HumanPlay', () => {
  it('waits for a key, then repeats the held direction each move; a wall leaves Pac-Man in place', () => {
    const h = new HumanPlay(CORRIDOR, {}, 1);
    expect(h.tick()).toBe(false);
    expect(h.status()).toMatchObject({ waitingForKey: true, steps: 0 });
    h.steer(Action.West);
    h.tick();
    expect(h.env.game.pacX).toBe(1); // the wall
    h.steer(Action.East);
    h.tick();
    h.tick();
    expect(h.env.game.pacX).toBe(3);
    expect(h.status()).toMatchObject({ steps: 3, score: -3 + 10 + 500, games: 1, wins: 1, lastOutcome: 'won', waitingForKey: true });
  });

  it('keeps the finished board until the next key, which starts a new game', () => {
    const h = new HumanPlay(CORRIDOR, {}, 1);
    h.steer(Action.East);
    h.tick();
    h.tick();
    expect(h.status().lastScore).toBe(508);
    expect(h.tick()).toBe(false);
    expect(h.env.game.pacX).toBe(3);
    h.steer(Action.East);
    expect(h.env.game.pacX).toBe(1);
    expect(h.status()).toMatchObject({ steps: 0, games: 1, waitingForKey: false });
  });
});
