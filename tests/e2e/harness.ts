/**
 * The pieces the browser tests (and the README screenshot script) share: build the app with
 * Vite, serve it with `vite preview` on 127.0.0.1 on a free port, and start Debian's Chromium
 * through playwright-core; openApp does all three and opens the page, collecting its errors.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CHROMIUM = '/usr/bin/chromium';
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');

export const hasChromium = (): boolean => existsSync(CHROMIUM);

/** Builds the app into a fresh temporary folder and returns it. */
export function buildApp(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'pac-lab-e2e-'));
  const r = spawnSync(process.execPath, [VITE, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(outDir, { recursive: true, force: true });
    throw new Error(`vite build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return outDir;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

export interface Preview {
  url: string;
  stop(): Promise<void>;
}

/** Serves `outDir` with `vite preview`; resolves once it answers. */
export async function servePreview(outDir: string): Promise<Preview> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [VITE, 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d));
  child.stderr?.on('data', (d: Buffer) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  const stop = () => new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}):\n${log}`);
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`vite preview did not answer on ${url} within 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The flags that give headless Chromium its SwiftShader WebGPU adapter (DESIGN.md). */
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader', '--disable-vulkan-surface'];
/** WebGPU on the machine's own Vulkan driver (a real GPU) instead of SwiftShader. */
export const GPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--ignore-gpu-blocklist', '--disable-vulkan-surface', '--use-angle=vulkan'];

export interface LaunchOptions {
  /** WebGPU flags at all (default true). */
  webgpu?: boolean;
  /** The real GPU's Vulkan driver instead of SwiftShader (default false). */
  gpu?: boolean;
  /** Another Chromium build, such as a carried headless shell (default Debian's, CHROMIUM). */
  executablePath?: string;
  /** More command-line flags, after the others. */
  extraArgs?: string[];
  /** The browser's environment (default: this process's). */
  env?: Record<string, string | undefined>;
}

/** Chromium, headless (Debian's unless told), with the WebGPU flags unless `webgpu` is false. */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const graphics = options.webgpu === false ? [] : options.gpu ? GPU_FLAGS : WEBGPU_FLAGS;
  return chromium.launch({
    executablePath: options.executablePath ?? CHROMIUM,
    ...(options.env ? { env: options.env } : {}),
    args: ['--no-sandbox', ...graphics, '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(options.extraArgs ?? [])],
  });
}

/** The app built, served and open in Chromium: what a browser test's beforeAll sets up. */
export interface AppPage {
  page: Page;
  browser: Browser;
  preview: Preview;
  /** The page's console errors and uncaught errors as they come (`console: ...`, `page error: ...`). */
  errors: string[];
  /** Every URL the page requested, in order (the no-network checks read it). */
  requests: string[];
  /** Closes the browser, stops the server and removes the build. */
  close(): Promise<void>;
}

export interface OpenAppOptions {
  viewport?: { width: number; height: number };
  launch?: LaunchOptions;
}

/**
 * Builds the app, serves it, opens `query` (e.g. `?seed=3&backend=cpu`) in a fresh Chromium
 * page and waits for `body[data-ready="true"]` (60 s). Whatever fails on the way is cleaned up
 * before the error is thrown, so a broken build leaves no server or browser behind.
 */
export async function openApp(query: string, options: OpenAppOptions = {}): Promise<AppPage> {
  const outDir = buildApp();
  let preview: Preview | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await preview?.stop();
    rmSync(outDir, { recursive: true, force: true });
  };
  try {
    preview = await servePreview(outDir);
    browser = await launchChromium(options.launch);
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 720 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => void errors.push(`page error: ${e.message}`));
    page.on('request', (r) => void requests.push(r.url()));
    await page.goto(`${preview.url}${query}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    return { page, browser, preview, errors, requests, close };
  } catch (err) {
    await close();
    throw err;
  }
}
