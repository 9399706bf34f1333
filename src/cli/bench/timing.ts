/** Timing helpers for benchmark commands (never for tests: machines here are shared and noisy). */
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs';

/** Runs `work(n)` in growing batches for about `seconds`, `reps` times; returns the best and median rate (units/s). */
export function measureRate(work: (n: number) => number, seconds: number, reps = 3): { best: number; median: number } {
  const rates: number[] = [];
  let batch = 1000;
  // Warm-up and batch sizing: aim for ~20 batches per rep.
  for (;;) {
    const t0 = performance.now();
    work(batch);
    const ms = performance.now() - t0;
    if (ms > (seconds * 1000) / 20 || batch > 1e8) break;
    batch *= 2;
  }
  for (let r = 0; r < reps; r++) {
    let units = 0;
    const t0 = performance.now();
    let elapsed = 0;
    while (elapsed < seconds * 1000) {
      units += work(batch);
      elapsed = performance.now() - t0;
    }
    rates.push(units / (elapsed / 1000));
  }
  rates.sort((a, b) => a - b);
  return { best: rates[rates.length - 1], median: rates[Math.floor(rates.length / 2)] };
}

export function machineFacts(): { cpu: string; cores: number; node: string; platform: string } {
  const list = cpus();
  return { cpu: list[0]?.model.trim() ?? 'unknown', cores: list.length, node: process.version, platform: `${process.platform}-${process.arch}` };
}

/**
 * `--submit-batch`: on WebGPU, how many programs tfjs records before it submits the queue
 * (its WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE flag, registered when the backend is imported, so
 * this runs after selectBackend). Ignored on other backends; undefined keeps tfjs' default.
 */
export function setSubmitBatch(backend: { name: string }, programs: number | undefined): void {
  if (programs !== undefined && backend.name === 'webgpu') tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', programs);
}
