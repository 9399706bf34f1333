/** The run loop's yields: a timer turn only once the interval has passed, so a queued message gets in. */
import { describe, expect, it } from 'vitest';
import { LoopYield, sleep } from '../../../src/rl/loop-yield.js';

describe('LoopYield', () => {
  it('lets a queued timer run only once the interval has passed since the last yield', async () => {
    const yielder = new LoopYield();
    let heard = false;
    setTimeout(() => { heard = true; }, 0);
    await yielder.maybe(10_000); // too soon: no timer turn
    expect(heard).toBe(false);
    await yielder.maybe(0); // due: the queued timer (a message, a heartbeat) runs
    expect(heard).toBe(true);
  });

  it('counts from a paced wait of the loop', async () => {
    const yielder = new LoopYield();
    await sleep(30);
    yielder.mark();
    let heard = false;
    setTimeout(() => { heard = true; }, 0);
    await yielder.maybe(25); // 30 ms passed, but the mark restarted the count
    expect(heard).toBe(false);
  });
});
