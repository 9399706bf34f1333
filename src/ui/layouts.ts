/**
 * The shipped mazes: the catalogue's entries (assets/layouts/index.json) with their .lay texts,
 * bundled by Vite. Any .lay file without a catalogue entry is listed after them.
 */
import { LAYOUT_CATALOGUE } from '../env/catalogue.js';

export interface ShippedLayout {
  name: string;
  description: string;
  /** Step limit the maze was designed for (0 = the engine's default). */
  maxSteps: number;
  /** What the agent is measured to reach there ('' for a layout outside the catalogue). */
  expect: string;
  text: string;
}

const TEXTS = import.meta.glob('../../assets/layouts/*.lay', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export function shippedLayouts(): ShippedLayout[] {
  const byName = new Map(Object.entries(TEXTS).map(([path, text]) => [path.replace(/^.*\//, '').replace(/\.lay$/, ''), text]));
  const out: ShippedLayout[] = [];
  for (const entry of LAYOUT_CATALOGUE) {
    const text = byName.get(entry.name);
    if (text === undefined) continue;
    out.push({ ...entry, text });
    byName.delete(entry.name);
  }
  for (const [name, text] of byName) out.push({ name, description: 'not in the catalogue', maxSteps: 0, expect: '', text });
  return out;
}
