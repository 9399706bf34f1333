/**
 * Where the Node commands find the project's files (assets/: layouts, datasets, judges; and
 * package.json). They run in two shapes:
 * - from the source tree (tsx): this module is src/cli/assets.ts, the root two folders up;
 * - bundled into one file by `../shared/tools/gpu-pack` (esbuild): every module's
 *   `import.meta.url` is then the bundle's, .gpu/app.mjs, one folder below the root, or a
 *   copied pack with `assets/` put inside it.
 * So the root is found by looking upward from this module's folder for the first folder that
 * holds `assets/layouts`; PACLAB_ROOT (a folder holding assets/) overrides the search.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A folder the search recognises as the project root (or a packed copy of its files). */
const MARKER = join('assets', 'layouts');

/** Folders looked at, from `start` upward: enough for src/cli/bench and for .gpu/ two levels deep. */
const MAX_UP = 6;

/** The first folder from `start` upward that holds assets/layouts; null when none does within MAX_UP levels. */
export function findProjectRoot(start: string): string | null {
  let dir = resolve(start);
  for (let i = 0; i <= MAX_UP; i++) {
    if (existsSync(join(dir, MARKER))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

let cached: string | null = null;

/**
 * The folder holding assets/ (and, in a checkout, package.json). Throws with the places it
 * looked when there is none, so a packed entry copied without its assets says what is missing.
 */
export function projectRoot(): string {
  if (cached) return cached;
  const here = dirname(fileURLToPath(import.meta.url));
  const override = process.env.PACLAB_ROOT;
  const root = override ? (existsSync(join(override, MARKER)) ? resolve(override) : null) : findProjectRoot(here);
  if (!root) {
    const where = override ? `PACLAB_ROOT=${override}` : `${here} and the ${MAX_UP} folders above it`;
    throw new Error(`cannot find Pac-Lab's assets/layouts in ${where}: run from a checkout, copy assets/ next to the packed app.mjs, or set PACLAB_ROOT to a folder holding assets/`);
  }
  cached = root;
  return root;
}

/** A path under assets/, e.g. `assetPath('datasets', 'digits.bin.gz')`. */
export function assetPath(...parts: string[]): string {
  return join(projectRoot(), 'assets', ...parts);
}
