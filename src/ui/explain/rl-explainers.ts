/**
 * The RL panels' "?" explainers (board, agent's eye, Q-values, replay, the five charts), fed from
 * the page's snapshots, plus the worker's TD explanation, fetched only while the Q-values or
 * replay dialog is open.
 */
import type { TdExplanation } from '../../rl/explain/types.js';
import type { RlSnapshot } from '../../rl/session.js';
import type { ExplainContent } from './content.js';
import { Explainer } from './explainer.js';
import { boardContent } from './topics/board.js';
import { epsilonContent, lossContent, meanQContent, scoreContent, winRateContent } from './topics/charts.js';
import { eyeContent } from './topics/eye.js';
import { qValuesContent } from './topics/q-values.js';
import { replayContent } from './topics/replay.js';
import { EMPTY_RL_LIVE, type RlLive } from './topics/rl-live.js';

/** The worker's TD explanation is fetched this often while a dialog that shows it is open. */
export const TD_POLL_MS = 1_000;

export type RlPanel = 'board' | 'eye' | 'qValues' | 'replay' | 'score' | 'loss' | 'winRate' | 'meanQ' | 'epsilon';

const PANELS: Readonly<Record<RlPanel, { name: string; build(live: Readonly<RlLive>): ExplainContent; td: boolean }>> = {
  board: { name: 'the game and the agent', build: boardContent, td: false },
  eye: { name: "the agent's eye", build: eyeContent, td: false },
  qValues: { name: 'the Q-values', build: qValuesContent, td: true },
  replay: { name: 'the replay memory', build: replayContent, td: true },
  score: { name: 'the episode score chart', build: scoreContent, td: false },
  loss: { name: 'the loss chart', build: lossContent, td: false },
  winRate: { name: 'the win rate chart', build: winRateContent, td: false },
  meanQ: { name: 'the mean Q chart', build: meanQContent, td: false },
  epsilon: { name: 'the epsilon chart', build: epsilonContent, td: false },
};

export class RlExplainers {
  readonly explainers: Readonly<Record<RlPanel, Explainer<RlLive>>>;
  /** The status line whose replay figure the replay "?" follows, once that figure is drawn. */
  private replayStatus: Element | null = null;

  /** `explainLatest`: the worker's explanation of its newest TD target (RlWorkerApi.explainLatest). */
  constructor(explainLatest: () => Promise<TdExplanation | null>) {
    const poll = { everyMs: TD_POLL_MS, fetch: async (): Promise<Partial<RlLive>> => ({ td: await explainLatest() }) };
    const make = (p: RlPanel): Explainer<RlLive> => {
      const spec = PANELS[p];
      return new Explainer<RlLive>({ panel: spec.name, values: { ...EMPTY_RL_LIVE }, build: spec.build, ...(spec.td ? { poll } : {}) });
    };
    this.explainers = {
      board: make('board'), eye: make('eye'), qValues: make('qValues'), replay: make('replay'),
      score: make('score'), loss: make('loss'), winRate: make('winRate'), meanQ: make('meanQ'), epsilon: make('epsilon'),
    };
  }

  /** Puts panel `p`'s "?" at the end of `host` (a heading, a bar). */
  attach(p: RlPanel, host: Element): void {
    host.append(this.explainers[p].button);
  }

  /**
   * Puts the replay "?" right after the status line's replay figure (`[data-stat="replay"]`),
   * as soon as the status line has drawn it (on the first snapshot).
   */
  attachReplayToStatus(status: Element): void {
    this.replayStatus = status;
    this.placeReplay();
  }

  /** The latest snapshot (cheap: stored; an open dialog re-renders throttled). */
  push(s: RlSnapshot): void {
    if (this.replayStatus) this.placeReplay();
    const last = s.recentEpisodes.length > 0 ? s.recentEpisodes[s.recentEpisodes.length - 1] : undefined;
    for (const e of Object.values(this.explainers)) e.patch(last ? { snapshot: s, lastEpisode: last } : { snapshot: s });
  }

  private placeReplay(): void {
    const cell = this.replayStatus?.querySelector('[data-stat="replay"]');
    if (!cell) return;
    cell.after(this.explainers.replay.button);
    this.replayStatus = null;
  }

  /** A new run: what the old one reported no longer applies. */
  clear(): void {
    for (const e of Object.values(this.explainers)) e.patch({ ...EMPTY_RL_LIVE });
  }
}
