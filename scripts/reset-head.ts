/**
 * npx tsx scripts/reset-head.ts RUN_DIR [--layers dense,advantage,value] [--seed 1]
 * Resets the fully connected layers of a DQN run's checkpoint to fresh initial weights, keeping
 * the convolutions: in the online, target and policy-average nets alike, with Adam's moments for
 * those layers zeroed. Then `npm run train -- --resume RUN_DIR` relearns the head from what the
 * convolutions see. This is the "reset the last layers" remedy for the primacy bias (Nikishin et
 * al., ICML 2022): Q-values learnt early and never revisited (corridors16 seed 3 expects death
 * at a pocket that is safe, docs/tuning.md) are forgotten, not defended.
 * The checkpoint is rewritten in place (copy the run folder first to keep the original), and the
 * run's manifest.json records it under "headResets" (the env step, layers and seed).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RandomStreams } from '../src/core/random.js';
import { loadCheckpointDir, saveCheckpointDir } from '../src/cli/run-dir.js';
import { decodeDqnCheckpoint, type DqnCheckpointMeta } from '../src/rl/checkpoint.js';
import { DqnAgent } from '../src/rl/dqn-agent.js';
import { logicalName } from '../src/rl/qnet.js';
import { selectBackend } from '../src/tf/backend.js';
import { encodeBundle, type NamedValues } from '../src/tf/tensor-bundle.js';

/**
 * Sets every tensor of `layers` (by the layer part of its name, "online/dense/kernel") to a fresh
 * agent's initial weights from `seed`, and its Adam moments to 0, in place. Returns the names reset;
 * throws if none matched (a misspelt layer must not pass as a reset).
 */
export function resetHeadLayers(tensors: Map<string, NamedValues>, meta: DqnCheckpointMeta, layers: readonly string[], seed: number): string[] {
  const fresh = new DqnAgent(meta.numActions, meta.config, new RandomStreams(seed).get('reset-head'));
  const initial = new Map(fresh.online.params.map((v) => [logicalName(v).replace(/^online\//, ''), v.dataSync() as Float32Array]));
  fresh.dispose();
  const reset: string[] = [];
  for (const [name, t] of tensors) {
    const [, layer, part, moment] = name.split('/');
    if (!layers.includes(layer)) continue;
    if (moment) t.values.fill(0);
    else {
      const init = initial.get(`${layer}/${part}`);
      if (!init || init.length !== t.values.length) throw new Error(`no fresh weights of ${init?.length ?? 0} values for ${name} (${t.values.length})`);
      t.values.set(init);
    }
    reset.push(name);
  }
  if (reset.length === 0) throw new Error(`no tensor of the layers ${layers.join(', ')} (the checkpoint has ${[...new Set([...tensors.keys()].map((n) => n.split('/')[1]))].join(', ')})`);
  return reset;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { layers: { type: 'string', default: 'dense,advantage,value' }, seed: { type: 'string', default: '1' } },
  });
  const dir = positionals[0];
  if (!dir) throw new Error('usage: scripts/reset-head.ts RUN_DIR [--layers dense,advantage,value] [--seed S]');
  const layers = values.layers.split(',');
  const seed = Number(values.seed);
  await selectBackend('cpu');
  const { checkpoint, source } = loadCheckpointDir(dir);
  const { meta, tensors } = decodeDqnCheckpoint(checkpoint, source);
  const reset = resetHeadLayers(tensors, meta, layers, seed);
  saveCheckpointDir(dirname(source), encodeBundle('dqn', meta, [...tensors.values()]));
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { headResets?: unknown[] };
    manifest.headResets = [...(manifest.headResets ?? []), { atEnvSteps: meta.counters.envSteps, layers, seed, date: new Date().toISOString() }];
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  console.log(JSON.stringify({ run: dir, envSteps: meta.counters.envSteps, reset }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
