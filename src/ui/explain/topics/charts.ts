/**
 * The learning curves' explanations (src/ui/charts/charts.ts draws them): episode score, loss,
 * win rate, mean Q and epsilon, each with its definition in the code (src/rl/metrics.ts,
 * src/rl/trainer.ts `report`, src/core/schedule.ts) and its latest values.
 */
import { type Block, type ExplainContent, num, texNum } from '../content.js';
import { epsilonGreedyOdds } from './q-values.js';
import type { RlLive } from './rl-live.js';

export function scoreContent(live: Readonly<RlLive>): ExplainContent {
  const s = live.snapshot;
  const e = live.lastEpisode;
  const blocks: Block[] = [
    { kind: 'text', text: 'Each point is one finished episode of any env: its score, the plain sum of the game\'s rewards (not discounted, not scaled). The yellow line is the mean of the last 100 episodes (of all of them while there are fewer).' },
    { kind: 'math', tex: '\\text{score} = \\sum_{t=1}^{T} r_t, \\qquad \\overline{\\text{score}}_{100} = \\frac{1}{m} \\sum_{j=0}^{m-1} \\text{score}_{e-j}, \\quad m = \\min(100, e)' },
  ];
  const rows = [];
  if (e) {
    rows.push(
      { label: `episode ${num(e.episode)} (env ${e.env})`, value: `score ${num(e.score)} in ${num(e.steps)} moves` },
      { label: 'its end', value: e.won ? 'won: ate the last food' : e.lost ? 'caught by a ghost' : e.truncated ? 'step limit (truncated)' : 'ended' },
      { label: 'food, scared ghosts eaten', value: `${num(e.foodEaten)}, ${num(e.ghostsEaten)}` },
    );
  }
  if (s) rows.push({ label: 'mean score (100)', value: s.episodes > 0 ? num(s.meanScore100) : '–' }, { label: 'episodes finished', value: num(s.episodes) });
  if (rows.length > 0) blocks.push({ kind: 'values', rows });
  return { title: 'Episode score', blocks };
}

export function lossContent(live: Readonly<RlLive>): ExplainContent {
  const s = live.snapshot;
  const r = s?.lastReport ?? null;
  const blocks: Block[] = [
    { kind: 'text', text: 'The loss the optimiser minimised in one update: the Huber loss of the TD errors averaged over the batch (weighted by $w_i$ under prioritized replay; $w_i = 1$ otherwise), read back every few updates and drawn on a log scale.' },
    { kind: 'math', tex: '\\mathcal{L}(\\theta) = \\frac{1}{B} \\sum_{i=1}^{B} w_i \\, \\ell_\\Delta\\big(y_i - Q_\\theta(s_i, a_i)\\big)' },
    { kind: 'text', text: 'Unlike a supervised loss it need not fall steadily: the targets $y_i$ come from the target network, which moves at every sync, and better play reaches states with larger values.' },
  ];
  if (s && r) {
    blocks.push({
      kind: 'values', rows: [
        { label: `loss at update ${num(r.updates)}`, value: num(r.loss) },
        { label: 'gradient norm (before clipping)', value: num(r.gradNorm) },
        { label: 'batch size $B$', value: num(s.params.batchSize) },
        { label: s.params.targetUpdate === 'polyak' ? 'target update' : 'target sync every', value: s.params.targetUpdate === 'polyak' ? `Polyak, τ = ${num(s.params.tau)} each update` : `${num(s.params.targetSyncEvery)} updates` },
      ],
    });
  } else {
    blocks.push({ kind: 'text', text: 'No loss reported yet: training starts once the replay memory holds enough transitions.' });
  }
  return { title: 'Loss', blocks };
}

