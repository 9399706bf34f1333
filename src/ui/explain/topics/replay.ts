/**
 * The replay memory's explanation (src/rl/replay/replay-memory.ts, priorities.ts): what it
 * stores, how a batch is drawn, and the live fill, batch size and the latest explained sample.
 */
import { type Block, type ExplainContent, num } from '../content.js';
import type { RlLive } from './rl-live.js';

export function replayContent(live: Readonly<RlLive>): ExplainContent {
  const s = live.snapshot;
  const td = live.td;
  const blocks: Block[] = [
    { kind: 'text', text: 'The replay memory keeps the agent\'s latest transitions $(s, a, r, s\', \\text{terminated}, \\text{truncated})$, each 84×84 frame stored once (about 7 KB a transition); stacks are rebuilt when sampled, never across an episode boundary. Each update draws a batch of $B$ transitions with replacement, so consecutive, strongly correlated moves do not follow each other into the gradient.' },
    { kind: 'text', text: 'Uniform replay draws every sampleable transition $i$ of the $N$ alike. Prioritized replay (Schaul et al.) draws surprising ones more often and corrects the bias with importance weights:' },
    { kind: 'math', tex: 'P_{\\text{uniform}}(i) = \\frac{1}{N}, \\qquad P(i) = \\frac{p_i}{\\sum_k p_k}, \\quad p_i = \\big(|\\delta_i| + \\epsilon\\big)^{\\alpha}, \\qquad w_i = \\Big(\\frac{p_{\\min}}{p_i}\\Big)^{\\beta}' },
    { kind: 'text', text: 'With $n$-step returns a sample reads $n$ stored rewards ahead: $R = \\sum_{k<n} \\gamma^k r_{t+k+1}$, bootstrapped with $\\gamma^n$.' },
  ];
  if (s) {
    const rows = [
      { label: 'transitions held $N$', value: `${num(s.replay.size)} of ${num(s.replay.capacity)}` },
      { label: 'memory', value: `${num(s.replay.bytes / 2 ** 20, 3)} MiB` },
      { label: 'batch size $B$', value: num(s.params.batchSize) },
      { label: '$n$ (n-step)', value: num(s.params.nStep) },
      { label: 'updates so far', value: num(s.updates) },
    ];
    if (td) {
      rows.push({ label: 'latest explained sample: slot', value: num(td.replayIndex) });
      rows.push({ label: 'its importance weight $w$', value: td.weight === 1 ? '1 (uniform, or p = p_min)' : num(td.weight) });
    }
    blocks.push({ kind: 'values', rows });
  }
  return { title: 'Replay memory', blocks };
}
