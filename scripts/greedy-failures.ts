/**
 * npx tsx scripts/greedy-failures.ts RUN_DIR [--episodes 100] [--seed 1] [--traces 4] [--heat] [--online]
 * How a trained DQN loses: plays greedy episodes of its layout (directional ghosts, the layout's
 * start as evaluations play it) one at a time and counts outcomes by food eaten; prints the
 * first few losing episodes move by move (Pac-Man's and every ghost's cells, s = scared, the
 * action taken) with the food still on the board before the last move, how many moves ran into a wall
 * and how many stood still (Stop with a move open) or reversed the move before (dithering).
 * --online: play the online net instead of the policy average (dqn.policyAverageDecay).
 * --heat: a map of where Pac-Man spent the last 100 moves of the episodes that ran out of time,
 * per cell, with * where food was left at the end: circling, and the part of the maze it avoids.
 * --at X,Y: the greedy policy's mean Q-values (stored-reward units: -5 is being caught) at every
 * visit of cell (X,Y), per heading (the move that brought Pac-Man there): how far apart it rates
 * the moves there, e.g. corridors16's pocket mouth at 14,5 (docs/tuning.md, session 16).
 * It is how the wall-bumping at the start of starter7 episodes (docs/tuning.md) and corridors16
 * seed 3's untouched pocket were found.
 */
import { parseArgs } from 'node:util';
import { RandomStreams } from '../src/core/random.js';
import { evaluationEnvConfig, resolveEnvConfig } from '../src/env/env.js';
import { Action, ACTION_NAMES, REVERSE } from '../src/env/grid.js';
import { parseLayout } from '../src/env/layout.js';
import { makePixelVectorEnv } from '../src/obs/pixel-vector-env.js';
import { decodeDqnCheckpoint, loadDqnWeights } from '../src/rl/checkpoint.js';
import { DqnAgent } from '../src/rl/dqn-agent.js';
import { loadCheckpointDir } from '../src/cli/run-dir.js';
import { selectBackend } from '../src/tf/backend.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    episodes: { type: 'string', default: '100' }, seed: { type: 'string', default: '1' }, traces: { type: 'string', default: '4' },
    heat: { type: 'boolean', default: false }, at: { type: 'string' }, online: { type: 'boolean', default: false },
  },
});
const dir = positionals[0];
if (!dir) throw new Error('usage: scripts/greedy-failures.ts RUN_DIR [--episodes N] [--seed S] [--traces K] [--heat] [--online]');
const episodes = Number(values.episodes);
const traces = Number(values.traces);

