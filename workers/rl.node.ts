/** The RL worker under Node's worker_threads (tests, CLI): the same API over Comlink's Node adapter. */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createRlWorkerApi } from '../src/rl/worker-api.js';

if (!parentPort) throw new Error('rl.node.ts must run as a worker thread');
Comlink.expose(createRlWorkerApi(), nodeEndpoint(parentPort));
