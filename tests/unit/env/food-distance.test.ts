/** FoodDistance: maze moves to the nearest food, around walls, 0 once the board is clear. */
import { describe, expect, it } from 'vitest';
import { FoodDistance } from '../../../src/env/food-distance.js';
import { Action } from '../../../src/env/grid.js';
import { envOf } from './helpers.js';

/** The food at (3,1) is two cells east of Pac-Man but ten moves away: round the wall and back. */
const DETOUR = ['%%%%%%%', '%P%.  %', '% %%% %', '%     %', '%%%%%%%'];

describe('FoodDistance', () => {
  it('counts moves along open cells, not the straight-line distance', () => {
    const env = envOf(DETOUR);
    const distance = new FoodDistance(env.game.width, env.game.height);
    expect(distance.measure(env.game)).toBe(10);
    env.step(Action.South);
    expect(distance.measure(env.game)).toBe(9);
    env.step(Action.North);
    expect(distance.measure(env.game)).toBe(10);
  });

  it('takes the nearest of several foods, and is 0 once the last one is eaten', () => {
    const env = envOf(['%%%%%%%', '%. P .%', '%%%%%%%']);
    const distance = new FoodDistance(env.game.width, env.game.height);
    expect(distance.measure(env.game)).toBe(2);
    env.step(Action.West);
    expect(distance.measure(env.game)).toBe(1);
    env.step(Action.West);
    expect(distance.measure(env.game)).toBe(4); // the west food eaten, the east one is 4 moves away
    for (let i = 0; i < 4; i++) env.step(Action.East);
    expect(env.game.won).toBe(true);
    expect(distance.measure(env.game)).toBe(0);
  });

  it('names a game of another size', () => {
    const small = envOf(['%%%%%', '%P .%', '%%%%%']);
    const distance = new FoodDistance(7, 5);
    expect(() => distance.measure(small.game)).toThrow(/7-wide maze of 35 cells got a 5x3 game/);
  });
});
