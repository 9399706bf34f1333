/** The RL worker in the browser: exposes the RL API over Comlink. Logic lives in src/rl. */
import * as Comlink from 'comlink';
import { browserMemoryBudget } from '../src/rl/memory-budget.js';
import { createRlWorkerApi } from '../src/rl/worker-api.js';

// A failed run loop rejects a promise nobody awaits: rethrow it as an error event, so the page's
// Worker gets 'error' and restarts the worker (src/ui/recovery).
self.addEventListener('unhandledrejection', (e) => {
  throw e.reason instanceof Error ? e.reason : new Error(String(e.reason));
});
const deviceMemory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
Comlink.expose(createRlWorkerApi({ allowWebGl: true }, browserMemoryBudget(deviceMemory)));
