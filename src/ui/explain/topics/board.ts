/**
 * The board's explanation: the game as an MDP (src/env/rules.ts scores), what the agent learns
 * (the discounted return) and the shown game's live figures.
 */
import { FOOD_REWARD, LOSE_PENALTY, SCARED_GHOST_REWARD, SCARED_MOVES, STEP_PENALTY, WIN_REWARD } from '../../../env/rules.js';
import { type Block, type ExplainContent, num, texNum } from '../content.js';
import { actionName, type RlLive } from './rl-live.js';

export function boardContent(live: Readonly<RlLive>): ExplainContent {
  const s = live.snapshot;
  const blocks: Block[] = [
    { kind: 'text', text: `The board is the game of env 0 (or yours while you play). Each move the agent picks one of 5 actions (North, South, East, West, Stop) and the game answers with a reward: −${STEP_PENALTY} a step, +${FOOD_REWARD} a food, +${SCARED_GHOST_REWARD} a scared ghost (a capsule scares ghosts for ${SCARED_MOVES} moves), +${WIN_REWARD} for the last food, −${LOSE_PENALTY} when caught. The score is their plain sum.` },
    { kind: 'text', text: 'The agent never sees this board: it sees the 84×84 frames (the agent\'s eye). It learns to maximise the discounted return, where a reward $k$ moves ahead counts $\\gamma^k$ as much as one now:' },
    { kind: 'math', tex: 'G_t = r_{t+1} + \\gamma\\, r_{t+2} + \\gamma^2 r_{t+3} + \\dots = \\sum_{k=0}^{\\infty} \\gamma^k r_{t+k+1}, \\qquad \\text{score} = \\sum_t r_t' },
    { kind: 'text', text: 'It learns from the rewards after the run\'s reward transform (by default scaled by 0.01, so +500 counts 5), which keeps Q-values near 1 for the network. $1/(1-\\gamma)$ is roughly how many moves ahead it looks.' },
  ];
  if (s) {
    const g = s.params.gamma;
    blocks.push(
      { kind: 'math', tex: `\\gamma = ${texNum(g)}, \\qquad \\frac{1}{1-\\gamma} = ${texNum(1 / (1 - g), 3)} \\text{ moves}` },
      {
        kind: 'values', rows: [
          { label: 'score', value: num(s.board.score) },
          { label: 'moves this episode', value: num(s.board.steps) },
          { label: 'episode', value: num(s.board.episode) },
          { label: 'last move', value: s.mode === 'human' ? `${actionName(s.action)} (yours)` : `${actionName(s.action)} (${s.randomAction ? 'random' : 'greedy'})` },
          { label: 'env steps, all envs', value: num(s.envSteps) },
        ],
      },
    );
  }
  return { title: 'The game and the agent', blocks };
}
