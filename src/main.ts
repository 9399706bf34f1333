/** Page entry: starts the RL worker and hands its Comlink API to the UI. No logic lives here. */
import * as Comlink from 'comlink';
import type { RlWorkerApi } from './rl/worker-api.js';
import { showError, startApp } from './ui/app.js';
import './ui/styles.css';

const worker = new Worker(new URL('../workers/rl.worker.ts', import.meta.url), { type: 'module' });
worker.addEventListener('error', (e) => showError(`the RL worker failed: ${e.message || 'it could not load'}`));
startApp(Comlink.wrap<RlWorkerApi>(worker)).catch(showError);
