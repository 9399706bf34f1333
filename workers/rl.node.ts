/** The RL worker under Node's worker_threads (tests, CLI): the same API over Comlink's Node adapter. */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createRlWorkerApi } from '../src/rl/worker-api.js';
import { provideNodeWebGpu } from '../src/tf/node-webgpu.js';

if (!parentPort) throw new Error('rl.node.ts must run as a worker thread');
// WebGPU through Dawn when asked for ('webgpu' / 'auto'); tests mostly ask for 'cpu'.
Comlink.expose(createRlWorkerApi({ provideWebGpu: provideNodeWebGpu }), nodeEndpoint(parentPort));
