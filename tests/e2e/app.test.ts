/**
 * The built page in real Chromium: it loads cleanly, shows its backend, Start/Pause drive the
 * worker, gamma/batch size/target sync come back from the worker, the extra charts have hover
 * legends, a changed env count applies on Reset (one Step = that many env steps); and:
 * a live setting comes back in the next snapshot, a bad layout file is refused with its
 * line and column while the game keeps its maze, and the board is drawn. Keyboard: Space toggles
 * the run, ? opens the help. The Agent card: a bad upload is refused in the page; an agent saved
 * under a name survives a reload (to another seed) and, loaded, gives the same Q-values; a
 * downloaded .paclab file uploads back to the same Q-values.
 * Needs Debian's Chromium at /usr/bin/chromium (CI installs it); without it the tests are skipped.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppPage, CHROMIUM, hasChromium, openApp, type Preview } from './harness.js';
import { boardColours, until } from './page-probes.js';

const available = hasChromium();
if (!available) console.warn(`skipping the browser tests: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/** A layout whose third row is shorter than the first: the parser names line 3, column 4. */
const BAD_LAYOUT = '%%%%%\n%P .%\n%%%\n%%%%%\n';

async function stat(page: Page, key: string): Promise<number> {
  const v = await page.locator(`[data-stat="${key}"]`).getAttribute('data-value');
  return v === null ? NaN : Number(v);
}

/** A fixed stacked observation [84, 84, 4] for comparing networks through window.__paclab. */
const PROBE_OBS = Array.from({ length: 84 * 84 * 4 }, (_, i) => (i * 7 + (i >> 9)) % 256);

function qValues(page: Page): Promise<number[]> {
  return page.evaluate(async (obs) => {
    const hook = window.__paclab;
    if (!hook) throw new Error('window.__paclab is missing');
    return hook.qValues(obs);
  }, PROBE_OBS);
}

/**
 * The largest difference between two Q-value vectors. The same weights give the same values up
 * to float32 rounding (~1e-9 here): GPU backends do not promise a fixed summation order.
 */
function maxDiff(a: number[], b: number[]): number {
  expect(a).toHaveLength(b.length);
  return Math.max(...a.map((x, i) => Math.abs(x - b[i])));
}

/** Same network: within float32 rounding of the values. */
const SAME_NETWORK = 1e-6;

/** Takes focus off whatever button was clicked last, so keys go to the page. */
async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
}

