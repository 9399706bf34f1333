// Runs a TypeScript module as a worker thread (tsx's loader is not inherited by workers in Node 20).
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