await selectBackend('cpu');
const { checkpoint, source } = loadCheckpointDir(dir);
const { meta, tensors } = decodeDqnCheckpoint(checkpoint, source);
// --online: the online net plays, not the policy average a run with dqn.policyAverageDecay keeps.
const agent = new DqnAgent(meta.numActions, values.online ? { ...meta.config, policyAverageDecay: 0 } : meta.config, new RandomStreams(1).get('weights'));
loadDqnWeights(agent, tensors, source, 'policy');
const player = agent.greedyActor();
const layout = parseLayout(meta.layout.text, meta.layout.name);
const vec = makePixelVectorEnv(layout, 1, resolveEnvConfig(evaluationEnvConfig({ ...meta.env, ghosts: 'directional' })), Number(values.seed));
vec.reset();
const exploration = new RandomStreams(Number(values.seed)).get('eval-exploration');
const outcomes: Record<string, number> = {};
let moves = 0;
let wallMoves = 0;
/** Greedy Stops while a move was legal: standing still (medium20's m20-d stood in a third of its moves; docs/tuning.md, session 19). */
let stopMoves = 0;
/** Moves that undo the one before (East after West...): dithering between two cells (docs/tuning.md, sessions 20-21). */
let reverseMoves = 0;
let lastMove = -1;
let printed = 0;
let trace: string[] = [];
/** Pac-Man's cell before each move of the current episode (for --heat). */
let cells: number[] = [];
const heat = new Int32Array(layout.width * layout.height);
const foodLeft = new Uint8Array(layout.width * layout.height);
const HEAT_MOVES = 100;
const foodBefore = new Uint8Array(layout.width * layout.height);
const at = values.at?.split(',').map(Number);
if (at && (at.length !== 2 || at.some((v) => !Number.isInteger(v)))) throw new Error(`--at X,Y: two whole numbers, got ${values.at}`);
/** --at: the summed Q-values per heading at that cell, and the visits. */
const qAt = new Map<string, { visits: number; sums: Float64Array; picks: Int32Array }>();
let heading = 'start';
const foodMap = () => Array.from({ length: layout.height }, (_, y) => Array.from({ length: layout.width }, (_, x) => (layout.walls[y * layout.width + x] ? '%' : foodBefore[y * layout.width + x] ? '.' : ' ')).join('')).join('\n');
for (let done = 0; done < episodes; ) {
  const game = vec.envs[0].game;
  const legal = vec.legal[0];
  const { actions, qValues } = await player.act(vec.obs, 1, 0, exploration, vec.legal);
  const a = actions[0];
  if (at && game.pacX === at[0] && game.pacY === at[1]) {
    const entry = qAt.get(heading) ?? { visits: 0, sums: new Float64Array(qValues.length), picks: new Int32Array(qValues.length) };
    entry.visits++;
    qValues.forEach((q, k) => (entry.sums[k] += q));
    entry.picks[a]++;
    qAt.set(heading, entry);
  }
  heading = `heading ${ACTION_NAMES[a]}`;
  moves++;
  if (!((legal >> a) & 1)) wallMoves++;
  if (a === Action.Stop && (legal & ~(1 << Action.Stop)) !== 0) stopMoves++;
  if (lastMove >= 0 && a !== Action.Stop && a === REVERSE[lastMove]) reverseMoves++;
  lastMove = a === Action.Stop ? lastMove : a;
  const ghosts = Array.from({ length: game.numGhosts }, (_, g) => `G${game.ghostHX[g] / 2},${game.ghostHY[g] / 2}${game.ghostScared[g] > 0 ? 's' : ''}`).join(' ');
  trace.push(`P${game.pacX},${game.pacY} ${ghosts} ${ACTION_NAMES[a]}${(legal >> a) & 1 ? '' : '(wall)'}`);
  foodBefore.set(game.food);
  cells.push(game.pacY * layout.width + game.pacX);
  const info = vec.step(actions).finalInfos[0];
  if (!info) continue;
  const key = `${info.won ? 'won' : info.lost ? 'caught' : 'out of time'} with ${info.foodEaten} food`;
  outcomes[key] = (outcomes[key] ?? 0) + 1;
  if (!info.won && printed < traces) {
    console.log(`${info.lost ? 'caught' : 'out of time'} after ${info.steps} moves: ${trace.join(' | ')}`);
    console.log(`food left before the last move:\n${foodMap()}`);
    printed++;
  }
  if (!info.lost && !info.won) {
    for (const c of cells.slice(-HEAT_MOVES)) heat[c]++;
    foodBefore.forEach((f, c) => { if (f) foodLeft[c] = 1; });
  }
  trace = [];
  cells = [];
  heading = 'start';
  lastMove = -1;
  done++;
}
if (values.heat) {
  console.log(`last ${HEAT_MOVES} moves of the episodes out of time, per cell (%%% wall, * food left at the end):`);
  for (let y = 0; y < layout.height; y++) {
    let row = '';
    for (let x = 0; x < layout.width; x++) {
      const c = y * layout.width + x;
      row += layout.walls[c] ? ' %%%' : `${String(heat[c]).padStart(3)}${foodLeft[c] ? '*' : ' '}`;
    }
    console.log(row);
  }
}
for (const [came, { visits, sums, picks }] of qAt) {
  const moves = Object.fromEntries([...sums].map((q, k) => [ACTION_NAMES[k], { meanQ: Number((q / visits).toFixed(2)), picked: picks[k] }]));
  console.log(JSON.stringify({ at: values.at, came, visits, moves }));
}
console.log(JSON.stringify({ run: dir, episodes, outcomes, moves, wallMoves, wallShare: Number((wallMoves / moves).toFixed(3)), stopMoves, stopShare: Number((stopMoves / moves).toFixed(3)), reverseMoves, reverseShare: Number((reverseMoves / moves).toFixed(3)), net: values.online ? 'online' : 'policy' }));
agent.dispose();
