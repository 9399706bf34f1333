/**
 * What a DQN run will hold in memory, checked against a budget before anything is allocated:
 * a replay capacity or batch size that would not fit is refused up front, with the cost and the
 * limit in the message, instead of crashing a tab or a long run halfway.
 * Budgets: the page passes a quarter of `navigator.deviceMemory` (1 GB where the browser does
 * not say); the CLI passes V8's heap limit.
 */
import { ConfigError } from '../core/errors.js';
import { FRAME_SIZE } from '../obs/raster.js';
import type { DqnConfig } from './config.js';
import { replayMemoryBytes } from './replay/replay-memory.js';

/** Parameters of the networks (online + target + Adam's two moments = 4 copies, float32). */
const NET_PARAMS: Readonly<Record<DqnConfig['net'], number>> = { nature: 1_700_000, small: 200_000 };

/** A memory limit and where it comes from, in words ("a quarter of 8 GB device memory"). */
export interface MemoryBudget {
  bytes: number;
  source: string;
}

/** The browser's budget: a quarter of navigator.deviceMemory (GB, capped by browsers at 8), 1 GB when unknown. */
export function browserMemoryBudget(deviceMemoryGb: number | undefined): MemoryBudget {
  if (deviceMemoryGb === undefined || !(deviceMemoryGb > 0)) return { bytes: 1e9, source: 'the default for a browser that does not report its memory' };
  return { bytes: (deviceMemoryGb * 1e9) / 4, source: `a quarter of this device's ${deviceMemoryGb} GB memory` };
}

export interface DqnMemory {
  replay: number;
  /** One sampled batch: two stacks per transition as bytes and as float32 tensors. */
  batch: number;
  networks: number;
  total: number;
}

export function dqnMemoryBytes(c: Pick<DqnConfig, 'replayCapacity' | 'prioritized' | 'batchSize' | 'net'>): DqnMemory {
  const replay = replayMemoryBytes(c.replayCapacity, c.prioritized);
  const batch = c.batchSize * 2 * 4 * FRAME_SIZE * (1 + 4);
  const networks = NET_PARAMS[c.net] * 4 * 4;
  return { replay, batch, networks, total: replay + batch + networks };
}

const mb = (bytes: number): string => `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`;

/** Throws a ConfigError naming the field that does not fit `budgetBytes` (described by `budgetSource`). */
export function checkMemoryBudget(c: Pick<DqnConfig, 'replayCapacity' | 'prioritized' | 'batchSize' | 'net'>, budgetBytes: number, budgetSource: string): void {
  const m = dqnMemoryBytes(c);
  if (m.total <= budgetBytes) return;
  const field = m.replay >= m.batch ? 'dqn.replayCapacity' : 'dqn.batchSize';
  const perTransition = replayMemoryBytes(1000, c.prioritized) / 1000;
  const fits = Math.max(0, Math.floor((budgetBytes - m.batch - m.networks) / perTransition / 1000) * 1000);
  throw new ConfigError(field, field === 'dqn.replayCapacity'
    ? `replay capacity ${c.replayCapacity.toLocaleString('en-US')} needs ${mb(m.total)} in all (replay ${mb(m.replay)}), over the memory budget of ${mb(budgetBytes)} (${budgetSource}): choose at most ${fits.toLocaleString('en-US')}`
    : `batch size ${c.batchSize} needs ${mb(m.batch)} a batch, ${mb(m.total)} in all, over the memory budget of ${mb(budgetBytes)} (${budgetSource})`);
}
