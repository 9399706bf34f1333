/**
 * Dream speed in the browser: builds the app, opens it in headless Chromium (as the e2e tests do),
 * lets the agent play, starts a dream as fast as it runs with the agent piloting, and samples the
 * Dream panel's figures once a second. Prints one JSON line: medians of frames/s, the step's time
 * in the gen worker and the round trip, their ratio (the share of the worker's possible rate the
 * page reaches: 1 means the page never makes the worker wait), and the page's smoothness.
 *
 *   npx tsx scripts/bench-dream-page.ts [--backend cpu|webgpu] [--seconds 20] [--pilot agent|person]
 *                                       [--app DIR] [--chromium PATH] [--gpu] [--chromium-flags "F ..."]
 *   npx tsx scripts/bench-dream-page.ts --probe [--app DIR] [--chromium PATH]
 *   npx tsx scripts/bench-dream-page.ts --gpu-auto [bench flags]
 *
 * WebGPU here runs on SwiftShader (software): only on a GPU are its figures about speed.
 * On the GPU machine (no npm, no vite; scripts/gpu-browser-pack.sh packs this script with a
 * headless Chromium): --app serves an app built here instead of building one, --chromium names
 * the browser, and --gpu asks Chromium for the machine's Vulkan GPU instead of SwiftShader.
 * The JSON line names the WebGPU adapter the page got, so a run that fell back is plain.
 * --probe only opens the app under each of PROBE_FLAG_SETS and prints the adapter each gives:
 * which flags reach a GPU through a headless Chromium is not known until tried there.
 * --gpu-auto probes, then runs the bench under the first GPU flag set whose adapter is not
 * SwiftShader (or under GPU_FLAGS when none is), and names the set in the JSON line: one device
 * call instead of a probe, a read and a second call.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildApp, CHROMIUM, launchChromium, servePreview } from '../tests/e2e/harness.js';
import { measureSmoothness, until } from '../tests/e2e/page-probes.js';
import { serveStatic } from './serve-static.js';

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

/** The WebGPU adapter the page is given ("none" without one): vendor, architecture, description. */
function adapterName(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
    const adapter = gpu ? await gpu.requestAdapter() : null;
    if (!adapter) return 'none';
    const info = adapter.info ?? {};
    return [info.vendor, info.architecture, info.description].filter(Boolean).join(' / ') || 'unnamed';
  });
}

/**
 * Flag sets that may give headless Chromium the machine's GPU for WebGPU (--probe tries each),
 * and SwiftShader's as the control: it names an adapter wherever Chromium ships SwiftShader.
 */
const PROBE_FLAG_SETS: Readonly<Record<string, { gpu: boolean; extraArgs: string[] }>> = {
  'swiftshader (WEBGPU_FLAGS), the control': { gpu: false, extraArgs: [] },
  'gpu (GPU_FLAGS)': { gpu: true, extraArgs: [] },
  'gpu + angle vulkan features': { gpu: true, extraArgs: ['--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan'] },
  'gpu + egl': { gpu: true, extraArgs: ['--use-gl=egl'] },
  'gpu + enable-gpu': { gpu: true, extraArgs: ['--enable-gpu', '--use-webgpu-adapter=default'] },
};

type ProbeRow = { flags: string; adapter?: string; error?: string };

/** A real GPU's adapter: named, and not the software rasteriser that ships with Chromium. */
function isHardwareAdapter(adapter: string | undefined): boolean {
  return adapter !== undefined && adapter !== 'none' && !/swiftshader|llvmpipe|lavapipe/i.test(adapter);
}

async function probe(url: string, executablePath: string): Promise<ProbeRow[]> {
  const rows: ProbeRow[] = [];
  // The pack's run script points Vulkan at NVIDIA's driver alone; the control needs SwiftShader's,
  // which ships beside Chromium.
  const swiftShader = join(dirname(executablePath), 'vk_swiftshader_icd.json');
  const controlEnv = existsSync(swiftShader) ? { ...process.env, VK_DRIVER_FILES: swiftShader } : undefined;
  for (const [name, { gpu, extraArgs }] of Object.entries(PROBE_FLAG_SETS)) {
    const row: ProbeRow = { flags: name };
    try {
      const browser = await launchChromium({ gpu, executablePath, extraArgs, env: gpu ? undefined : controlEnv });
      try {
        const page = await browser.newPage();
        await page.goto(url, { timeout: 15_000 });
        row.adapter = await adapterName(page);
      } finally {
        await browser.close();
      }
    } catch (err) {
      row.error = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    }
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  return rows;
}

async function main(): Promise<void> {
  const backend = flag('backend', 'cpu');
  const seconds = Number(flag('seconds', '20'));
  const pilot = flag('pilot', 'agent');
  const app = flag('app', '');
  const preview = app ? await serveStatic(app) : await servePreview(buildApp());
  const executablePath = flag('chromium', CHROMIUM);
  if (process.argv.includes('--probe')) {
    await probe(preview.url, executablePath).finally(() => preview.stop());
    return;
  }
  let flagSet = 'command line';
  let gpu = process.argv.includes('--gpu');
  let extraArgs = flag('chromium-flags', '').split(' ').filter(Boolean);
  if (process.argv.includes('--gpu-auto')) {
    const rows = await probe(preview.url, executablePath);
    const winner = rows.find((r) => PROBE_FLAG_SETS[r.flags].gpu && isHardwareAdapter(r.adapter));
    flagSet = winner ? winner.flags : 'gpu (GPU_FLAGS), no set found a hardware adapter';
    gpu = true;
    extraArgs = [...(winner ? PROBE_FLAG_SETS[winner.flags].extraArgs : []), ...extraArgs];
  }
  const browser = await launchChromium({ webgpu: backend === 'webgpu', gpu, executablePath, extraArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // On a machine nobody can look at, the page's own complaints are the only clue to a failure.
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    page.on('console', (msg) => msg.type() === 'error' && console.error(`page console: ${msg.text()}`));
    // tsx compiles the functions handed to page.evaluate with esbuild's name helper: give the page one.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(`${preview.url}?seed=2&backend=${backend}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    const adapter = await adapterName(page);
    await page.waitForSelector('#gen-lab[data-ready="true"]', { timeout: 120_000 });
    // What each worker runs on: the dream steps in the gen worker; the agent trains in the RL worker.
    const backends = {
      gen: await page.locator('#gen-lab').getAttribute('data-backend'),
      rl: await page.locator('[data-stat="backend"] .stat-value').innerText(),
    };
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
      backend, adapter, flagSet, backends, pilot, seconds, steps, framesPerSec: fps, workerMs, roundTripMs: median(rows.map((r) => r.roundTripMs)),
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
