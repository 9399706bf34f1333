/**
 * The agent's-eye explanation: the 84x84 raster (src/obs/raster.ts gray levels), the stack of 4
 * (src/obs/frame-stack.ts) and the network's input scaling (src/rl/qnet.ts stacksToInput).
 */
import { FRAME_HEIGHT, FRAME_WIDTH, GRAY } from '../../../obs/raster.js';
import { STACK_SIZE } from '../../../obs/frame-stack.js';
import { type Block, type ExplainContent, num } from '../content.js';
import { actionName, type RlLive } from './rl-live.js';

const LEVEL_NAMES: Readonly<Record<keyof typeof GRAY, string>> = {
  empty: 'empty', wall: 'wall', ghost: 'ghost', scaredGhost: 'scared ghost', food: 'food', capsule: 'capsule', pacman: 'Pac-Man',
};

export function eyeContent(live: Readonly<RlLive>): ExplainContent {
  const s = live.snapshot;
  const blocks: Block[] = [
    { kind: 'text', text: `What the Q-network sees: the game drawn straight from its state into ${FRAME_WIDTH}×${FRAME_HEIGHT} grayscale bytes, one block of pixels per cell, and the ${STACK_SIZE} latest frames stacked (oldest left). One frame cannot show which way a ghost moves; ${STACK_SIZE} can. The bytes are scaled to [0, 1] before the first convolution:` },
    { kind: 'math', tex: `s_t = \\big(x_{t-3},\\, x_{t-2},\\, x_{t-1},\\, x_t\\big) \\in \\{0, \\dots, 255\\}^{${FRAME_HEIGHT} \\times ${FRAME_WIDTH} \\times ${STACK_SIZE}}, \\qquad \\text{input} = s_t / 255` },
    { kind: 'text', text: 'Each kind of thing has its own gray level, Pac-Man and ghosts far apart:' },
    { kind: 'table', head: ['thing', 'gray level'], rows: (Object.keys(GRAY) as (keyof typeof GRAY)[]).map((k) => [LEVEL_NAMES[k], String(GRAY[k])]) },
  ];
  if (s && s.qValues.length > 0) {
    blocks.push({
      kind: 'values', rows: [
        { label: 'move chosen from this stack', value: `${actionName(s.action)}${s.mode === 'human' ? ' (yours)' : s.randomAction ? ' (random)' : ' (greedy)'}` },
        { label: 'its $Q(s_t, a)$', value: num(s.qValues[s.action]) },
        { label: 'env steps, all envs', value: num(s.envSteps) },
      ],
    });
  }
  return { title: "The agent's eye", blocks };
}
