/**
 * Training loop of the two baselines, one env step at a time on one PacmanEnv (the exact state,
 * no pixels, no tfjs). Writes the same episode rows as the DQN trainer (metrics.ts), so plots
 * and tables treat every agent alike; env index 0 and its stream 'ghosts/0' are those of the
 * DQN trainer's first env.
 *
 * - random: a uniformly random action of all five (walls included: a move into a wall stands
 *   still), from stream 'exploration'. It learns nothing; "training" just logs its episodes.
 * - tabular: Q-learning (tabular-agent.ts) with streams 'exploration' and 'ties'.
 * - approx: approximate Q-learning on hand-made features (approx-agent.ts), the same streams.
 */
import { type RandomStream, RandomStreams } from '../../core/random.js';
import { type EnvConfig, PacmanEnv } from '../../env/env.js';
import { type Action, NUM_ACTIONS } from '../../env/grid.js';
import type { Layout } from '../../env/layout.js';
import { EpisodeWindow, type EpisodeRow } from '../metrics.js';
import type { TabularConfig } from './config.js';
import type { QTable } from './q-table.js';
import { TabularAgent } from './tabular-agent.js';
import { ApproxQAgent } from './approx-agent.js';

export type BaselineKind = 'random' | 'tabular' | 'approx';

export interface BaselineTrainerOptions {
  agent: BaselineKind;
  layout: Layout;
  env?: Partial<EnvConfig>;
  seed: number;
  /** Tabular and approx: alpha, gamma, epsilon. */
  tabular?: Partial<TabularConfig>;
  /** Tabular only: a table to continue from (else an empty one). */
  table?: QTable;
}

export class BaselineTrainer {
  readonly env: PacmanEnv;
  /** Null unless agent is 'tabular'. */
  readonly tabular: TabularAgent | null;
  /** Null unless agent is 'approx'. */
  readonly approx: ApproxQAgent | null;
  readonly window = new EpisodeWindow(100);
  envSteps = 0;
  episodes = 0;
  private readonly exploration: RandomStream;
  private key = '';

  constructor(readonly options: BaselineTrainerOptions) {
    const streams = new RandomStreams(options.seed);
    this.env = new PacmanEnv(options.layout, options.env ?? {}, options.seed, 'ghosts/0');
    this.exploration = streams.get('exploration');
    this.tabular = options.agent === 'tabular'
      ? new TabularAgent(options.layout, options.tabular ?? {}, this.exploration, streams.get('ties'), options.table)
      : null;
    this.approx = options.agent === 'approx'
      ? new ApproxQAgent(options.layout, options.tabular ?? {}, this.exploration, streams.get('ties'))
      : null;
    this.startEpisode();
  }

  /** The exploration rate in use (1 for the random agent). */
  get epsilon(): number {
    return (this.tabular ?? this.approx)?.config.epsilon ?? 1;
  }

  /** One env step (with its Q update); returns the episode's row when this step ended it. */
  step(): EpisodeRow | null {
    const game = this.env.game;
    const agent = this.tabular;
    const approx = this.approx;
    const action = agent ? agent.act(game, this.key, agent.config.epsilon)
      : approx ? approx.act(game, approx.config.epsilon) : this.exploration.int(NUM_ACTIONS);
    const { reward, terminated, truncated } = this.env.play(action as Action);
    if (agent) this.key = agent.learn(this.key, action, reward, game, terminated);
    if (approx) approx.learn(reward, game, terminated);
    this.envSteps++;
    if (!terminated && !truncated) return null;
    this.episodes++;
    this.window.push(game.score, game.won);
    const row: EpisodeRow = {
      type: 'episode', episode: this.episodes, envSteps: this.envSteps, env: 0, score: game.score, steps: game.steps,
      won: game.won, lost: game.lost, foodEaten: game.foodEaten, ghostsEaten: game.ghostsEaten, terminated, truncated,
    };
    this.startEpisode();
    return row;
  }

  private startEpisode(): void {
    this.env.reset();
    if (this.tabular) this.key = this.tabular.keyer.key(this.env.game);
  }
}
