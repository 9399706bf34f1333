/**
 * npx tsx scripts/compare-policy-average.ts --config FILE.json --seed S --out ROWS.jsonl
 *     [--layout starter7] [--episodes 992] [--every 1000] [--from 4000] [--decays 0.99,0.995,0.998,0.999]
 * Does a Polyak average of the online weights play better greedily than the online net itself?
 * Trains one DQN run on the CPU as `npm run train` would (the config's own policyAverageDecay is
 * ignored: the averages here are passive twins, one per decay, blended after every tick with
 * 1 - decay^updates, so training is exactly the config's), and every `--every` env steps from
 * `--from` on, and once at the end, plays 100 greedy episodes (the run's seed, as `npm run eval`)
 * with the online net and with each average. One JSON row per evaluation: [winRate, meanScore]
 * per policy. Paired: every policy is measured on the same run at the same instant. This is the
 * comparison behind dqn.policyAverageDecay (docs/tuning.md, trial 21).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RandomStream } from '../src/core/random.js';
import { resolveEnvConfig } from '../src/env/env.js';
import { catalogueEntry, loadLayout } from '../src/cli/layouts.js';
import { readRunConfig } from '../src/cli/run-config.js';
import { DqnAgent } from '../src/rl/dqn-agent.js';
import { agentPolicy, evaluatePolicy } from '../src/rl/evaluate.js';
import { DqnTrainer } from '../src/rl/trainer.js';
import { selectBackend } from '../src/tf/backend.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string' }, seed: { type: 'string', default: '1' }, out: { type: 'string' }, layout: { type: 'string', default: 'starter7' },
    episodes: { type: 'string', default: '992' }, every: { type: 'string', default: '1000' }, from: { type: 'string', default: '4000' },
    decays: { type: 'string', default: '0.99,0.995,0.998,0.999' },
  },
});
if (!values.config || !values.out) throw new Error('--config FILE.json and --out ROWS.jsonl are required');
const seed = Number(values.seed);
const maxEpisodes = Number(values.episodes);
const every = Number(values.every);
const from = Number(values.from);
const decays = (values.decays ?? '').split(',').map(Number);
if (decays.some((d) => !(d > 0 && d < 1))) throw new Error(`--decays ${values.decays}: each must be in (0, 1)`);

await selectBackend('cpu');
const fileConfig = readRunConfig(values.config);
const layout = loadLayout(values.layout ?? 'starter7');
const entry = catalogueEntry(layout.name);
const env = resolveEnvConfig({ ...(entry ? { maxSteps: entry.maxSteps } : {}), ...fileConfig.env });
const trainer = new DqnTrainer({ layout, env, dqn: { ...fileConfig.dqn, policyAverageDecay: 0 }, seed });
// Twins whose online net holds an average; their own stream leaves the run's draws alone.
const twins = decays.map(() => new DqnAgent(trainer.agent.numActions, trainer.config, new RandomStream('average-twins')));
twins.forEach((t) => t.online.copyFrom(trainer.agent.online));
writeFileSync(values.out, '');

async function evaluateAll(): Promise<void> {
  const row: Record<string, unknown> = { envSteps: trainer.envSteps, updates: trainer.updates, episodes: trainer.episodes, winRate100: trainer.window.winRate };
  const play = async (agent: DqnAgent): Promise<[number, number]> => {
    const s = await evaluatePolicy(layout, env, seed, 100, agentPolicy(agent, 0, seed));
    return [s.winRate, Number(s.meanScore.toFixed(1))];
  };
  row.online = await play(trainer.agent);
  for (const [i, d] of decays.entries()) row[`average${d}`] = await play(twins[i]);
  appendFileSync(values.out as string, `${JSON.stringify(row)}\n`);
  console.log(JSON.stringify(row));
}

let nextAt = every;
let seenUpdates = 0;
while (trainer.episodes < maxEpisodes) {
  await trainer.tick();
  const k = trainer.updates - seenUpdates;
  seenUpdates = trainer.updates;
  if (k > 0) decays.forEach((d, i) => twins[i].online.copyFrom(trainer.agent.online, 1 - d ** k));
  if (trainer.envSteps >= nextAt) {
    nextAt += every;
    if (trainer.envSteps >= from) await evaluateAll();
  }
}
await evaluateAll();