export function winRateContent(live: Readonly<RlLive>): ExplainContent {
  const s = live.snapshot;
  const blocks: Block[] = [
    { kind: 'text', text: 'Of the last 100 finished episodes (all envs; fewer at first), the fraction in which Pac-Man ate the last food. A caught Pac-Man and an episode cut off at the step limit both count as not won.' },
    { kind: 'math', tex: '\\text{win rate} = \\frac{\\#\\{\\text{won among the last } m\\}}{m}, \\qquad m = \\min(100, e)' },
  ];
  if (s) blocks.push({ kind: 'values', rows: [{ label: 'win rate (100)', value: s.episodes > 0 ? num(s.winRate100) : '–' }, { label: 'episodes finished $e$', value: num(s.episodes) }] });
  return { title: 'Win rate', blocks };
}

export function meanQContent(live: Readonly<RlLive>): ExplainContent {
  const s = live.snapshot;
  const r = s?.lastReport ?? null;
  const blocks: Block[] = [
    { kind: 'text', text: 'The mean of $Q_\\theta(s_i, a_i)$ over an update\'s batch: what the online network expects the stored moves to earn, discounted and in the learned reward\'s units.' },
    { kind: 'math', tex: '\\bar{Q} = \\frac{1}{B} \\sum_{i=1}^{B} Q_\\theta(s_i, a_i), \\qquad r + \\gamma r + \\gamma^2 r + \\dots = \\frac{r}{1 - \\gamma}' },
    { kind: 'text', text: 'A reward $r$ earned every move forever is worth $r/(1-\\gamma)$. A mean Q that keeps climbing while the score does not follow is the overestimation that Double DQN counters.' },
  ];
  if (s) {
    const g = s.params.gamma;
    blocks.push({ kind: 'math', tex: `\\gamma = ${texNum(g)}: \\quad \\frac{1}{1-\\gamma} = ${texNum(1 / (1 - g), 3)}` });
    if (r) blocks.push({ kind: 'values', rows: [{ label: `mean Q at update ${num(r.updates)}`, value: num(r.meanQ) }, { label: 'Double DQN', value: s.params.double ? 'on' : 'off' }] });
  }
  return { title: 'Mean Q', blocks };
}

export function epsilonContent(live: Readonly<RlLive>): ExplainContent {
  const s = live.snapshot;
  const blocks: Block[] = [
    { kind: 'text', text: 'The exploration rate by env step $t$ (all envs together). With "follow schedule" it falls linearly from $\\varepsilon_{\\text{start}}$ to $\\varepsilon_{\\text{end}}$ over $T$ steps and stays there; otherwise it holds the slider\'s value.' },
    { kind: 'math', tex: '\\varepsilon(t) = \\begin{cases} \\varepsilon_{\\text{start}} + (\\varepsilon_{\\text{end}} - \\varepsilon_{\\text{start}})\\, t / T & t < T \\\\ \\varepsilon_{\\text{end}} & t \\ge T \\end{cases}, \\qquad P\\big(a_t \\ne \\arg\\max_a Q\\big) = \\varepsilon\\, \\frac{A - 1}{A}' },
  ];
  if (s) {
    const p = s.params;
    const A = s.qValues.length;
    const odds = epsilonGreedyOdds(s.epsilon, A);
    blocks.push(
      p.epsilonMode === 'schedule'
        ? { kind: 'math', tex: `\\varepsilon_{\\text{start}} = ${texNum(p.epsilonStart)}, \\; \\varepsilon_{\\text{end}} = ${texNum(p.epsilonEnd)}, \\; T = ${texNum(p.epsilonSteps)}: \\quad \\varepsilon(${s.envSteps}) = ${texNum(s.epsilon)}` }
        : { kind: 'math', tex: `\\varepsilon = ${texNum(s.epsilon)} \\quad (\\text{held by the slider})` },
      {
        kind: 'values', rows: [
          { label: 'next move random ($\\varepsilon$)', value: num(odds.random) },
          { label: `next move differs from the greedy one ($A = ${A}$)`, value: num(odds.differs) },
          { label: 'env steps $t$', value: num(s.envSteps) },
        ],
      },
    );
  }
  return { title: 'Epsilon', blocks };
}
