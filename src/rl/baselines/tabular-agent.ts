/**
 * Tabular Q-learning on the exact game state, as the Berkeley teaching project's QLearningAgent:
 * epsilon-greedy over the legal actions, one-step update
 *   Q(s, a) += alpha * (r + gamma * max_a' Q(s', a') - Q(s, a)),
 * with no bootstrap when the episode terminated (Pac-Man died or won) and a bootstrap when it
 * was truncated by the step limit (Gymnasium's contract, see env/env.ts). Rewards are the raw
 * score changes. No pixels and no tfjs: the agent reads the PacmanGame.
 */
import type { RandomStream } from '../../core/random.js';
import type { PacmanGame } from '../../env/game.js';
import type { Layout } from '../../env/layout.js';
import { resolveTabularConfig, type TabularConfig } from './config.js';
import { legalActions } from '../../env/legal.js';
import { QTable } from './q-table.js';
import { StateKeyer } from './state-key.js';

export class TabularAgent {
  readonly config: TabularConfig;
  readonly keyer: StateKeyer;
  readonly table: QTable;
  private readonly legal = new Uint8Array(5);
  private readonly nextLegal = new Uint8Array(5);

  /** `exploration` draws the epsilon coin and random actions; `ties` breaks equal Q-values. */
  constructor(layout: Layout, config: Partial<TabularConfig>, private readonly exploration: RandomStream, private readonly ties: RandomStream, table = new QTable()) {
    this.config = resolveTabularConfig(config);
    this.keyer = new StateKeyer(layout);
    this.table = table;
  }

  /**
   * An action for `game` in the state whose key is `key`: with chance `epsilon` a uniformly random
   * legal one, else a greedy one (a state never updated is all ties: a random legal action).
   */
  act(game: PacmanGame, key: string, epsilon: number): number {
    const n = legalActions(game, this.legal);
    if (epsilon > 0 && this.exploration.next() < epsilon) return this.legal[this.exploration.int(n)];
    return this.table.greedy(key, this.legal, n, this.ties);
  }

  /** One Q update for (key, action) -> reward -> `next` (the game after the step). Returns next's key. */
  learn(key: string, action: number, reward: number, next: PacmanGame, terminated: boolean): string {
    const nextKey = this.keyer.key(next);
    let target = reward;
    if (!terminated) target += this.config.gamma * this.table.value(nextKey, this.nextLegal, legalActions(next, this.nextLegal));
    this.table.update(key, action, target, this.config.alpha);
    return nextKey;
  }
}
