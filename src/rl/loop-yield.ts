/**
 * How the RL worker's run loop lets messages in. On the CPU backend a tick is synchronous work
 * (tfjs's CPU kernels, and read-backs that resolve as microtasks), so the worker hears nothing,
 * not a pause, not the page's heartbeat, until the loop awaits a timer.
 */

/** Between ticks the loop yields this often, so messages (pause, setParams) get through. */
export const YIELD_INTERVAL_MS = 15;
/**
 * Inside a tick of several updates it yields when this long has passed since the last yield:
 * the heartbeat (src/ui/recovery/worker-supervisor.ts) is answered within about this plus one
 * update, at the cost of one timer turn (~4 ms in a browser) per interval.
 */
export const MID_TICK_YIELD_MS = 100;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Yields to the event loop once `intervalMs` has passed since the last yield. */
export class LoopYield {
  private last = performance.now();

  async maybe(intervalMs: number): Promise<void> {
    if (performance.now() - this.last < intervalMs) return;
    await sleep(0);
    this.mark();
  }

  /** The loop just waited on a timer of its own (a paced step): count from now. */
  mark(): void {
    this.last = performance.now();
  }
}
