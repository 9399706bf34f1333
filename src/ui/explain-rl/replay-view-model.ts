/** The replay viewer's pure parts: where to go, and what a transition's lines say. Testable in Node. */
import type { ReplayTransitionView } from '../../rl/explain/types.js';
import { num } from './format.js';
import type { TdLine } from './td-text.js';

/** `index` moved into [0, size - 1] (0 for an empty memory); a non-number goes to 0. */
export function clampIndex(index: number, size: number): number {
  if (!Number.isFinite(index) || size <= 0) return 0;
  return Math.min(size - 1, Math.max(0, Math.round(index)));
}

/** "transition 12 of 3,456 · replay slot 78" (1-based for people; the worker's index is 0-based). */
export function positionText(view: ReplayTransitionView, size: number): string {
  return `transition ${(view.index + 1).toLocaleString('en-US')} of ${size.toLocaleString('en-US')} · replay slot ${view.slot}`;
}

export function transitionLines(view: ReplayTransitionView, names: readonly string[]): TdLine[] {
  const done = view.terminated
    ? 'terminated: Pac-Man died or cleared the maze; the target does not bootstrap'
    : view.truncated
      ? 'truncated: the step limit ended the episode; the target still bootstraps'
      : 'no: the episode went on';
  return [
    { key: 'action', label: 'action a', text: names[view.action] ?? `action ${view.action}`, value: view.action },
    { key: 'reward', label: 'reward r', text: `${num(view.reward)} (as stored for learning, after the reward transform)`, value: view.reward },
    { key: 'done', label: 'episode over?', text: done, value: null },
  ];
}
