import { describe, expect, it } from 'vitest';
import { checkMemoryBudget, dqnMemoryBytes } from '../../../src/rl/memory-budget.js';

const SMALL = { replayCapacity: 20_000, prioritized: true, batchSize: 32, net: 'small' as const };

describe('the memory budget', () => {
  it('adds replay, a batch and the networks', () => {
    const m = dqnMemoryBytes(SMALL);
    expect(m.replay).toBeGreaterThan(20_000 * 7000);
    expect(m.total).toBe(m.replay + m.batch + m.networks);
    expect(dqnMemoryBytes({ ...SMALL, net: 'nature' }).networks).toBeGreaterThan(m.networks);
  });

  it('passes what fits and refuses what does not, with the cost, the limit and what would fit', () => {
    expect(() => checkMemoryBudget(SMALL, 1e9, 'test')).not.toThrow();
    expect(() => checkMemoryBudget({ ...SMALL, replayCapacity: 1_000_000 }, 1e9, 'a quarter of 4 GB device memory'))
      .toThrow(/^replay capacity 1,000,000 needs [\d,]+ MB in all \(replay [\d,]+ MB\), over the memory budget of 1,000 MB \(a quarter of 4 GB device memory\): choose at most [\d,]+$/);
    expect(() => checkMemoryBudget({ ...SMALL, replayCapacity: 1000, batchSize: 100_000 }, 1e9, 'test')).toThrow(/^batch size 100000 needs/);
  });
});
