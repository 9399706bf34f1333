/**
 * npm run gen -- --model world-pixel|world-latent --layout L --steps N --seed S --out DIR
 *                [--transitions N] [--eval-episodes N] [--ghosts G] [--config FILE.json] [--backend ...]
 *                [--load FILE.paclab]
 * Trains a world model (src/gen/world) on transitions of random play on a maze, then measures it
 * against episodes the real engine recorded with another seed: next-frame PSNR and cell accuracy
 * at 1 step and for open-loop 5- and 20-step dreams (ghosts reported apart), reward and
 * termination accuracy. Writes DIR/manifest.json, metrics.jsonl (loss rows), report.json and the
 * trained model, DIR/model.paclab. `--load` starts from such a file (its config, with --config's
 * fields on top: decoding options can change, the network's shape cannot); `--steps 0` then
 * only measures.
 */
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RandomStreams } from '../../core/random.js';
import { GHOST_POLICIES, type GhostPolicy } from '../../env/game.js';
import { cellGrid } from '../../gen/world/cells.js';
import { epsilonGreedyPolicy } from '../../gen/world/agent-policy.js';
import { PlayDataset, randomPolicy } from '../../gen/world/data.js';
import { evaluateWorldModel, recordEpisodes } from '../../gen/world/evaluate.js';
import { createWorldModel, WORLD_MODEL_NAMES, type WorldModel, type WorldModelName } from '../../gen/world/model.js';
import { BACKEND_PREFERENCES, type BackendPreference, selectBackend } from '../../tf/backend.js';
import { provideNodeWebGpu } from '../../tf/node-webgpu.js';
import { type FlagSpecs, helpText, parseFlags } from '../args.js';
import { loadLayout } from '../layouts.js';
import { GreedyPolicy, policyFromCheckpoint } from '../../rl/greedy-policy.js';
import { ensureDir, loadCheckpointDir, packageVersions, writeJson } from '../run-dir.js';
import { loadWorldModel, WORLD_MODEL_FILE_KIND, writeModelFile } from './model-file.js';
import { GenProgress } from './progress.js';

const WORLD_FLAGS: FlagSpecs = {
  model: { kind: 'string', help: 'world model', choices: WORLD_MODEL_NAMES },
  layout: { kind: 'string', help: 'maze (shipped name or .lay path)', default: 'starter7' },
  ghosts: { kind: 'string', help: 'ghost behaviour', choices: GHOST_POLICIES, default: 'directional' },
  steps: { kind: 'int', help: 'training steps', default: 500, min: 0, max: 10_000_000 },
  seed: { kind: 'int', help: 'run seed (weights, batches)', default: 1, min: 0, max: 2 ** 31 - 1 },
  transitions: { kind: 'int', help: 'play transitions to train on (random play, or --data-agent)', default: 20_000, min: 16, max: 1_000_000 },
  'data-agent': { kind: 'string', help: "a DQN run folder: its agent plays the training data, epsilon-greedy (the evaluation stays random play)" },
  'data-epsilon': { kind: 'number', help: 'with --data-agent: share of random actions', default: 0.25, min: 0, max: 1 },
  'eval-episodes': { kind: 'int', help: 'recorded episodes for the 1-step figures (rollouts use the long ones among 10x as many)', default: 40, min: 1, max: 10_000 },
  config: { kind: 'string', help: 'JSON file with the model config' },
  load: { kind: 'string', help: 'model.paclab file of an earlier run to start from' },
  out: { kind: 'string', help: 'run folder to write' },
  backend: { kind: 'string', help: 'tfjs backend', choices: BACKEND_PREFERENCES, default: 'cpu' },
  'log-every': { kind: 'int', help: 'loss row every N steps', default: 10, min: 1 },
  help: { kind: 'boolean', help: 'show this help', default: false },
};

/** Seeds of the data and of the evaluation episodes: fixed apart from the run seed, so runs compare. */
const DATA_SEED = 11;
const EVAL_SEED = 1001;

