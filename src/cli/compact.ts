/**
 * npm run compact -- --checkpoint DIR --out DIR
 * Writes the compact form of a DQN checkpoint (src/rl/checkpoint.ts): the online net and the
 * policy average in half precision, a fifth of the full size. It evaluates and plays like the
 * full checkpoint; `npm run train -- --resume RUN` continues from it (the target net starts as
 * the online one, Adam from zero). This is how a long run outlives its machine: commit the
 * compact checkpoint as RUN_ROW/checkpoint/ beside the run's manifest, copy the row to a
 * scratch folder on the next machine, and resume there.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { compactCheckpoint, decodeDqnCheckpoint } from '../rl/checkpoint.js';
import { helpText, parseFlags, runCli, type FlagSpecs } from './args.js';
import { loadCheckpointDir, saveCheckpointDir } from './run-dir.js';

const FLAGS: FlagSpecs = {
  checkpoint: { kind: 'string', help: 'run folder or checkpoint folder to compact (RUN, RUN/checkpoint or RUN/best)' },
  out: { kind: 'string', help: 'checkpoint folder to write (checkpoint.json and weights.bin), e.g. ROW/checkpoint' },
  help: { kind: 'boolean', help: 'show this help', default: false },
};

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) return void console.log(helpText('compact', 'Writes the compact (half-precision, weights-only) form of a DQN checkpoint.', FLAGS));
  if (!flags.checkpoint) throw new ConfigError('--checkpoint', '--checkpoint DIR is required (a run folder written by npm run train)');
  if (!flags.out) throw new ConfigError('--out', '--out DIR is required (the checkpoint folder to write)');
  const { checkpoint, source } = loadCheckpointDir(flags.checkpoint as string);
  const out = flags.out as string;
  // Never over the source: the full checkpoint (Adam's moments, the target net) would be lost.
  if (resolve(source, '..') === resolve(out)) throw new ConfigError('--out', `--out ${out} is the checkpoint being compacted; write the compact one elsewhere`);
  const compact = compactCheckpoint(checkpoint, source);
  saveCheckpointDir(out, compact);
  const { meta } = decodeDqnCheckpoint(compact, out);
  console.log(JSON.stringify({
    from: source, out, envSteps: meta.counters.envSteps, updates: meta.counters.updates, episodes: meta.counters.episodes,
    bytes: compact.blob.length, fullBytes: checkpoint.blob.length,
  }));
}

void runCli(main);
