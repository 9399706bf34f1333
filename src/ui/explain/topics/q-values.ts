/**
 * The Q-values panel's explanation: epsilon-greedy action choice (src/rl/dqn-agent.ts `act`) and
 * the TD target of one stored transition as the worker computed it (src/rl/td.ts, reported as a
 * TdExplanation), with what Double DQN changes.
 */
import { type Block, type ExplainContent, num, texNum, texTerm } from '../content.js';
import type { TdExplanation } from '../../../rl/explain/types.js';
import { actionName, argMax, type RlLive } from './rl-live.js';

/**
 * Epsilon-greedy as `act` draws it: with probability epsilon the move is uniform over all A
 * actions (the greedy one included), so it differs from the greedy move with probability
 * epsilon * (A - 1) / A.
 */
export function epsilonGreedyOdds(epsilon: number, numActions: number): { random: number; differs: number } {
  return { random: epsilon, differs: numActions > 0 ? (epsilon * (numActions - 1)) / numActions : 0 };
}

const Q_ONLINE = 'Q_{\\text{online}}';
const Q_TARGET = 'Q_{\\text{target}}';

function epsilonBlocks(live: RlLive): Block[] {
  const s = live.snapshot;
  const blocks: Block[] = [
    { kind: 'text', text: `Each bar is $${Q_ONLINE}(s,a)$: the online network's estimate of the discounted return of taking action $a$ in the shown game's latest frame stack $s$ and acting greedily afterwards. The agent picks its move $\\varepsilon$-greedily:` },
    { kind: 'math', tex: `a_t = \\begin{cases} \\arg\\max_a ${Q_ONLINE}(s_t, a) & \\text{with probability } 1 - \\varepsilon \\\\ \\text{one of the } A \\text{ actions, uniformly} & \\text{with probability } \\varepsilon \\end{cases}` },
    { kind: 'text', text: 'The random draw can land on the greedy action too, so the move differs from the greedy one with probability $\\varepsilon (A-1)/A$.' },
  ];
  if (!s) return blocks;
  if (s.mode === 'human') {
    blocks.push({ kind: 'text', text: 'You are playing: the bars are the agent\'s opinion of your position, the marked bar your direction, and $\\varepsilon$ plays no part.' });
    return blocks;
  }
  // With legal moves only, the choice is among the allowed actions: A counts those.
  const walls = s.qValues.map((_, a) => a).filter((a) => s.allowed[a] === false);
  const A = s.qValues.length - walls.length;
  if (walls.length > 0) {
    blocks.push(
      { kind: 'text', text: `This run picks among legal moves only: in this state ${walls.map(actionName).join(' and ')} ${walls.length === 1 ? 'runs' : 'run'} into a wall, so both the random draw and the $\arg\max$ skip ${walls.length === 1 ? 'it' : 'them'} (crossed out; that value is never trained) and $A = ${A}$. The TD target's $\max_{a'}$ skips the walls of $s'$ the same way.` },
    );
  }
  const odds = epsilonGreedyOdds(s.epsilon, A);
  blocks.push(
    { kind: 'math', tex: `P(\\text{random}) = \\varepsilon = ${texNum(odds.random)}` },
    { kind: 'math', tex: `P\\big(a_t \\ne \\arg\\max_a Q\\big) = \\varepsilon \\, \\tfrac{A-1}{A} = ${texNum(s.epsilon)} \\cdot \\tfrac{${A - 1}}{${A}} = ${texNum(odds.differs)}` },
    {
      kind: 'values', rows: [
        { label: 'next move random ($\\varepsilon$)', value: num(odds.random) },
        { label: 'next move differs from the greedy one', value: num(odds.differs) },
        { label: 'last move', value: `${actionName(s.action)} (${s.randomAction ? 'random' : 'greedy'})` },
        { label: `its $${Q_ONLINE}(s, a)$`, value: num(s.qValues[s.action]) },
      ],
    },
  );
  return blocks;
}

function rewardsTex(td: TdExplanation): string {
  if (td.rewards.length === 1) return `R = r_{t+1} = ${texNum(td.ret)}`;
  const g = texNum(td.gamma);
  const terms = td.rewards.map((r, k) => (k === 0 ? texNum(r) : `${k === 1 ? g : `{${g}}^{${k}}`} \\cdot ${texTerm(r)}`));
  return `R = ${terms.join(' + ')} = ${texNum(td.ret)}`;
}

