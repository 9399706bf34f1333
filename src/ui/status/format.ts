/** The status line's fields, formatted from a snapshot. Pure: testable in Node. */
import type { RlSnapshot } from '../../rl/session.js';

export interface StatusItem {
  /** Stable key (the element's `data-stat`). */
  key: string;
  label: string;
  text: string;
  /** The raw number behind the text, when there is one (for tests and tooltips). */
  value?: number;
  /** Longer explanation shown on hover. */
  title?: string;
}

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInt(n: number): string {
  return Number.isFinite(n) ? INT.format(Math.round(n)) : '–';
}

export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec) || perSec <= 0) return '0';
  if (perSec >= 100) return formatInt(perSec);
  if (perSec >= 10) return perSec.toFixed(1);
  return perSec.toFixed(2);
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}

/** "webgpu (SwiftShader)" and, when it is not WebGPU, why. */
export function backendText(backend: RlSnapshot['backend']): { text: string; title: string } {
  const text = backend.adapter ? `${backend.name} (${backend.adapter})` : backend.name;
  return { text, title: backend.reason ? `not WebGPU: ${backend.reason}` : 'the first choice runs' };
}

export function statusItems(s: RlSnapshot): StatusItem[] {
  const backend = backendText(s.backend);
  const loss = s.lastReport?.loss;
  return [
    { key: 'backend', label: 'backend', text: backend.text, title: backend.title },
    { key: 'envStepsPerSec', label: 'env steps/s', text: formatRate(s.envStepsPerSec), value: s.envStepsPerSec },
    { key: 'updatesPerSec', label: 'updates/s', text: formatRate(s.updatesPerSec), value: s.updatesPerSec },
    {
      key: 'replay', label: 'replay', value: s.replay.size,
      text: `${formatInt(s.replay.size)} / ${formatInt(s.replay.capacity)} (${formatMegabytes(s.replay.bytes)})`,
      title: 'transitions stored / capacity (memory the replay buffer holds when full)',
    },
    { key: 'episodes', label: 'episodes', text: formatInt(s.episodes), value: s.episodes },
    { key: 'envSteps', label: 'env steps', text: formatInt(s.envSteps), value: s.envSteps },
    { key: 'updates', label: 'updates', text: formatInt(s.updates), value: s.updates },
    { key: 'meanScore', label: 'mean score (100)', text: s.episodes ? s.meanScore100.toFixed(1) : '–', value: s.meanScore100 },
    { key: 'winRate', label: 'win rate (100)', text: s.episodes ? `${(100 * s.winRate100).toFixed(0)}%` : '–', value: s.winRate100 },
    { key: 'loss', label: 'loss', text: loss === undefined ? '–' : loss.toPrecision(3), value: loss },
  ];
}
