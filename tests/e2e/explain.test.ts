/**
 * The "?" explanations in Chromium (issue 10): every panel has one; they open and close by
 * keyboard (Tab to a "?", Enter opens, Esc closes, focus back on the "?", Space opens again);
 * the math is typeset by the bundled KaTeX with its fonts from 127.0.0.1; the Q-values dialog
 * fills in the worker's TD target once training runs; and no request leaves 127.0.0.1.
 * Runs on the CPU backend at turbo speed with epsilon held at 0.25, so updates start within seconds.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppPage, CHROMIUM, hasChromium, openApp, type Preview } from './harness.js';
import { until } from './page-probes.js';

const available = hasChromium();
if (!available) console.warn(`skipping the browser tests: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/** The panels with a "?", by the button's accessible name. */
const EXPLAINED = [
  'the game and the agent', "the agent's eye", 'the Q-values', 'the replay memory', 'the episode score chart', 'the loss chart',
  'the win rate chart', 'the mean Q chart', 'the epsilon chart', 'the VAE', 'the GAN', 'the diffusion model', 'the dream',
];

function focusedLabel(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
}

describe.skipIf(!available)('explanations in Chromium', () => {
  let app: AppPage | undefined;
  let page: Page;
  let preview: Preview;
  let errors: string[];
  let requests: string[];

  beforeAll(async () => {
    app = await openApp('?seed=3&backend=cpu&speed=4&eps=0.25', { viewport: { width: 1280, height: 800 }, launch: { webgpu: false } });
    ({ page, preview, errors, requests } = app);
  });

  afterAll(() => app?.close());

  it('every panel has a "?"', async () => {
    await until('the gen panels and the replay figure', async () => (await page.locator('button.explain-button').count()) >= EXPLAINED.length);
    for (const name of EXPLAINED) expect(await page.getByRole('button', { name: `Explain ${name}`, exact: true }).count(), name).toBe(1);
  });

  it('the dream\'s "?" typesets its equations and names the world model', async () => {
    await page.getByRole('button', { name: 'Explain the dream', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /^Dream/ });
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    await until('KaTeX output', async () => (await dialog.locator('.katex').count()) > 0);
    expect(await dialog.locator('.explain-tex-error').count()).toBe(0);
    expect(await dialog.innerText()).toContain('world-pixel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('Tab reaches the Q-values "?", Enter opens a typeset explanation, Esc closes it and focus returns; Space opens it again', async () => {
    await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
    for (let i = 0; i < 200 && (await focusedLabel(page)) !== 'Explain the Q-values'; i++) await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('Explain the Q-values');

    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Q-values/ });
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    await until('KaTeX output', async () => (await dialog.locator('.katex').count()) > 0);
    expect(await dialog.locator('.explain-tex-error').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('dialog');
    expect(await page.getByRole('button', { name: 'Explain the Q-values' }).getAttribute('aria-expanded')).toBe('true');
    // epsilon held at 0.25 by the link, 5 actions: the next move differs from the greedy one with 0.25 * 4/5 = 0.2.
    await until('the live epsilon', async () => (await dialog.locator('.explain-values div', { hasText: 'differs from the greedy one' }).locator('dd').textContent()) === '0.2');

    // KaTeX's fonts come from this origin.
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);
    expect(requests.some((u) => u.startsWith(preview?.url ?? '?') && /KaTeX_Main-Regular-[\w-]+\.woff2$/.test(u))).toBe(true);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedLabel(page)).toBe('Explain the Q-values');
    expect(await page.getByRole('button', { name: 'Explain the Q-values' }).getAttribute('aria-expanded')).toBe('false');

    await page.keyboard.press(' ');
    await dialog.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedLabel(page)).toBe('Explain the Q-values');
  });

  it('while training, the Q-values dialog shows the worker\'s TD target', async () => {
    await page.click('#btn-start');
    await until('the first updates', async () => Number(await page.locator('[data-stat="updates"]').getAttribute('data-value')) > 0, 40_000);
    await page.getByRole('button', { name: 'Explain the Q-values' }).click();
    const dialog = page.getByRole('dialog', { name: /Q-values/ });
    await until('the TD target', async () => ((await dialog.textContent()) ?? '').includes('The TD target of one transition (update'), 15_000);
    const target = await dialog.locator('.explain-values div', { hasText: 'target' }).first().locator('dd').textContent();
    expect(Number.isFinite(Number(target))).toBe(true);
    await page.mouse.click(5, 5); // a click outside closes it
    await dialog.waitFor({ state: 'detached' });
    await page.click('#btn-pause');
  });

  it('no request left 127.0.0.1 and the page logged no error', () => {
    const base = preview?.url ?? '?';
    expect(requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
