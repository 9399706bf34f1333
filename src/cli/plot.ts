/**
 * npm run plot -- RUN_DIR... [--out FILE.png] [--window N] [--x steps|episodes] [--width W] [--height H]
 * Draws the learning curves of one or more run folders (any agent) into one PNG and prints one
 * JSON summary line per run: final mean score and win rate over the last window, episodes, steps.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { encodePng } from '../io/png.js';
import { helpText, parseFlags, runCli, type FlagSpecs } from './args.js';
import { drawLearningCurves } from './plot/chart.js';
import { readRun, runCurves, summarizeRun } from './plot/run-data.js';

const FLAGS: FlagSpecs = {
  out: { kind: 'string', help: 'PNG file to write (default: RUN_DIR/curves.png of the first run)' },
  window: { kind: 'int', help: 'episodes in the moving windows', default: 100, min: 1, max: 1_000_000 },
  x: { kind: 'string', help: 'x axis', choices: ['steps', 'episodes'], default: 'steps' },
  width: { kind: 'int', help: 'image width in pixels', default: 1000, min: 200, max: 8000 },
  height: { kind: 'int', help: 'image height in pixels', default: 700, min: 200, max: 8000 },
  title: { kind: 'string', help: 'title line', default: 'Pac-Lab learning curves' },
  help: { kind: 'boolean', help: 'show this help', default: false },
};

/**
 * Splits argv into run folders (bare words, before or after the flags) and flags: a flag takes
 * the next word as its value unless it is boolean or written --flag=value.
 */
function splitArgs(argv: readonly string[]): { dirs: string[]; flags: string[] } {
  const dirs: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) dirs.push(arg);
    else {
      flags.push(arg);
      const spec = FLAGS[arg.slice(2)];
      if (spec && spec.kind !== 'boolean' && !arg.includes('=') && i + 1 < argv.length) flags.push(argv[++i]);
    }
  }
  return { dirs, flags };
}

/** Curve labels, with the folder name added where two runs would read the same. */
function distinctLabels(labels: string[], dirs: string[]): string[] {
  return labels.map((l, i) => (labels.indexOf(l) !== labels.lastIndexOf(l) ? `${l} (${basename(dirs[i])})` : l));
}

function main(): void {
  const { dirs, flags: flagArgs } = splitArgs(process.argv.slice(2));
  const flags = parseFlags(flagArgs, FLAGS);
  if (flags.help) return void console.log(`${helpText('plot', 'Plots learning curves of run folders: npm run plot -- RUN_DIR... [flags]', FLAGS)}`);
  if (dirs.length === 0) throw new ConfigError('RUN_DIR', 'give at least one run folder: npm run plot -- RUN_DIR... [--out FILE.png]');
  const window = flags.window as number;
  const xAxis = flags.x as 'steps' | 'episodes';
  const runs = dirs.map((d) => readRun(d));
  for (const run of runs) console.log(JSON.stringify(summarizeRun(run, window)));
  const curves = runs.map((r) => runCurves(r, window, xAxis));
  const labels = distinctLabels(curves.map((c) => c.label), dirs);
  curves.forEach((c, i) => (c.label = labels[i]));
  const canvas = drawLearningCurves(curves, { width: flags.width as number, height: flags.height as number, window, xAxis, title: flags.title as string });
  const out = (flags.out as string | undefined) ?? `${dirs[0].replace(/\/+$/, '')}/curves.png`;
  if (!out.endsWith('.png')) throw new ConfigError('--out', `--out must name a .png file, got "${out}"`);
  writeFileSync(out, encodePng({ width: canvas.width, height: canvas.height, channels: 4, data: canvas.data }));
  process.stderr.write(`plot written to ${out}\n`);
}

void runCli(main);
