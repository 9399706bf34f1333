/**
 * Takes the README's screenshot: builds the app, serves it, lets the agent run for a while and
 * saves a 1280x800 PNG. Run: `npx tsx tests/e2e/screenshot.ts [--layout NAME] [--seconds N]
 * [--turbo] [--backend auto|webgpu|webgl|cpu] [--out docs/screenshot.png]`. Needs /usr/bin/chromium.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, hasChromium, launchChromium, ROOT, servePreview, CHROMIUM } from './harness.js';

const { values } = parseArgs({
  options: {
    layout: { type: 'string', default: 'starter7' },
    seed: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'auto' },
    seconds: { type: 'string', default: '20' },
    turbo: { type: 'boolean', default: false },
    out: { type: 'string', default: 'docs/screenshot.png' },
  },
});

async function main(): Promise<void> {
  if (!hasChromium()) throw new Error(`${CHROMIUM} is missing (apt-get install -y chromium)`);
  const outDir = buildApp();
  const preview = await servePreview(outDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${preview.url}?seed=${values.seed}&layout=${values.layout}&backend=${values.backend}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    if (values.turbo) await page.locator('#speed').fill('4');
    await page.click('#btn-start');
    await page.waitForTimeout(Number(values.seconds) * 1000);
    await page.waitForTimeout(500);
    const path = resolve(ROOT, values.out!);
    await page.screenshot({ path });
    console.log(`saved ${path}`);
  } finally {
    await browser.close();
    await preview.stop();
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
