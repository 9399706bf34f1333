import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../../scripts/serve-static.js';

/** GET with the path sent as written (fetch would resolve "..", which is what the test needs to send). */
function get(url: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((done, fail) => {
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('serveStatic (the GPU machine\'s stand-in for vite preview)', () => {
  let root: string;
  let server: StaticServer;
  beforeAll(async () => {
    const parent = mkdtempSync(join(tmpdir(), 'serve-static-'));
    root = join(parent, 'app');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'assets', 'main.js'), 'export {};');
    writeFileSync(join(parent, 'secret.txt'), 'outside the app');
    server = await serveStatic(root);
  });
  afterAll(async () => {
    await server.stop();
    rmSync(join(root, '..'), { recursive: true, force: true });
  });

  it('serves index.html at / with the page\'s isolation headers', async () => {
    const r = await get(server.url, '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>app</title>');
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('serves modules as JavaScript (workers refuse other types)', async () => {
    const r = await get(server.url, '/assets/main.js');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/javascript');
  });

  it('answers 404 for missing files and for paths that climb out of the folder', async () => {
    expect((await get(server.url, '/nope.js')).status).toBe(404);
    expect((await get(server.url, '/../secret.txt')).status).toBe(404);
    expect((await get(server.url, '/assets/%2e%2e/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get(server.url, '/..%2Fsecret.txt')).status).toBe(404); // decoded after the URL parser's own '..' handling
  });

  it('answers 400 for a malformed escape and keeps serving', async () => {
    expect((await get(server.url, '/%E0%A4%A.js')).status).toBe(400);
    expect((await get(server.url, '/')).status).toBe(200);
  });
});
