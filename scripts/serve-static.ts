/**
 * Serves a built app folder (`vite build`'s output) over HTTP with the page's security headers,
 * as `vite preview` does, but with Node's own http module only: scripts bundled to run where
 * there is no npm (the GPU machine, scripts/gpu-browser-pack.sh) cannot start vite.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { SECURITY_HEADERS } from '../src/security.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.bin': 'application/octet-stream', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.txt': 'text/plain',
};

export interface StaticServer {
  url: string;
  stop(): Promise<void>;
}

/** Serves `root` on 127.0.0.1 (a free port); `/` is index.html; paths outside `root` get 404. */
export function serveStatic(root: string): Promise<StaticServer> {
  const base = normalize(root + sep);
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400, SECURITY_HEADERS).end(`malformed path: ${req.url ?? ''}`);
      return;
    }
    const file = normalize(join(base, path === '/' ? 'index.html' : path));
    if (!file.startsWith(base)) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404, SECURITY_HEADERS).end(`not found: ${path}`),
    );
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      done({ url: `http://127.0.0.1:${port}/`, stop: () => new Promise((closed) => server.close(() => closed())) });
    });
  });
}
