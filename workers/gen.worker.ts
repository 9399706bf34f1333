/** The gen worker in the browser: the generative lab's API over Comlink. Logic lives in src/gen. */
import * as Comlink from 'comlink';
import { loadDigitsBrowser } from '../src/gen/datasets/digits-browser.js';
import { loadJudgeBrowser } from '../src/gen/metrics/judge-browser.js';
import { createGenWorkerApi } from '../src/gen/worker-api.js';

Comlink.expose(createGenWorkerApi({ digits: () => loadDigitsBrowser(), judge: (dataset) => loadJudgeBrowser(dataset) }, { allowWebGl: true }));
