/**
 * npm run bench -- --suite env|dqn|gen|soak [--backend cpu|webgpu] [--json] [--seconds S]
 * Prints benchmark figures (one JSON object with --json) with the machine's facts. Speed goals
 * are checked here, never in timed tests; figures to compare come from the same run.
 */
import * as tf from '@tensorflow/tfjs';
import { BACKEND_PREFERENCES, type BackendInfo, type BackendPreference, selectBackend } from '../tf/backend.js';
import { benchCpuKernels } from '../tf/kernels/cpu/bench.js';
import { fastCpuGemmEngine, registerFastCpuKernels, unregisterFastCpuKernels } from '../tf/kernels/cpu/index.js';
import { benchWebGpuKernels } from '../tf/kernels/webgpu/bench.js';
import { kernelCallCounts, registerFastWebGpuKernels, resetKernelCallCounts, unregisterFastWebGpuKernels } from '../tf/kernels/webgpu/index.js';
import { provideNodeWebGpu } from '../tf/node-webgpu.js';
import { helpText, parseFlags, runCli, type FlagSpecs } from './args.js';
import { benchDqn, type DqnBenchFigures, type DqnUpdateProfile, profileDqnUpdate } from './bench/dqn-suite.js';
import { benchEnv } from './bench/env-suite.js';
import { benchGenSuite, parseGenModels } from './bench/gen-suite.js';
import { soak } from './bench/soak-suite.js';
import { machineFacts, setSubmitBatch } from './bench/timing.js';
import { layoutFile, loadLayout } from './layouts.js';

const FLAGS: FlagSpecs = {
  suite: { kind: 'string', help: 'what to measure', choices: ['env', 'dqn', 'gen', 'soak'], default: 'env' },
  layout: { kind: 'string', help: 'layout for the env suite', default: 'classic28' },
  backend: { kind: 'string', help: 'tfjs backend for the dqn and gen suites', choices: BACKEND_PREFERENCES, default: 'cpu' },
  seconds: { kind: 'number', help: 'seconds per measurement', default: 3, min: 0.1, max: 600 },
  nets: { kind: 'string', help: 'networks for the dqn suite', choices: ['both', 'small', 'nature'], default: 'both' },
  'skip-stock-nature': { kind: 'boolean', help: 'skip the stock nature update (~1 minute on the CPU, ~10 s on SwiftShader)', default: false },
  'skip-stock': { kind: 'boolean', help: 'gen suite: skip the stock kernels (cpu: one slow step per model; webgpu: the stock convolution gradients)', default: false },
  'ddpm-batch': { kind: 'int', help: 'gen suite: batch of the DDPM (all T steps) timing; 0 = skip (default: 64, 8 on cpu, 0 on a software WebGPU adapter)', min: 0, max: 1024 },
  'skip-dream': { kind: 'boolean', help: 'gen suite: skip the world models\' dream timing', default: false },
  models: { kind: 'string', help: 'gen suite: models to time, comma-separated', default: 'vae,gan,diffusion' },
  updates: { kind: 'int', help: 'soak suite: training updates to run', default: 100_000, min: 1 },
  'replay-capacity': { kind: 'int', help: 'soak suite: replay capacity (it must fill before warm-up ends)', default: 20_000, min: 32 },
  batch: { kind: 'int', help: 'soak suite: batch size', default: 32, min: 1, max: 4096 },
  'sample-seconds': { kind: 'number', help: 'soak suite: seconds between memory samples', default: 30, min: 1, max: 3600 },
  'submit-batch': { kind: 'int', help: 'webgpu: programs recorded per queue submit (tfjs\' WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE; its default is 15)', min: 1, max: 100_000 },
  json: { kind: 'boolean', help: 'print one JSON object', default: false },
  help: { kind: 'boolean', help: 'show this help', default: false },
};

async function dqnSuite(backendPref: BackendPreference, seconds: number, skipStockNature: boolean, which: string, submitBatch?: number): Promise<Record<string, unknown>> {
  const backend = await selectBackend(backendPref, { provideWebGpu: provideNodeWebGpu });
  setSubmitBatch(backend, submitBatch);
  const rows: DqnBenchFigures[] = [];
  const nets = (['small', 'nature'] as const).filter((n) => which === 'both' || which === n);
  if (backend.name === 'cpu') {
    for (const net of nets) {
      registerFastCpuKernels();
      rows.push(await benchDqn(net, 'custom', seconds, false));
      unregisterFastCpuKernels();
      if (!(net === 'nature' && skipStockNature)) rows.push(await benchDqn(net, 'stock', seconds, net === 'nature'));
      registerFastCpuKernels();
    }
  } else if (backend.name === 'webgpu') {
    return webGpuDqnSuite(backend, seconds, skipStockNature, nets);
  } else {
    for (const net of nets) rows.push(await benchDqn(net, 'stock', seconds, false));
  }
  const kernelsMs = backend.name === 'cpu' && nets.includes('nature') ? await benchCpuKernels({ batch: 32, includeStock: !skipStockNature }) : [];
  return { backend, gemm: fastCpuGemmEngine(), rows, speedupCustomOverStock: speedups(rows), natureKernelsMs: kernelsMs };
}

