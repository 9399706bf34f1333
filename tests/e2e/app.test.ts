/**
 * The built page in real Chromium: it loads cleanly, shows its backend, Start/Pause drive the
 * worker, a live setting comes back in the next snapshot, a bad layout file is refused with its
 * line and column while the game keeps its maze, and the board is drawn.
 * Needs Debian's Chromium at /usr/bin/chromium (CI installs it); without it the tests are skipped.
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, CHROMIUM, hasChromium, launchChromium, type Preview, servePreview } from './harness.js';

const available = hasChromium();
if (!available) console.warn(`skipping the browser tests: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/** A layout whose third row is shorter than the first: the parser names line 3, column 4. */
const BAD_LAYOUT = '%%%%%\n%P .%\n%%%\n%%%%%\n';

async function stat(page: Page, key: string): Promise<number> {
  const v = await page.locator(`[data-stat="${key}"]`).getAttribute('data-value');
  return v === null ? NaN : Number(v);
}

async function until(what: string, ok: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!available)('the page in Chromium', () => {
  let outDir = '';
  let preview: Preview | null = null;
  let browser: Browser | null = null;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    outDir = buildApp();
    preview = await servePreview(outDir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => void (m.type() === 'error' && errors.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => void errors.push(`page error: ${e.message}`));
    await page.goto(`${preview.url}?seed=1`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('loads without errors and shows the backend it trains on', async () => {
    await until('the status line', async () => (await page.locator('[data-stat="backend"] .stat-value').count()) > 0);
    const backend = await page.locator('[data-stat="backend"] .stat-value').innerText();
    expect(backend).toMatch(/^(webgpu|webgl|cpu)\b/);
    expect(await page.locator('#backend').innerText()).toBe(backend.split(' ')[0]);
    expect(await page.locator('#board').getAttribute('data-layout')).toBe('starter7 7x7');
    expect(await page.locator('#app-error').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('Start runs the agent: env steps increase', async () => {
    const before = await stat(page, 'envSteps');
    await page.click('#btn-start');
    await until('env steps to increase', async () => (await stat(page, 'envSteps')) >= before + 8);
    expect(await page.locator('body').getAttribute('data-running')).toBe('true');
  });

  it('Pause stops it', async () => {
    await page.click('#btn-pause');
    await until('the run to stop', async () => (await page.locator('#btn-start').isEnabled()));
    const paused = await stat(page, 'envSteps');
    await page.waitForTimeout(1200);
    expect(await stat(page, 'envSteps')).toBe(paused);
  });

  it('Step advances every env by one move while paused', async () => {
    const before = await stat(page, 'envSteps');
    await page.click('#btn-step');
    await until('one step of the 4 envs', async () => (await stat(page, 'envSteps')) === before + 4);
  });

  it('the epsilon slider sets epsilon, and the next snapshot shows it', async () => {
    await page.locator('#epsilon').fill('0.3');
    await until('epsilon 0.30 to come back', async () => (await page.locator('#epsilon-value').innerText()) === '0.30', 10_000);
    expect(await page.locator('#epsilon-follow').isChecked()).toBe(false);
  });

  it('a bad .lay file shows line and column and leaves the game as it was', async () => {
    const steps = await stat(page, 'envSteps');
    await page.setInputFiles('#layout-file', { name: 'bad.lay', mimeType: 'text/plain', buffer: Buffer.from(BAD_LAYOUT) });
    const message = page.locator('#layout-message.error');
    await message.waitFor({ timeout: 5000 });
    const text = await message.innerText();
    expect(text).toMatch(/bad\.lay/);
    expect(text).toMatch(/line 3/);
    expect(text).toMatch(/column 4/);
    expect(await page.locator('#layout-select').inputValue()).toBe('starter7');
    expect(await page.locator('#board').getAttribute('data-layout')).toBe('starter7 7x7');
    expect(await stat(page, 'envSteps')).toBe(steps);
  });

  it('Reset starts a fresh run on the same layout', async () => {
    await page.click('#btn-reset');
    await until('env steps back to 0', async () => (await stat(page, 'envSteps')) === 0);
    await until('the schedule back', async () => (await page.locator('#epsilon-follow').isChecked()));
    expect(await page.locator('#board').getAttribute('data-layout')).toBe('starter7 7x7');
  });

  it('draws the board: the canvas has maze, Pac-Man and ghost pixels', async () => {
    const png = (await page.locator('#board canvas').screenshot()).toString('base64');
    const counts = await page.evaluate(async (data) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const c = new OffscreenCanvas(img.width, img.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, img.width, img.height).data;
      let drawn = 0, yellow = 0, blue = 0, red = 0;
      for (let i = 0; i < px.length; i += 4) {
        const [r, g, b] = [px[i], px[i + 1], px[i + 2]];
        if (Math.abs(r - 5) + Math.abs(g - 6) + Math.abs(b - 15) > 24) drawn++;
        if (r > 200 && g > 180 && b < 110) yellow++;
        if (b > 180 && r < 110) blue++;
        if (r > 200 && g < 90 && b < 90) red++;
      }
      return { total: px.length / 4, drawn, yellow, blue, red };
    }, png);
    expect(counts.drawn / counts.total).toBeGreaterThan(0.05);
    expect(counts.yellow).toBeGreaterThan(100);
    expect(counts.blue).toBeGreaterThan(500);
    expect(counts.red).toBeGreaterThan(100);
    expect(errors).toEqual([]);
  });
});
