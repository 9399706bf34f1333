/** The Dream panel's words and figures, pure (no DOM): testable in Node. */
import { ACTION_NAMES } from '../../env/grid.js';
import type { WorldSnapshot } from '../../gen/world/world-slot.js';
import type { DreamFrame } from './dream-loop.js';
import type { DreamSummary } from './dream-stats.js';

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–');
const db = (x: number): string => (x === Infinity ? '∞ dB' : Number.isFinite(x) ? `${x.toFixed(1)} dB` : '–');

/** "reward -1 dreamed" and, where the model was unsure, its other likely rewards: "(p 0.62; -501: 0.31)". */
function dreamedRewardText(reward: DreamFrame['reward']): string {
  const top = reward.odds[0];
  const sure = !top || (top.reward === reward.dreamed && top.p >= 0.95 && reward.odds.length === 1);
  if (sure) return `reward ${reward.dreamed} dreamed`;
  const others = reward.odds.filter((o) => o.reward !== reward.dreamed).map((o) => `${o.reward}: ${o.p.toFixed(2)}`);
  const own = reward.odds.find((o) => o.reward === reward.dreamed);
  return `reward ${reward.dreamed} dreamed (${[own ? `p ${own.p.toFixed(2)}` : '', ...others].filter(Boolean).join('; ')})`;
}

/** One step: what was done and how far the dream is from the real frame. */
export function stepText(f: DreamFrame): string {
  const who = f.pilot === 'agent' ? 'agent' : 'you';
  const end = f.terminated.dreamed > 0.5 ? ` · dream says the game ends (p ${f.terminated.dreamed.toFixed(2)})` : '';
  const head = `step ${f.step} · ${who}: ${ACTION_NAMES[f.action] ?? f.action}`;
  if (!f.error) {
    const over = f.realEnded ? `the real game ended (${f.realEnded.outcome}) at step ${f.realEnded.step}` : 'no real frame';
    return `${head} · ${over}: the dream goes on unscored · ${dreamedRewardText(f.reward)}${end}`;
  }
  return `${head} · cells ${pct(f.error.cellsGhostsAside)} (ghosts aside, ${f.error.wrongCells} wrong)`
    + ` · Pac-Man ${f.error.pacmanRight ? 'right' : 'wrong'} · PSNR ${db(f.error.psnr)} · ${dreamedRewardText(f.reward)} / ${f.reward.real} real${end}`;
}

/** The dream so far. */
export function summaryText(s: DreamSummary): string {
  if (s.steps === 0) return '';
  return `over ${s.steps} steps: cells ${pct(s.cells.nonGhost)} (ghosts aside), Pac-Man ${pct(s.cells.pacman)} of its cells, `
    + `at the right cell in ${pct(s.pacmanRight)} of steps, ghost cells ${pct(s.cells.ghost)}, mean PSNR ${db(s.meanPsnr)}`;
}

/** Speed: frames shown per second, and what one step costs in the worker and as the page waits for it. */
export function speedText(f: DreamFrame): string {
  const possible = f.workerMs > 0 ? ` (~${Math.round(1000 / f.workerMs)} possible)` : '';
  return `${f.framesPerSec.toFixed(1)} frames/s · step ${f.workerMs.toFixed(1)} ms in the worker${possible}, ${f.roundTripMs.toFixed(1)} ms round trip`;
}

/** The world model's state: training, data held, and its latest held-out 1-step figures. */
export function worldText(s: WorldSnapshot, latest: { cells: number; pacman: number; psnr: number; step: number } | null): string {
  const rate = s.running && s.stepsPerSec > 0 ? ` · ${s.stepsPerSec.toFixed(2)} steps/s` : '';
  const held = `${s.transitions} transitions (+${s.heldOut} held out)`;
  const figures = latest
    ? ` · held-out 1-step at step ${latest.step}: cells ${pct(latest.cells)} (ghosts aside), Pac-Man ${pct(latest.pacman)}, PSNR ${db(latest.psnr)}`
    : '';
  return `${s.status} · ${s.steps} steps${rate} · ${held}${figures}`;
}