/** custom / stock updates per second for each net, null where one of the two was not run. */
function speedups(rows: DqnBenchFigures[]): Record<string, number | null> {
  const ratio = (net: string): number | null => {
    const c = rows.find((r) => r.net === net && r.kernels === 'custom');
    const s = rows.find((r) => r.net === net && r.kernels === 'stock');
    return c && s ? Number((c.updatesPerSec / s.updatesPerSec).toPrecision(4)) : null;
  };
  return { small: ratio('small'), nature: ratio('nature') };
}

/**
 * WebGPU: Pac-Lab's kernels (kernels/webgpu) and the stock ones side by side, the adapter, the
 * nature update broken down by kernel (tf.profile, timestamp queries) and the convolution
 * gradients timed one by one. Leaves Pac-Lab's kernels registered.
 */
async function webGpuDqnSuite(backend: BackendInfo, seconds: number, skipStockNature: boolean, nets: readonly ('small' | 'nature')[]): Promise<Record<string, unknown>> {
  const rows: DqnBenchFigures[] = [];
  const updateProfiles: DqnUpdateProfile[] = [];
  resetKernelCallCounts();
  for (const net of nets) {
    registerFastWebGpuKernels();
    rows.push(await benchDqn(net, 'custom', seconds, false));
    if (net === 'nature') updateProfiles.push(await profileDqnUpdate(net, 'custom'));
    unregisterFastWebGpuKernels();
    if (!(net === 'nature' && skipStockNature)) {
      rows.push(await benchDqn(net, 'stock', seconds, false));
      if (net === 'nature') updateProfiles.push(await profileDqnUpdate(net, 'stock'));
    }
    registerFastWebGpuKernels();
  }
  const calls = kernelCallCounts();
  const gpu = tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string }; supportTimestampQuery?: boolean };
  return {
    backend,
    submitBatch: tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE'),
    adapterInfo: { vendor: gpu.adapterInfo?.vendor ?? '', architecture: gpu.adapterInfo?.architecture ?? '' },
    rows,
    speedupCustomOverStock: speedups(rows),
    /** Calls that reached Pac-Lab's kernels while registered: which took their own path, which went to stock. */
    webGpuKernelCalls: calls,
    natureUpdateProfile: {
      clock: gpu.supportTimestampQuery ? 'tf.profile kernelTimeMs from timestamp-query, one pass per program (a software adapter\'s timestamps are not GPU clocks)' : 'none: no timestamp-query, all ms are 0',
      profiles: updateProfiles,
    },
    natureKernelsMs: nets.includes('nature') ? await benchWebGpuKernels({ batch: 32 }) : null,
  };
}

/** The long soak: the worker's run loop for `--updates` updates, tensor memory and heap sampled (stderr: one JSON line per sample). */
async function soakSuite(flags: Record<string, unknown>): Promise<Record<string, unknown>> {
  const backend = await selectBackend(flags.backend as BackendPreference, { provideWebGpu: provideNodeWebGpu });
  const net = flags.nets === 'nature' ? 'nature' : 'small';
  const { file, name } = layoutFile(flags.layout as string);
  const result = await soak(backend, {
    layoutName: name, layoutPath: file, updates: flags.updates as number, seed: 1, sampleSeconds: flags['sample-seconds'] as number,
    dqn: { net, numEnvs: 1, trainEvery: 1, batchSize: flags.batch as number, replayCapacity: flags['replay-capacity'] as number, learningStarts: 1000, targetSyncEvery: 1000, epsilonSteps: 20_000 },
    onSample: (sample) => process.stderr.write(`${JSON.stringify(sample)}\n`),
  });
  return { backend, ...result };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) return void console.log(helpText('bench', 'Benchmarks that print JSON.', FLAGS));
  const machine = machineFacts();
  const date = new Date().toISOString();
  const seconds = flags.seconds as number;
  const result = flags.suite === 'soak'
    ? await soakSuite(flags)
    : flags.suite === 'env'
    ? benchEnv(loadLayout(flags.layout as string), seconds)
    : flags.suite === 'gen'
      ? await benchGenSuite(flags.backend as BackendPreference, {
        seconds, stock: !(flags['skip-stock'] as boolean), ddpmBatch: flags['ddpm-batch'] as number | undefined, skipDream: flags['skip-dream'] as boolean,
        models: parseGenModels(flags.models as string), submitBatch: flags['submit-batch'] as number | undefined,
        onRow: (row) => process.stderr.write(`${JSON.stringify(row)}\n`),
      })
      : await dqnSuite(flags.backend as BackendPreference, seconds, flags['skip-stock-nature'] as boolean, flags.nets as string, flags['submit-batch'] as number | undefined);
  const report = { suite: flags.suite, date, machine, result };
  if (flags.json) console.log(JSON.stringify(report, null, 2));
  else console.dir(report, { depth: 5 });
}

void runCli(main);
