/** The RL worker in the browser: exposes the RL API over Comlink. Logic lives in src/rl. */
import * as Comlink from 'comlink';
import { createRlWorkerApi } from '../src/rl/worker-api.js';

Comlink.expose(createRlWorkerApi({ allowWebGl: true }));
