/**
 * Approximate Q-learning on hand-made features, as the Berkeley teaching project's
 * ApproximateQAgent with SimpleExtractor (features.ts): Q(s, a) = w . f(s, a), and after each step
 *   w += alpha * (r + gamma * max_a' Q(s', a') - Q(s, a)) * f(s, a),
 * with no bootstrap when the episode terminated. Epsilon-greedy over the legal actions (Stop
 * included, as there), ties broken by `ties`; rewards are the raw score changes; all weights
 * start at 0. Its settings are the tabular agent's (config.ts: alpha, gamma, epsilon), with
 * Berkeley's defaults. It is the figure the issue compares pixels with: "wins almost always on
 * mediumClassic after 50 games" (with Berkeley's default random ghosts).
 */
import type { RandomStream } from '../../core/random.js';
import type { PacmanGame } from '../../env/game.js';
import type { Layout } from '../../env/layout.js';
import { legalActions } from '../../env/legal.js';
import { resolveTabularConfig, type TabularConfig } from './config.js';
import { NUM_FEATURES, SimpleFeatures } from './features.js';

export class ApproxQAgent {
  readonly config: TabularConfig;
  /** w, one weight per feature (FEATURE_NAMES order). */
  readonly weights: Float64Array;
  private readonly features: SimpleFeatures;
  private readonly legal = new Uint8Array(5);
  /** f(s, a) of every legal action of the last state `act` saw, NUM_FEATURES values each. */
  private readonly candidates = new Float64Array(5 * NUM_FEATURES);
  /** f(s, a) of the action `act` returned: what `learn` updates. */
  private readonly chosen = new Float64Array(NUM_FEATURES);

  /** `exploration` draws the epsilon coin and random actions; `ties` breaks equal Q-values. */
  constructor(layout: Layout, config: Partial<TabularConfig>, private readonly exploration: RandomStream, private readonly ties: RandomStream, weights?: Float64Array) {
    this.config = resolveTabularConfig(config);
    this.features = new SimpleFeatures(layout.width, layout.height);
    if (weights && weights.length !== NUM_FEATURES) throw new RangeError(`approximate Q weights: ${NUM_FEATURES} expected, got ${weights.length}`);
    this.weights = weights ? Float64Array.from(weights) : new Float64Array(NUM_FEATURES);
  }

  /** An action for `game`: with chance `epsilon` a uniformly random legal one, else the best by w . f (ties at random). */
  act(game: PacmanGame, epsilon: number): number {
    const n = legalActions(game, this.legal);
    let pick: number;
    if (epsilon > 0 && this.exploration.next() < epsilon) {
      pick = this.exploration.int(n);
      this.features.extract(game, this.legal[pick], this.candidates, pick * NUM_FEATURES);
    } else pick = this.best(game, n).index;
    this.chosen.set(this.candidates.subarray(pick * NUM_FEATURES, (pick + 1) * NUM_FEATURES));
    return this.legal[pick];
  }

  /** One update of w for the last chosen action, which gave `reward` and led to `next`. */
  learn(reward: number, next: PacmanGame, terminated: boolean): void {
    let target = reward;
    if (!terminated) target += this.config.gamma * this.best(next, legalActions(next, this.legal), false).value;
    const step = this.config.alpha * (target - this.q(this.chosen, 0));
    for (let k = 0; k < NUM_FEATURES; k++) this.weights[k] += step * this.chosen[k];
  }

  /** Q(s, a) for features at `offset` of `f`. */
  private q(f: Float64Array, offset: number): number {
    let sum = 0;
    for (let k = 0; k < NUM_FEATURES; k++) sum += this.weights[k] * f[offset + k];
    return sum;
  }

  /** The best of the n legal actions in this.legal by Q (features into this.candidates); ties drawn from `ties` when `breakTies`. */
  private best(game: PacmanGame, n: number, breakTies = true): { index: number; value: number } {
    let value = -Infinity;
    let index = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      this.features.extract(game, this.legal[i], this.candidates, i * NUM_FEATURES);
      const v = this.q(this.candidates, i * NUM_FEATURES);
      if (v > value) {
        value = v;
        index = i;
        count = 1;
      } else if (v === value && breakTies) {
        // Reservoir sampling over the tied actions, as QTable.greedy.
        count++;
        if (this.ties.int(count) === 0) index = i;
      }
    }
    return { index, value };
  }
}