describe.skipIf(!available)('the page in Chromium', () => {
  let app: AppPage | undefined;
  let page: Page;
  let preview: Preview;
  let errors: string[];

  beforeAll(async () => {
    app = await openApp('?seed=1', { viewport: { width: 1280, height: 800 } });
    ({ page, preview, errors } = app);
  });

  afterAll(() => app?.close());

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
    await until('one step of the 8 envs', async () => (await stat(page, 'envSteps')) === before + 8);
  });

  it('the epsilon slider sets epsilon, and the next snapshot shows it', async () => {
    await page.locator('#epsilon').fill('0.3');
    await until('epsilon 0.30 to come back', async () => (await page.locator('#epsilon-value').innerText()) === '0.30', 10_000);
    expect(await page.locator('#epsilon-follow').isChecked()).toBe(false);
  });

  it('the gamma slider sets gamma, and the worker\'s next snapshot shows it within a second', async () => {
    await page.locator('#gamma').fill('0.37');
    await until('gamma 0.37 to come back', async () => (await page.locator('#gamma-value').innerText()) === '0.37', 1000);
  });

  it('batch size and target sync are live; replay capacity shows its memory cost', async () => {
    await page.locator('#batch-size').fill('3');
    await until('batch size 64 to come back', async () => (await page.locator('#batch-size-value').innerText()) === '64', 5000);
    await page.locator('#target-sync').fill('3');
    await until('target sync 500 to come back', async () => (await page.locator('#target-sync-value').innerText()) === '500', 5000);
    expect(await page.locator('#replay-capacity option:checked').innerText()).toBe('20,000 (141 MB)');
    expect(await page.locator('#replay-capacity-pending').isHidden()).toBe(true);
  });

  it('the win-rate, mean-Q and epsilon charts are drawn with hover legends', async () => {
    for (const id of ['chart-winrate', 'chart-meanq', 'chart-epsilon']) {
      expect(await page.locator(`#${id} .uplot`).count()).toBe(1);
      expect(await page.locator(`#${id} .u-legend.u-live`).count()).toBe(1);
    }
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
    expect(await page.locator('#layout-expect').innerText()).toMatch(/^What to expect: .*tabular Q-learning .* 96%/i);
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
    const counts = await boardColours(page);
    expect(counts.drawn / counts.total).toBeGreaterThan(0.05);
    expect(counts.yellow).toBeGreaterThan(100);
    expect(counts.blue).toBeGreaterThan(500);
    expect(counts.red).toBeGreaterThan(100);
    expect(errors).toEqual([]);
  });
  it('Space starts and pauses the run; keys typed into a field are ignored', async () => {
    await blur(page);
    const before = await stat(page, 'envSteps');
    await page.keyboard.press('Space');
    await until('the run to start', async () => (await page.locator('body').getAttribute('data-running')) === 'true');
    await until('env steps to increase', async () => (await stat(page, 'envSteps')) > before);
    await page.keyboard.press('Space');
    await until('the run to stop', async () => (await page.locator('body').getAttribute('data-running')) === 'false' && (await page.locator('#btn-start').isEnabled()));
    await page.locator('#agent-name').fill('');
    await page.locator('#agent-name').press('Space');
    await page.waitForTimeout(300);
    expect(await page.locator('body').getAttribute('data-running')).toBe('false');
    await page.locator('#agent-name').fill('');
  });

  it('? opens the shortcut help and Esc closes it', async () => {
    await blur(page);
    await page.keyboard.press('?');
    const overlay = page.locator('#help-overlay');
    await overlay.waitFor({ state: 'visible', timeout: 5000 });
    const text = await overlay.innerText();
    for (const key of ['Space', 'N', 'R', 'W A S D', '?', 'Esc']) expect(text).toContain(key);
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'hidden', timeout: 5000 });
  });

  it('uploading a file that is not a checkpoint shows why and keeps the agent', async () => {
    const q = await qValues(page);
    await page.setInputFiles('#agent-file', { name: 'notes.paclab', mimeType: 'application/octet-stream', buffer: Buffer.from('hello') });
    const message = page.locator('#agent-message.error');
    await message.waitFor({ timeout: 5000 });
    expect(await message.innerText()).toMatch(/notes\.paclab: not a Pac-Lab checkpoint/);
    expect(maxDiff(await qValues(page), q)).toBeLessThan(SAME_NETWORK);
  });

  it('a downloaded .paclab file uploads back to the same Q-values', async () => {
    const saved = await qValues(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#agent-download')]);
    expect(download.suggestedFilename()).toMatch(/\.paclab$/);
    const file = await download.path();
    await page.click('#btn-reset');
    await until('env steps back to 0', async () => (await stat(page, 'envSteps')) === 0);
    await page.setInputFiles('#agent-file', file);
    await until('the upload to load', async () => /^loaded /.test(await page.locator('#agent-message').innerText()));
    expect(await page.locator('#agent-message').getAttribute('class')).not.toMatch(/error/);
    expect(maxDiff(await qValues(page), saved)).toBeLessThan(SAME_NETWORK);
  });

  it('Export CSV and Export JSONL download the metrics the page has seen', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    expect(csv.suggestedFilename()).toBe('pac-lab-starter7-seed1-metrics.csv');
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text.startsWith('type,episode,updates,envSteps,')).toBe(true);
    expect(text.trimEnd().split('\n').length - 1).toBe(Number(await page.locator('#metrics-count').innerText()));
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.click('#export-jsonl')]);
    expect(jsonl.suggestedFilename()).toBe('pac-lab-starter7-seed1-metrics.jsonl');
    for (const line of readFileSync(await jsonl.path(), 'utf8').split('\n').filter(Boolean)) {
      expect((JSON.parse(line) as { type: string }).type).toMatch(/^(episode|train)$/);
    }
  });

  it('Save under a name, reload the page, Load: the same Q-values come back', async () => {
    await page.locator('#speed').fill(await page.locator('#speed').getAttribute('max') ?? '0');
    await page.click('#btn-start');
    await until('some training', async () => (await stat(page, 'envSteps')) >= 40, 30_000);
    await page.click('#btn-pause');
    await until('the run to stop', async () => (await page.locator('#btn-start').isEnabled()));
    const saved = await qValues(page);
    await page.locator('#agent-name').fill('e2e agent');
    await page.click('#agent-save');
    await until('the save', async () => /saved "e2e agent"/.test(await page.locator('#agent-message').innerText()));
    expect(await page.locator('#agent-saved li[data-key="e2e agent"]').innerText()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} · [\d.]+ (B|KB|MB)/);

    await page.goto(`${preview!.url}?seed=2`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    expect(maxDiff(await qValues(page), saved)).toBeGreaterThan(1e-4);
    const entry = page.locator('#agent-saved li[data-key="e2e agent"]');
    await entry.waitFor({ timeout: 10_000 });
    await entry.getByRole('button', { name: 'load saved agent e2e agent' }).click();
    await until('the load', async () => /loaded "e2e agent"/.test(await page.locator('#agent-message').innerText()));
    expect(maxDiff(await qValues(page), saved)).toBeLessThan(SAME_NETWORK);
    expect(await page.locator('#app-error').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a changed envs count applies on Reset: then one Step advances env steps by it', async () => {
    await page.locator('#num-envs').selectOption('3');
    await page.locator('#num-envs-pending').waitFor({ state: 'visible', timeout: 5000 });
    await page.click('#btn-reset');
    await until('env steps back to 0', async () => (await stat(page, 'envSteps')) === 0);
    await page.locator('#num-envs-pending').waitFor({ state: 'hidden', timeout: 10_000 });
    await page.click('#btn-step');
    await until('one step of the 3 envs', async () => (await stat(page, 'envSteps')) === 3);
    await page.waitForTimeout(300);
    expect(await stat(page, 'envSteps')).toBe(3);
    expect(await page.locator('#app-error').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });

  it("a maze with a recipe trains with it, carrying over the restart settings the person changed; starter7 goes back to the page's default", async () => {
    const recipe = () => page.locator('#layout-recipe').innerText();
    const selected = (id: string) => page.locator(`#${id}`).inputValue();
    await expect(recipe()).resolves.toBe("Trains with the page's default settings (tuned on starter7).");
    // A person's own envs count (3) stays across mazes; the replay capacity they left alone follows the maze.
    await page.locator('#num-envs').selectOption('3');
    expect([await selected('num-envs'), await selected('replay-capacity')]).toEqual(['3', '20000']);
    await until('no softmax note on an argmax run', async () => (await page.locator('#exploration-now').textContent()) === '', 5000);
    await page.locator('#layout-select').selectOption('corridors16');
    await until('the corridors16 board', async () => (await page.locator('#board').getAttribute('data-layout')) === 'corridors16 16x9', 20_000);
    await expect(recipe()).resolves.toContain("Trains with this maze's recipe c16-n (docs/tuning-runs/corridors16-c16-n.json)");
    await until("the recipe's gamma 0.99 to come back from the worker", async () => (await page.locator('#gamma-value').innerText()) === '0.99', 5000);
    expect([await selected('num-envs'), await selected('replay-capacity')]).toEqual(['3', '50000']);
    await until('the corridor and softmax note under epsilon', async () => (await page.locator('#exploration-now').innerText()) === "epsilon's moves never reverse and keep to their corridor until the next junction; the other moves: softmax over the Q-values at temperature 0.1", 5000);
    expect(await page.locator('#replay-capacity-pending').isHidden()).toBe(true);
    await page.locator('#layout-select').selectOption('starter7');
    await until('the starter7 board', async () => (await page.locator('#board').getAttribute('data-layout')) === 'starter7 7x7', 20_000);
    await until("the page's gamma 0.9 to come back", async () => (await page.locator('#gamma-value').innerText()) === '0.9', 5000);
    expect([await selected('num-envs'), await selected('replay-capacity')]).toEqual(['3', '20000']);
    await until('no softmax note on an argmax run', async () => (await page.locator('#exploration-now').textContent()) === '', 5000);
    await expect(recipe()).resolves.toBe("Trains with the page's default settings (tuned on starter7).");
    expect(await page.locator('#app-error').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });
});
