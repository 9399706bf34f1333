/** The gen worker under Node's worker_threads (tests): the same API over Comlink's Node adapter. */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { loadDigitsNode } from '../src/gen/datasets/digits-node.js';
import { loadJudgeNode } from '../src/gen/metrics/judge-node.js';
import { createGenWorkerApi } from '../src/gen/worker-api.js';

if (!parentPort) throw new Error('gen.node.ts must run as a worker thread');
Comlink.expose(createGenWorkerApi({ digits: async () => loadDigitsNode(), judge: async (dataset) => loadJudgeNode(dataset) }), nodeEndpoint(parentPort));