function tdBlocks(td: TdExplanation | null): Block[] {
  const blocks: Block[] = [{ kind: 'heading', text: td ? `The TD target of one transition (update ${td.updates.toLocaleString('en-US')})` : 'The TD target' }];
  if (!td) {
    blocks.push({ kind: 'text', text: 'No update yet: the worker explains a stored transition once training has started (after the replay memory holds its first batch).' });
    return blocks;
  }
  const k = td.rewards.length;
  const aStar = actionName(td.bootstrapAction);
  blocks.push(
    { kind: 'text', text: `Replay slot ${td.replayIndex}: action ${actionName(td.action)} in $s$, then ${k} reward${k === 1 ? '' : 's'} (as the agent learns them, after the reward transform) up to $s'$. The worker computed, with the update's own functions and networks:` },
    { kind: 'math', tex: `R = \\sum_{k=0}^{n-1} \\gamma^k r_{t+k+1}, \\qquad d = \\begin{cases} 0 & \\text{terminated} \\\\ \\gamma^{n} & \\text{otherwise} \\end{cases}` },
    {
      kind: 'math',
      tex: td.double
        ? `y = R + d \\, ${Q_TARGET}\\big(s', a^*\\big), \\qquad a^* = \\arg\\max_{a'} ${Q_ONLINE}(s', a')`
        : `y = R + d \\max_{a'} ${Q_TARGET}(s', a')`,
    },
    { kind: 'math', tex: rewardsTex(td) },
    { kind: 'math', tex: td.terminated ? 'd = 0 \\quad (\\text{terminated: no bootstrap})' : `d = \\gamma^{${k}} = {${texNum(td.gamma)}}^{${k}} = ${texNum(td.discount)}` },
    { kind: 'math', tex: `y = ${texNum(td.ret)} + ${texTerm(td.discount)} \\cdot ${texTerm(td.bootstrap)} = ${texNum(td.target)} \\quad (a^* = \\text{${aStar}})` },
    { kind: 'math', tex: `\\delta = y - ${Q_ONLINE}(s, a) = ${texNum(td.target)} - ${texTerm(td.q)} = ${texNum(td.tdError)}` },
    { kind: 'text', text: 'The loss is the Huber loss of the TD error $\\delta$: quadratic near 0, linear beyond $\\Delta$, so one surprising transition cannot blow up the gradient.' },
    { kind: 'math', tex: `\\ell_\\Delta(\\delta) = \\begin{cases} \\tfrac12 \\delta^2 & |\\delta| \\le \\Delta \\\\ \\Delta \\big(|\\delta| - \\tfrac12 \\Delta\\big) & \\text{otherwise} \\end{cases}, \\qquad \\Delta = ${texNum(td.huberDelta)}: \\; \\ell = ${texNum(td.loss)}` },
    {
      kind: 'table', head: ["$a'$", `$${Q_ONLINE}(s', a')$`, `$${Q_TARGET}(s', a')$`],
      rows: td.qNextTarget.map((qt, a) => [actionName(a), num(td.qNextOnline[a]), num(qt)]), highlight: [td.bootstrapAction],
    },
  );
  const plainPick = argMax(td.qNextTarget);
  if (td.double) {
    blocks.push({
      kind: 'text',
      text: `Double DQN: the online net picks $a^*$ = ${aStar} and the target net values it ($${Q_TARGET}(s', a^*) = ${texNum(td.bootstrap)}$). Plain DQN would take the target net's own maximum, $\\max_{a'} ${Q_TARGET}(s', a') = ${texNum(td.qNextTarget[plainPick])}$ (${actionName(plainPick)}), and get $y = ${texNum(td.plainTarget)}$. Letting one net choose and the other judge counters the upward bias of a max over noisy estimates.${td.terminated ? ' Here the episode terminated, so $d = 0$ and neither matters.' : ''}`,
    });
  } else {
    blocks.push({
      kind: 'text',
      text: `Double DQN is off in this run. With it, the online net would pick $a' = \\arg\\max_{a'} ${Q_ONLINE}(s', a')$ = ${actionName(argMax(td.qNextOnline))} and the target net would value it, which counters the upward bias of a max over noisy estimates.`,
    });
  }
  const rows = [
    { label: 'reward(s) $r$', value: td.rewards.map((r) => num(r)).join(', ') },
    { label: '$\\gamma$, $n$', value: `${num(td.gamma)}, ${td.nStep}` },
    { label: "episode ended at $s'$", value: td.terminated ? 'terminated' : td.truncated ? 'truncated (still bootstraps)' : 'no' },
    { label: 'target $y$', value: num(td.target) },
    { label: 'TD error $\\delta$', value: num(td.tdError) },
  ];
  if (td.weight !== 1) rows.push({ label: 'importance weight $w$ (prioritized replay)', value: num(td.weight) });
  blocks.push({ kind: 'values', rows });
  return blocks;
}

export function qValuesContent(live: Readonly<RlLive>): ExplainContent {
  return { title: 'Q-values, ε-greedy and the TD target', blocks: [...epsilonBlocks(live), ...tdBlocks(live.td)] };
}
