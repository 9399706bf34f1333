/**
 * Food shaping (dqn.foodShaping = k > 0): a potential-based shaping term added to every stored
 * reward, with potential Phi(s) = -k * (maze moves from Pac-Man to the nearest food):
 *
 *   F(s, s') = gamma * Phi(s') - Phi(s) = k * (d - gamma * d'),   Phi = 0 once the episode is over.
 *
 * Why: on a thinned board the nearest food is several moves away, and the game's own rewards
 * rate "towards it" and "away from it" within a few hundredths of a stored unit of each other,
 * far inside the net's error; medium20's greedy policies dither between two cells for 70 moves
 * with food in sight until a ghost comes (docs/tuning.md, session 21). F makes every move towards
 * food worth about k points now. Being potential-based (Ng, Harada and Russell, "Policy
 * invariance under reward transformations", ICML 1999), it leaves the optimal policy as it was:
 * along any path the terms telescope, and Phi = 0 at the end keeps episodic returns exact
 * (Grzes, "Reward shaping in episodic reinforcement learning", AAMAS 2017).
 *
 * Contracts:
 *   - Only what the learner stores changes: scores, wins and every figure of the game stay the
 *     game's own (info.score); untransformReward cannot undo F, so world models refuse it.
 *   - Call `shape(i, done, k, gamma)` once per env step, after the envs stepped and before anything resets
 *     them again. A done env has already been reset by the vector env, so its final state is
 *     gone: Phi(s') = 0 is exact for a terminal state, and for a truncation (the step limit,
 *     rare) it drops gamma * k * d' once.
 *   - It reads the games only; it draws no random numbers, so a run with k = 0 is unchanged.
 */
import { FoodDistance } from '../env/food-distance.js';
import type { PacmanGame } from '../env/game.js';

export class FoodShaping {
  private readonly distance: FoodDistance;
  /** Each env's distance to the nearest food now: d of the state its next step starts from. */
  private readonly current: Int32Array;

  constructor(private readonly games: readonly PacmanGame[]) {
    if (games.length === 0) throw new RangeError('FoodShaping needs at least one game');
    this.distance = new FoodDistance(games[0].width, games[0].height);
    this.current = Int32Array.from(games, (game) => this.distance.measure(game));
  }

  /** The shaping term of env i's step that just ended (game points, before rewardTransform). */
  shape(i: number, done: boolean, k: number, gamma: number): number {
    const before = this.current[i];
    const after = done ? 0 : this.distance.measure(this.games[i]);
    // After a done step the game is the next episode's start: that is where the next step begins.
    this.current[i] = done ? this.distance.measure(this.games[i]) : after;
    return k * (before - gamma * after);
  }
}
