/** Node-side access to the shipped layouts (assets/layouts) and to layout files on disk. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { type Layout, parseLayout } from '../env/layout.js';
import { type LayoutEntry, LAYOUT_CATALOGUE } from '../env/catalogue.js';
import { assetPath } from './assets.js';

/** assets/layouts, in the source tree or beside a packed entry (assets.ts). */
export function layoutDir(): string {
  return assetPath('layouts');
}

export function shippedLayoutNames(): string[] {
  return readdirSync(layoutDir()).filter((f) => f.endsWith('.lay')).map((f) => f.slice(0, -4));
}

/**
 * A shipped layout by name, or a file by path (anything containing a slash or ending in .lay).
 * Warnings (repaired oddities) go to `warn`.
 */
export function loadLayout(nameOrPath: string, warn: (message: string) => void = (m) => process.stderr.write(`warning: ${m}\n`)): Layout {
  const { file, name } = layoutFile(nameOrPath);
  const layout = parseLayout(readFileSync(file), name);
  for (const w of layout.warnings) warn(w);
  return layout;
}

/** The file of a shipped layout name or a .lay path, and the name to show; unknown ones are refused by name. */
export function layoutFile(nameOrPath: string): { file: string; name: string } {
  const isPath = nameOrPath.includes('/') || nameOrPath.endsWith('.lay');
  const file = isPath ? nameOrPath : join(layoutDir(), `${nameOrPath}.lay`);
  if (!existsSync(file)) {
    if (isPath) throw new ConfigError('--layout', `layout file not found: ${nameOrPath}`);
    throw new ConfigError('--layout', `unknown layout "${nameOrPath}" (shipped: ${shippedLayoutNames().join(', ')}; or give a path to a .lay file)`);
  }
  return { file, name: isPath ? nameOrPath : `${nameOrPath}.lay` };
}

export function catalogueEntry(name: string): LayoutEntry | undefined {
  return LAYOUT_CATALOGUE.find((e) => e.name === name);
}
