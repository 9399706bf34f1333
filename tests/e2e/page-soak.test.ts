/**
 * The page's heap over a turbo run (issue 9): the page draws snapshots from a training worker
 * for PACLAB_PAGE_SOAK_SECONDS (60 in CI; 600 for the figure in BENCHMARKS.md) and the main
 * thread's JS heap, measured after a forced garbage collection through the DevTools protocol,
 * must stay flat after warm-up. The only things the page keeps that grow with time are bounded
 * by design (the metrics log, DEFAULT_MAX_METRICS_ROWS rows; the charts' windows), so the test
 * allows what those rows account for and nothing more. The figures are printed as JSON.
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppPage, CHROMIUM, hasChromium, openApp } from './harness.js';
import { until } from './page-probes.js';

const available = hasChromium();
if (!available) console.warn(`skipping the page soak: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const SECONDS = Number(process.env.PACLAB_PAGE_SOAK_SECONDS ?? 60);
const WARM_UP_SECONDS = Math.min(20, SECONDS / 3);
const SAMPLES = 6;
/** Generous bytes per metrics row the page keeps (an EpisodeRow object with ~8 numbers). */
const BYTES_PER_ROW = 400;
/** Heap noise allowed beyond that: V8 keeps compiled code and caches it warms up lazily. */
const SLACK_BYTES = 3e6;

describe.skipIf(!available)('the page in a long turbo run', () => {
  let app: AppPage | undefined;
  let page: Page;
  let cdp: CDPSession;

  beforeAll(async () => {
    app = await openApp('?seed=3&backend=cpu', { launch: { webgpu: false } });
    page = app.page;
    cdp = await page.context().newCDPSession(page);
  });

  afterAll(() => app?.close());

  /** Main-thread JS heap in use after a full garbage collection, and the metrics rows kept. */
  async function heapNow(): Promise<{ seconds: number; heapBytes: number; metricsRows: number; envSteps: number }> {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return {
      seconds: 0, heapBytes: usedSize,
      metricsRows: Number(await page.locator('#metrics-count').innerText()),
      envSteps: Number(await page.locator('[data-stat="envSteps"]').getAttribute('data-value')),
    };
  }

  it(`keeps the main thread's heap flat over ${SECONDS} s of turbo (beyond its bounded metrics log)`, async () => {
    await page.locator('#layout-select').selectOption('starter7');
    await until('starter7', async () => (await page.locator('#board').getAttribute('data-layout')) === 'starter7 7x7', 20_000);
    await page.locator('#speed').fill(await page.locator('#speed').getAttribute('max') ?? '4');
    await page.click('#btn-start');
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, WARM_UP_SECONDS * 1000));
    const samples = [{ ...(await heapNow()), seconds: Math.round((Date.now() - t0) / 1000) }];
    const every = ((SECONDS - WARM_UP_SECONDS) * 1000) / SAMPLES;
    for (let i = 0; i < SAMPLES; i++) {
      await new Promise((r) => setTimeout(r, every));
      samples.push({ ...(await heapNow()), seconds: Math.round((Date.now() - t0) / 1000) });
    }
    await page.click('#btn-pause');
    const first = samples[0];
    const last = samples[samples.length - 1];
    const allowed = (last.metricsRows - first.metricsRows) * BYTES_PER_ROW + SLACK_BYTES;
    const figures = {
      seconds: SECONDS, envSteps: last.envSteps - first.envSteps,
      heapMB: samples.map((s) => Number((s.heapBytes / 1e6).toFixed(2))),
      metricsRows: samples.map((s) => s.metricsRows),
      growthMB: Number(((last.heapBytes - first.heapBytes) / 1e6).toFixed(2)),
      allowedMB: Number((allowed / 1e6).toFixed(2)),
      // A live worker taken for dead would be restarted from its autosave, its counters going back.
      workerRestarts: await page.evaluate(() => window.__paclab!.restarts()),
      longestWorkerSilenceMs: await page.evaluate(() => window.__paclab!.longestWorkerSilence()),
    };
    console.log(`page soak (CPU backend, headless Chromium, turbo on starter7): ${JSON.stringify(figures)}`);
    expect(figures.workerRestarts).toBe(0);
    expect(last.envSteps).toBeGreaterThan(first.envSteps); // it was training all along
    expect(last.heapBytes - first.heapBytes).toBeLessThanOrEqual(allowed);
  }, (SECONDS + 120) * 1000);
});
