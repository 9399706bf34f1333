/**
 * The layering rules of DESIGN.md, held by a test: src/env, src/obs and src/core import no
 * tfjs, pixi.js, comlink, DOM or Node built-ins, so they run unchanged in Node, workers and
 * browsers; ui/ never imports tfjs; nothing in src/ uses Math.random.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)]
    .map((m) => m[1] ?? m[2] ?? m[3]);
}

const PURE = ['src/env', 'src/obs', 'src/core'];
const FORBIDDEN_IN_PURE = /^(@tensorflow\/|pixi\.js|comlink|node:|fs$|path$|os$|webgpu$)/;
const DOM_GLOBALS = /\b(document|window|navigator|localStorage|indexedDB|HTMLElement|requestAnimationFrame)\b/;

describe('layering', () => {
  for (const dir of PURE) {
    it(`${dir} imports no tfjs, pixi.js, comlink, DOM or Node built-ins`, () => {
      for (const file of files(dir)) {
        for (const spec of imports(file)) expect(spec, `${file} imports ${spec}`).not.toMatch(FORBIDDEN_IN_PURE);
        const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        expect(code, `${file} touches a DOM global`).not.toMatch(DOM_GLOBALS);
      }
    });
  }

  it('src/ui imports no tfjs', () => {
    for (const file of files('src').filter((f) => f.startsWith('src/ui'))) {
      for (const spec of imports(file)) expect(spec, `${file} imports ${spec}`).not.toMatch(/^@tensorflow\//);
    }
  });

  it('nothing in src/ or workers/ calls Math.random', () => {
    for (const file of [...files('src'), ...files('workers')]) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/Math\.random/);
    }
  });
});
