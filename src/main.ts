/** Page entry: starts the RL and gen workers and hands their Comlink APIs to the UI. No logic lives here. */
import * as Comlink from 'comlink';
import type { GenWorkerApi } from './gen/worker-api.js';
import { showError, startApp } from './ui/app.js';
import './ui/styles.css';

const spawnRl = (): Worker => new Worker(new URL('../workers/rl.worker.ts', import.meta.url), { type: 'module' });
const genWorker = new Worker(new URL('../workers/gen.worker.ts', import.meta.url), { type: 'module' });
genWorker.addEventListener('error', (e) => showError(`the generative lab's worker failed: ${e.message || 'it could not load'}`));
startApp(spawnRl, Comlink.wrap<GenWorkerApi>(genWorker)).catch(showError);
