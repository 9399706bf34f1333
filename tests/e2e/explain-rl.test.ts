/**
 * Step and explain, the replay viewer and saliency in Chromium (issue 10), all by keyboard: Enter
 * on "Step and explain" (until the replay holds a batch: before that the panel says why there is
 * no update) shows the update's numbers and the sample's frames, and Esc closes the panel back
 * to the button; Enter on the replay viewer's summary opens it on the newest transition and its
 * buttons move through the memory; Space on the saliency box tints the agent's-eye frames red,
 * and Space again takes the tint off. Runs on the CPU backend, paused (nothing runs but what the keys ask for).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppPage, CHROMIUM, hasChromium, openApp } from './harness.js';
import { until } from './page-probes.js';

const available = hasChromium();
if (!available) console.warn(`skipping the browser tests: ${CHROMIUM} is missing (apt-get install -y chromium)`);

function focusedId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.id ?? null);
}

async function lineValue(page: Page, part: string, key: string): Promise<number> {
  return Number(await page.locator(`#step-explain [data-part="${part}"] [data-key="${key}"] dd`).getAttribute('data-value'));
}

describe.skipIf(!available)('Step and explain, replay viewer, saliency in Chromium', () => {
  let app: AppPage | undefined;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    app = await openApp('?seed=3&backend=cpu', { viewport: { width: 1280, height: 900 }, launch: { webgpu: false } });
    ({ page, errors } = app);
  });

  afterAll(() => app?.close());

  it('Enter on Step and explain shows the update: its numbers add up, its frames are drawn; Esc closes it', async () => {
    const panel = page.locator('#step-explain');
    expect(await panel.isHidden()).toBe(true);
    let first = '';
    for (let i = 0; i < 12; i++) {
      await page.focus('#btn-explain-step');
      await page.keyboard.press('Enter');
      await until('the explanation', async () => ['shown', 'error'].includes((await panel.getAttribute('data-state')) ?? ''), 60_000);
      if (i === 0) first = (await panel.locator('.explain-rl-status').textContent()) ?? '';
      if ((await panel.getAttribute('data-state')) === 'shown') break;
    }
    // 8 envs and 3-step returns: the first presses cannot fill a batch of 16, and the panel says so.
    expect(first).toMatch(/^No update to explain: .*a batch needs 16 transitions with a complete 3-step window/);
    expect(await panel.getAttribute('data-state')).toBe('shown');
    const ret = await lineValue(page, 'td', 'return');
    const d = await lineValue(page, 'td', 'discount');
    const bootstrap = await lineValue(page, 'td', 'bootstrap');
    const y = await lineValue(page, 'td', 'target');
    expect(Math.abs(ret + d * bootstrap - y)).toBeLessThan(1e-4);
    expect(Math.abs(y - (await lineValue(page, 'td', 'q')) - (await lineValue(page, 'td', 'tdError')))).toBeLessThan(1e-4);
    expect(Number.isFinite(await lineValue(page, 'update', 'batchLoss'))).toBe(true);
    expect(await panel.locator('[data-key="plainTarget"]').count()).toBe(1); // the page's default run uses Double DQN
    expect(await panel.locator('.explain-rl-table tbody tr').count()).toBe(5);
    const drawn = await page.evaluate(() => [...document.querySelectorAll<HTMLCanvasElement>('#step-explain canvas')].map((c) => {
      const data = c.getContext('2d')?.getImageData(0, 0, 84, 84).data ?? new Uint8ClampedArray(0);
      let walls = 0;
      for (let p = 0; p < data.length; p += 4) if (data[p] === 50) walls++; // the raster's wall gray
      return walls;
    }));
    expect(drawn).toHaveLength(8);
    expect(drawn.every((walls) => walls > 500)).toBe(true);
    expect(await focusedId(page)).toBe('btn-explain-step');
    await panel.locator('.explain-rl-close').focus();
    await page.keyboard.press('Escape');
    expect(await panel.isHidden()).toBe(true);
    expect(await focusedId(page)).toBe('btn-explain-step');
  });

  it('Enter on the replay viewer opens it on the newest transition; its buttons move through the memory', async () => {
    const viewer = page.locator('#replay-viewer');
    await viewer.locator('summary').focus();
    await page.keyboard.press('Enter');
    const position = viewer.locator('.replay-position');
    await until('a transition', async () => /^transition [\d,]+ of [\d,]+ · replay slot \d+$/.test((await position.textContent()) ?? ''));
    const [, shown, size] = /^transition ([\d,]+) of ([\d,]+)/.exec((await position.textContent()) ?? '') ?? [];
    expect(shown).toBe(size);
    await viewer.getByRole('button', { name: 'previous (older) transition' }).focus();
    await page.keyboard.press('Enter');
    const older = String(Number(size.replace(/,/g, '')) - 1);
    await until('the previous transition', async () => ((await position.textContent()) ?? '').replace(/,/g, '').startsWith(`transition ${older} of`));
    expect(await viewer.locator('[data-key="action"] dd').textContent()).toMatch(/^(North|South|East|West|Stop)$/);
  });

  it("Space on the saliency box tints the agent's eye red; Space again takes it off", async () => {
    await page.focus('#saliency-toggle');
    await page.keyboard.press('Space');
    expect(await page.locator('#saliency-toggle').isChecked()).toBe(true);
    const red = () => page.evaluate(() => [...document.querySelectorAll<HTMLCanvasElement>('#eye canvas')].reduce((n, c) => {
      const data = c.getContext('2d')?.getImageData(0, 0, 84, 84).data ?? new Uint8ClampedArray(0);
      for (let p = 0; p < data.length; p += 4) if (data[p] > data[p + 1] + 40) n++;
      return n;
    }, 0));
    await until('red saliency pixels', async () => (await red()) > 0, 30_000);
    await page.keyboard.press('Space');
    await until('gray frames again', async () => (await red()) === 0);
    expect(errors).toEqual([]);
  });
});