export async function runWorldGen(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, WORLD_FLAGS);
  if (flags.help) return void console.log(helpText('gen --model world-*', 'Trains a world model of the game and measures its dreams against the real engine.', WORLD_FLAGS));
  const model = flags.model as WorldModelName;
  const out = flags.out as string | undefined;
  if (!out) throw new Error('--out is required: the run folder to write');
  const layout = loadLayout(flags.layout as string);
  const env = { ghosts: flags.ghosts as GhostPolicy };
  const config = flags.config ? (JSON.parse(readFileSync(flags.config as string, 'utf8')) as unknown) : {};
  const backend = await selectBackend(flags.backend as BackendPreference, { provideWebGpu: provideNodeWebGpu });
  const t0 = performance.now();
  const dataAgent = flags['data-agent'] ? loadDataAgent(flags['data-agent'] as string) : null;
  const epsilon = flags['data-epsilon'] as number;
  const data = PlayDataset.collect(layout, env, flags.transitions as number, DATA_SEED, dataAgent ? epsilonGreedyPolicy(dataAgent, layout.width, layout.height, epsilon) : randomPolicy);
  dataAgent?.dispose();
  const world = flags.load ? loadWorldModel(flags.load as string, model, config, flags.seed as number) : createWorldModel(model, config, flags.seed as number);
  ensureDir(out);
  const metricsPath = join(out, 'metrics.jsonl');
  if (existsSync(metricsPath)) rmSync(metricsPath);
  const manifest = {
    command: 'gen', model, layout: layout.name, env, seed: flags.seed, steps: flags.steps, config: world.config, paramCount: world.paramCount,
    data: {
      policy: dataAgent ? `the greedy agent of ${String(flags['data-agent'])}, a random action with probability ${epsilon}` : 'uniform random over the 5 actions',
      transitions: data.size, seed: DATA_SEED,
    },
    evaluation: { seed: EVAL_SEED, truth: 'the real engine, recorded under the same random policy with another seed' },
    backend, versions: packageVersions(),
  };
  writeJson(join(out, 'manifest.json'), { ...manifest, loadedFrom: flags.load ?? null, stepsBefore: world.steps });
  const rng = new RandomStreams(flags.seed as number).get('world/batches');
  const progress = new GenProgress(process.stdout.isTTY === true);
  const trainStart = performance.now();
  const steps = flags.steps as number;
  for (let s = 0; s < steps; s++) {
    const losses = await world.trainStep(data.sample(world.config.batchSize, rng));
    const stepsPerSec = (s + 1) / ((performance.now() - trainStart) / 1000);
    if ((s + 1) % (flags['log-every'] as number) === 0) appendFileSync(metricsPath, JSON.stringify({ type: 'step', step: s + 1, losses }) + '\n');
    progress.update({ step: s + 1, totalSteps: steps, stepsPerSec, losses, kid: NaN }, s + 1 === steps);
  }
  progress.done();
  const trainSeconds = (performance.now() - trainStart) / 1000;
  await saveWorldModel(world, join(out, 'model.paclab'));
  const evalEpisodes = flags['eval-episodes'] as number;
  const pool = recordEpisodes(layout, env, EVAL_SEED, evalEpisodes * 10);
  const long = pool.filter((e) => e.actions.length >= 21).slice(0, evalEpisodes);
  // Random play rarely lasts 20 steps: dreams start in the long episodes; with none, in the 1-step ones.
  const report = await evaluateWorldModel(world, pool.slice(0, evalEpisodes), cellGrid(layout.width, layout.height), {
    horizons: [1, 5, 20], startStride: 5, rolloutEpisodes: long.length > 0 ? long : undefined,
  });
  writeJson(join(out, 'report.json'), { steps, trainSeconds, stepsPerSec: steps / trainSeconds, collectSeconds: (trainStart - t0) / 1000, longEpisodes: long.length, report });
  const h = (k: number) => report.rollout[k];
  console.log(JSON.stringify({
    model, layout: layout.name, steps,
    oneStep: { cellsGhostsAside: report.oneStep.cells.nonGhost, pacman: report.oneStep.cells.pacman, ghosts: report.oneStep.cells.ghost, psnr: report.oneStep.psnr, reward: report.oneStep.reward, termination: report.oneStep.termination },
    step5: h(5) && { cellsGhostsAside: h(5).cells.nonGhost, pacman: h(5).cells.pacman, psnr: h(5).psnr },
    step20: h(20) && { cellsGhostsAside: h(20).cells.nonGhost, pacman: h(20).cells.pacman, psnr: h(20).psnr },
  }));
  world.dispose();
}

/** Whether `argv` asks `gen` for a world model. */
export function isWorldModel(argv: readonly string[]): boolean {
  const i = argv.findIndex((a) => a === '--model' || a.startsWith('--model='));
  const value = i < 0 ? undefined : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  return WORLD_MODEL_NAMES.includes(value as WorldModelName);
}

async function saveWorldModel(world: WorldModel, path: string): Promise<void> {
  const state = await world.save();
  writeModelFile(path, WORLD_MODEL_FILE_KIND, { model: world.name, steps: state.steps, config: world.config }, state.tensors);
}

/** The greedy policy of the DQN checkpoint in run folder `dir` (for --data-agent). */
function loadDataAgent(dir: string): GreedyPolicy {
  const { checkpoint, source } = loadCheckpointDir(dir);
  return new GreedyPolicy(policyFromCheckpoint(checkpoint, source));
}
