/**
 * A lost WebGPU device, for real: the RL worker trains on WebGPU (Dawn on SwiftShader in Node),
 * the test destroys the device, and the run falls back to the CPU, restores the last good
 * checkpoint and keeps going, saying so. Skipped where Dawn finds no adapter (no Vulkan loader:
 * `apt-get install -y libvulkan1 chromium`; .ci/run installs both).
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { RlInitConfig, RlSnapshot } from '../../src/rl/session.js';
import type { RlWorkerApi } from '../../src/rl/worker-api.js';

const STARTER = ['%%%%%%%', '% P   %', '% %%% %', '% %.  %', '% %%% %', '%. G  %', '%%%%%%%'].join('\n');
const CONFIG: RlInitConfig = {
  layout: { name: 'starter', text: STARTER }, env: { maxSteps: 50 },
  dqn: { net: 'small', replayCapacity: 1000, learningStarts: 10_000, batchSize: 8 }, seed: 5,
};

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** `promise`, or a failure naming `what` after `ms`: a hung worker call says where it hung. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer from the RL worker within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
let worker: Worker | null = null;
let api: Comlink.Remote<RlWorkerApi> | null = null;

afterAll(async () => {
  // Stop the run before terminating: a worker thread killed mid-step with Dawn objects alive can
  // take the whole test process down with it.
  if (api) await within(api.pause(), 10_000, 'pause at the end').catch(() => undefined);
  await worker?.terminate();
});

describe('WebGPU device loss', () => {
  it('falls back to the CPU, restores the last good checkpoint and keeps going, and says so', async () => {
    // The Vulkan loader reads the real process environment, which a worker thread's process.env
    // only copies: point it at SwiftShader from the main thread (node-webgpu.ts does this in-process).
    if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    worker = new Worker(fileURLToPath(new URL('./ts-worker.mjs', import.meta.url)), {
      workerData: { entry: fileURLToPath(new URL('../../workers/rl.node.ts', import.meta.url)) },
    });
    api = Comlink.wrap<RlWorkerApi>(nodeEndpoint(worker));
    const backend = await api.init(CONFIG, 'webgpu');
    if (backend.name !== 'webgpu') {
      console.warn(`skipping the device-loss test: no WebGPU adapter here (${backend.reason})`);
      return;
    }
    const snapshots: RlSnapshot[] = [];
    await api.subscribe(Comlink.proxy((s: RlSnapshot) => void snapshots.push(s)));
    await api.step(3);
    const probe = new Uint8Array(84 * 84 * 4).map((_, i) => (i * 11) % 251);
    const before = Array.from(await api.qValues(probe, 1));
    await api.start();
    await new Promise((r) => setTimeout(r, 500));
    // Trap: destroying a Dawn device on SwiftShader while its queue is busy once deadlocked the
    // worker thread under CI load (loseDevice never answered). A driver reset takes the device
    // whenever it likes, but the test takes it between ticks: pause, lose it, start again.
    await within(api.pause(), 30_000, 'pause before the loss');
    await within(api.loseDevice(), 30_000, 'loseDevice');
    await within(api.start(), 30_000, 'start after the loss');
    const end = Date.now() + 60_000;
    while (!snapshots.some((s) => s.backend.name === 'cpu' && s.alert) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const fell = snapshots.find((s) => s.backend.name === 'cpu' && s.alert);
    expect(fell?.alert).toMatch(/The WebGPU device was lost \(.*\): now training on cpu, restored from update 0/);
    const after = Array.from(await api.qValues(probe, 1));
    expect(Math.max(...after.map((v, i) => Math.abs(v - before[i])))).toBeLessThan(1e-4); // the same network, now on the CPU
    // It keeps going: look only at the snapshots after the fallback's (the restored checkpoint
    // may be older than the steps published before the loss).
    const fellAt = snapshots.indexOf(fell as RlSnapshot);
    const steps = fell?.envSteps ?? 0;
    const later = (): RlSnapshot[] => snapshots.slice(fellAt + 1);
    while (!later().some((s) => s.envSteps > steps + 2) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(later().at(-1)?.envSteps).toBeGreaterThan(steps + 2);
    await api.pause();
  }, 120_000);
});
