/**
 * The words and numbers of a DQN update's explanation, from what the worker reported (the
 * numbers the update used; nothing is recomputed here except the arithmetic a line spells out).
 * Pure: testable in Node.
 */
import type { TdExplanation, UpdateExplanation } from '../../rl/explain/types.js';
import { num, sup, term } from './format.js';

/** One line: a label, the formula with the numbers in it, and the result (null: text only). */
export interface TdLine {
  key: string;
  label: string;
  text: string;
  value: number | null;
}

type Names = readonly string[];

const nameOf = (names: Names, a: number): string => names[a] ?? `action ${a}`;

function argMax(values: number[]): number {
  let best = 0;
  for (let a = 1; a < values.length; a++) if (values[a] > values[best]) best = a;
  return best;
}

/** The return R: the window's rewards, each discounted by how far into the window it came. */
function returnText(e: TdExplanation): string {
  if (e.rewards.length === 1) return `R = r = ${num(e.ret)}`;
  const terms = e.rewards.map((r, k) => (k === 0 ? term(r) : `γ${k === 1 ? '' : sup(k)}·${term(r)}`));
  return `R = ${e.rewards.map((_, k) => (k === 0 ? 'r₀' : `γ${k === 1 ? '' : sup(k)}r${'₀₁₂₃₄₅₆₇₈₉'[k] ?? k}`)).join(' + ')} = ${terms.join(' + ')} = ${num(e.ret)}`;
}

function discountText(e: TdExplanation): string {
  const m = e.rewards.length;
  if (e.terminated) return 'd = 0: the episode terminated inside the window (Pac-Man died or cleared the maze), so nothing is bootstrapped';
  const cut = e.truncated ? ' (the step limit truncated the episode: it still bootstraps)' : '';
  return `d = γ${m === 1 ? '' : sup(m)} = ${num(e.gamma)}${m === 1 ? '' : sup(m)} = ${num(e.discount)}${cut}`;
}

/** The lines of one sample's TD target, loss and what Double DQN changes. */
export function tdLines(e: TdExplanation, names: Names): TdLine[] {
  const star = nameOf(names, e.bootstrapAction);
  const lines: TdLine[] = [
    { key: 'transition', label: 'transition', text: `replay slot ${e.replayIndex}: in s the agent took ${nameOf(names, e.action)}; ${e.nStep}-step target, γ = ${num(e.gamma)}`, value: null },
    { key: 'return', label: 'return R', text: returnText(e), value: e.ret },
    { key: 'discount', label: 'discount d', text: discountText(e), value: e.discount },
    {
      key: 'bootstrapAction', label: 'next action a*',
      text: e.double
        ? `a* = argmax over a′ of Q_online(s′, a′) = ${star} (Double DQN: the online net picks a′, the target net values it)`
        : `a* = argmax over a′ of Q_target(s′, a′) = ${star}`,
      value: null,
    },
    { key: 'bootstrap', label: 'Q_target(s′, a*)', text: `Q_target(s′, ${star}) = ${num(e.bootstrap)}`, value: e.bootstrap },
    { key: 'target', label: 'target y', text: `y = R + d·Q_target(s′, a*) = ${num(e.ret)} + ${term(e.discount)}·${term(e.bootstrap)} = ${num(e.target)}`, value: e.target },
  ];
  if (e.double) {
    const best = argMax(e.qNextTarget);
    const diff = e.plainTarget - e.target;
    const compare = diff === 0 ? 'the same target' : `${num(Math.abs(diff))} ${diff > 0 ? 'higher' : 'lower'}`;
    lines.push({
      key: 'plainTarget', label: 'plain DQN',
      text: `plain DQN would bootstrap from max over a′ of Q_target(s′, a′) = ${num(e.qNextTarget[best])} (${nameOf(names, best)}): y = ${num(e.plainTarget)}, ${compare}`,
      value: e.plainTarget,
    });
  }
  const inside = Math.abs(e.tdError) <= e.huberDelta;
  lines.push(
    { key: 'q', label: 'Q(s, a)', text: `Q_online(s, ${nameOf(names, e.action)}) = ${num(e.q)} (before the update)`, value: e.q },
    { key: 'tdError', label: 'TD error δ', text: `δ = y − Q(s, a) = ${num(e.target)} − ${term(e.q)} = ${num(e.tdError)}`, value: e.tdError },
    {
      key: 'loss', label: 'Huber loss',
      text: inside
        ? `L = ½δ² = ${num(e.loss)} (|δ| ≤ κ = ${num(e.huberDelta)}: the quadratic part)`
        : `L = κ(|δ| − κ/2) = ${num(e.loss)} (|δ| > κ = ${num(e.huberDelta)}: the linear part, so one big error cannot swamp the gradient)`,
      value: e.loss,
    },
  );
  if (e.weight !== 1) {
    lines.push({ key: 'weight', label: 'weight w', text: `prioritized replay's importance weight w = ${num(e.weight)}: this sample counts w·L`, value: e.weight });
  }
  return lines;
}

/** Q-values of s′ for the table under the target: each action's Q_target and Q_online, a* marked. */
export function nextQRows(e: TdExplanation, names: Names): { action: string; target: string; online: string; star: boolean }[] {
  return e.qNextTarget.map((q, a) => ({ action: nameOf(names, a), target: num(q), online: num(e.qNextOnline[a]), star: a === e.bootstrapAction }));
}

/** The lines above the sample: the step taken and the update it fed. */
export function updateLines(u: UpdateExplanation, names: Names): TdLine[] {
  const s = u.step;
  const picked = u.temperature ? `by a softmax draw over Q (T = ${num(u.temperature)}, ε = ${num(u.epsilon)})` : `greedily (ε = ${num(u.epsilon)})`;
  const how = s.random ? `at random (ε = ${num(u.epsilon)})` : picked;
  const ended = s.terminated ? '; the episode terminated' : s.truncated ? '; the step limit truncated the episode' : '';
  return [
    {
      key: 'step', label: 'step',
      text: `env step ${u.envSteps}: the shown game moved ${nameOf(names, s.action)}, chosen ${how}; reward ${num(s.reward)}, stored for learning as ${num(s.storedReward)}${ended}`,
      value: s.reward,
    },
    {
      key: 'batch', label: 'batch',
      text: `update ${u.updates} drew ${u.batchIndices.length} transitions from replay slots ${u.batchIndices.join(', ')}`,
      value: null,
    },
    { key: 'batchLoss', label: 'batch loss', text: `mean over the batch of w·L = ${num(u.loss)}: what Adam minimised in this update`, value: u.loss },
    { key: 'sample', label: 'sample', text: `batch position ${u.sampleAt} (replay slot ${u.sample.replayIndex}), explained below with the networks before the update`, value: null },
  ];
}
