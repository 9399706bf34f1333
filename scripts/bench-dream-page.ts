/**
 * Dream speed in the browser: builds the app, opens it in headless Chromium (as the e2e tests do),
 * lets the agent play, starts a dream as fast as it runs with the agent piloting, and samples the
 * Dream panel's figures once a second. Prints one JSON line: medians of frames/s, the step's time
 * in the gen worker and the round trip, their ratio (the share of the worker's possible rate the
 * page reaches: 1 means the page never makes the worker wait), and the page's smoothness.
 *
 *   npx tsx scripts/bench-dream-page.ts [--backend cpu|webgpu] [--seconds 20] [--pilot agent|person]
 *
 * WebGPU here runs on SwiftShader (software): only on a GPU are its figures about speed.
 */
import type { Page } from 'playwright-core';
import { buildApp, launchChromium, servePreview } from '../tests/e2e/harness.js';
import { measureSmoothness, until } from '../tests/e2e/page-probes.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function sample(page: Page): Promise<{ fps: number; workerMs: number; roundTripMs: number }> {
  const fps = Number(await page.locator('#dream-panel').getAttribute('data-frames-per-sec'));
  const line = await page.locator('#dream-speed-line').innerText();
  const worker = /step ([\d.]+) ms in the worker/.exec(line);
  const trip = /([\d.]+) ms round trip/.exec(line);
  return { fps, workerMs: worker ? Number(worker[1]) : NaN, roundTripMs: trip ? Number(trip[1]) : NaN };
}

async function main(): Promise<void> {
  const backend = flag('backend', 'cpu');
  const seconds = Number(flag('seconds', '20'));
  const pilot = flag('pilot', 'agent');
  const outDir = buildApp();
  const preview = await servePreview(outDir);
  const browser = await launchChromium({ webgpu: backend === 'webgpu' });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // tsx compiles the functions handed to page.evaluate with esbuild's name helper: give the page one.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(`${preview.url}?seed=2&backend=${backend}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await page.waitForSelector('#gen-lab[data-ready="true"]', { timeout: 120_000 });
    await page.waitForTimeout(3000); // the agent plays a few moves first
    await page.locator('#dream-speed').selectOption('3'); // as fast as it runs
    await page.locator('#dream-pilot').selectOption(pilot);
    await page.click('#dream-toggle');
    await until('5 dream steps', async () => Number(await page.locator('#dream-panel').getAttribute('data-dream-steps')) >= 5, 120_000);
    await page.waitForTimeout(2000); // the frame rate's window fills
    const rows: { fps: number; workerMs: number; roundTripMs: number }[] = [];
    for (let s = 0; s < seconds; s++) {
      await page.waitForTimeout(1000);
      rows.push(await sample(page));
    }
    const smooth = await measureSmoothness(page, 4000);
    const steps = Number(await page.locator('#dream-panel').getAttribute('data-dream-steps'));
    await page.click('#dream-toggle');
    const fps = median(rows.map((r) => r.fps));
    const workerMs = median(rows.map((r) => r.workerMs));
    console.log(JSON.stringify({
      backend, pilot, seconds, steps, framesPerSec: fps, workerMs, roundTripMs: median(rows.map((r) => r.roundTripMs)),
      shareOfWorkerRate: Number(((fps * workerMs) / 1000).toFixed(3)), page: smooth,
    }));
  } finally {
    await browser.close();
    await preview.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
