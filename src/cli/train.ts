/**
 * npm run train -- --layout L --steps N [--episodes E] --seed S --out DIR [--backend cpu|webgpu] [--net nature|small]
 *                   [--envs N] [--config FILE.json] [--resume DIR] [--dream MODEL.paclab]
 * npm run train -- --agent random|tabular|approx --layout L (--steps N | --episodes N) --seed S --out DIR
 *                   [--alpha A --gamma G --epsilon E]   (tabular and approx only)
 * Trains a DQN headless (or a baseline, see train-baseline.ts). Ctrl-C saves a checkpoint before
 * exiting; --resume DIR continues (DQN only; --backend may change), with --config FILE.json changing settings on the way
 * (all but the network's shape; manifest.json's `resumes` records each resume and what it changed;
 * the replay restarts empty and refills before learning, see --refill). With --eval-every, the
 * checkpoint of the best greedy evaluation is kept in DIR/best/ (best-checkpoint.ts). --dream
 * trains the DQN inside a world model's dream (src/gen/world/dream-env.ts): every frame, reward
 * and ending it learns from is the model's, only the episode starts are real; `npm run eval` then
 * plays its checkpoint in the real game.
 */
import { rmSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { GHOST_POLICIES } from '../env/game.js';
import { resolveEnvConfig } from '../env/env.js';
import { layoutToText, parseLayout } from '../env/layout.js';
import { type DqnConfig, resolveDqnConfig } from '../rl/config.js';
import { checkMemoryBudget } from '../rl/memory-budget.js';
import { NET_PRESETS, type NetPreset } from '../rl/qnet.js';
import { replayMemoryBytes } from '../rl/replay/replay-memory.js';
import { DqnTrainer } from '../rl/trainer.js';
import { BACKEND_PREFERENCES, type BackendPreference, selectBackend } from '../tf/backend.js';
import { provideNodeWebGpu } from '../tf/node-webgpu.js';
import { DREAM_ENDINGS, DreamVectorEnv, type DreamEndings } from '../gen/world/dream-env.js';
import type { WorldModel } from '../gen/world/model.js';
import { loadWorldModelFile } from './gen/model-file.js';
import { AGENT_KINDS } from '../rl/baselines/config.js';
import { flagsGiven, helpText, parseFlags, runCli, type FlagSpecs } from './args.js';
import { catalogueEntry, loadLayout } from './layouts.js';
import { Progress } from './progress.js';
import { type ConfigChange, readRunConfig, resumeConfig, type RunConfigFile } from './run-config.js';
import { BestCheckpoint } from './best-checkpoint.js';
import { TABULAR_FLAGS, trainBaseline } from './train-baseline.js';
import { ensureDir, loadCheckpointDir, MetricsWriter, packageVersions, readJson, saveCheckpointDir, writeJson } from './run-dir.js';
import { catchInterrupt } from './interrupt.js';
import { describeEval, type EvalSchedule, PeriodicEval } from './train-eval.js';

/** The training loop lets signals (Ctrl-C) through at least this often (ms). */
const YIELD_MS = 100;

const FLAGS: FlagSpecs = {
  agent: { kind: 'string', help: 'learner: pixel DQN, or a baseline on the exact state', choices: AGENT_KINDS, default: 'dqn' },
  layout: { kind: 'string', help: 'shipped layout name or path to a .lay file', default: 'starter7' },
  steps: { kind: 'int', help: 'total env steps to train to', default: 50_000, min: 1 },
  seed: { kind: 'int', help: 'run seed', default: 1, min: 0, max: 2 ** 31 - 1 },
  out: { kind: 'string', help: 'run folder to write', default: '' },
  backend: { kind: 'string', help: 'tfjs backend', choices: BACKEND_PREFERENCES, default: 'cpu' },
  net: { kind: 'string', help: 'Q-network preset (overrides the config file)', choices: NET_PRESETS },
  envs: { kind: 'int', help: 'parallel envs (overrides the config file)', min: 1, max: 256 },
  ghosts: { kind: 'string', help: 'ghost behaviour (overrides the config file)', choices: GHOST_POLICIES },
  config: { kind: 'string', help: 'JSON file with {"env": {...}, "dqn": {...}}' },
  resume: { kind: 'string', help: 'continue the run in this folder' },
  refill: { kind: 'int', help: "with --resume: env steps of acting before learning continues, refilling the replay memory, which a checkpoint does not hold (default: the replay's capacity)", min: 0 },
  dream: { kind: 'string', help: "train inside this world model's dream (a model.paclab of npm run gen --model world-pixel|world-latent); evaluate in the real game with npm run eval" },
  'dream-endings': { kind: 'string', help: "with --dream: what ends a dreamed episode: the likeliest reward's ending (reward), one drawn from the reward head (sampled), or the termination head (head)", choices: DREAM_ENDINGS },
  'checkpoint-every': { kind: 'int', help: 'env steps between checkpoints (0 = only at the end)', default: 0, min: 0 },
  'eval-every': { kind: 'int', help: 'env steps between greedy evaluations written to metrics.jsonl, and one at the end (0 = none; a resumed run keeps its own)', min: 0 },
  'eval-episodes': { kind: 'int', help: 'episodes per greedy evaluation', default: 100, min: 1, max: 100_000 },
  'eval-seed': { kind: 'int', help: "evaluation seed (default: the run's seed)", min: 0, max: 2 ** 31 - 1 },
  episodes: { kind: 'int', help: 'random/tabular/approx: train this many whole episodes (instead of --steps); DQN: also stop before a tick could take the training episodes past this many', min: 1, max: 100_000_000 },
  alpha: { kind: 'number', help: 'tabular/approx: learning rate in (0, 1] (default 0.2)', min: 0, max: 1 },
  gamma: { kind: 'number', help: 'tabular/approx: discount in [0, 1] (default 0.8)', min: 0, max: 1 },
  epsilon: { kind: 'number', help: 'tabular/approx: exploration in [0, 1] (default 0.05)', min: 0, max: 1 },
  help: { kind: 'boolean', help: 'show this help', default: false },
};

interface Manifest {
  command: 'train';
  /** Absent in runs written before baselines existed: those are DQN runs. */
  agent?: 'dqn';
  layout: { name: string; text: string };
  seed: number;
  config: RunConfigFile;
  steps: number;
  /**
   * Training-episode cap (--episodes): the run stops before a tick could take the count past it,
   * so it ends with (cap - numEnvs, cap] episodes, as "after at most N episodes" targets need
   * (issue 7). Absent: --steps alone.
   */
  maxEpisodes?: number;
  backend: { requested: string; name: string; reason: string; adapter: string };
  versions: Record<string, string>;
  replayBytes: number;
  /** Greedy evaluations during training (train-eval.ts); absent when the run has none. */
  evaluation?: EvalSchedule;
  /** Trained inside this world model's dream (the file, its model and training steps); absent for real-game runs. */
  dream?: { file: string; model: string; steps: number; endings?: DreamEndings };
  /**
   * One entry per --resume: the env step it continued from, when, its --steps target, the backend
   * it trained on (--backend may move a run between machines) and the settings its --config
   * changed (absent: none). `config` and `backend` above are the latest; this is how they got there.
   */
  resumes?: { atEnvSteps: number; date: string; steps: number; backend: string; refill?: number; changed?: ConfigChange }[];
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) return void console.log(helpText('train', 'Trains a DQN agent (or a baseline: --agent random|tabular|approx) headless and writes a run folder.', FLAGS));
  if (flags.agent !== 'dqn') return trainBaseline(flags);
  for (const name of TABULAR_FLAGS) {
    if (flags[name] !== undefined) throw new ConfigError(`--${name}`, `--${name} is for --agent tabular or approx only`);
  }
  const resumeDir = flags.resume as string | undefined;
  let out = (flags.out as string) || resumeDir || '';
  if (!out) throw new ConfigError('--out', '--out DIR is required (the run folder to write)');
  let manifest: Manifest;
  let resumeChange: ConfigChange = {};
  if (resumeDir) {
    if (flags.out && flags.out !== resumeDir) throw new ConfigError('--out', `--resume continues in ${resumeDir}; --out ${String(flags.out)} would differ`);
    manifest = readJson<Manifest>(join(resumeDir, 'manifest.json'), 'manifest of the run to resume');
    const agent = (manifest as { agent?: string }).agent ?? 'dqn';
    if (agent !== 'dqn') throw new ConfigError('--resume', `${resumeDir} is a ${agent} run: --resume continues DQN runs only`);
    if (flags.dream || flags['dream-endings']) throw new ConfigError(flags.dream ? '--dream' : '--dream-endings', '--dream and --dream-endings are taken from the run being resumed; leave them out with --resume');
    const given = flagsGiven(process.argv.slice(2));
    for (const name of ['layout', 'seed', 'net', 'envs', 'ghosts'] as const) {
      if (given.has(name)) throw new ConfigError(`--${name}`, `--${name} ${String(flags[name])}: a resumed run keeps its own; to change a setting on a resume, name it in --config FILE.json`);
    }
    // A run may move between machines: --backend on a resume replaces the one it started with.
    if (given.has('backend')) manifest.backend.requested = flags.backend as string;
    if (flags.config) {
      const path = flags.config as string;
      ({ config: manifest.config, changed: resumeChange } = resumeConfig(manifest.config, readRunConfig(path), path));
    }
    out = resumeDir;
    manifest.steps = flags.steps as number;
    manifest.maxEpisodes = flags.episodes as number | undefined;
  } else {
    if (flags.refill !== undefined) throw new ConfigError('--refill', `--refill ${String(flags.refill)} is for --resume only: a new run's learning starts after dqn.learningStarts`);
    if (flags['dream-endings'] && !flags.dream) throw new ConfigError('--dream-endings', `--dream-endings ${String(flags['dream-endings'])} needs --dream MODEL.paclab (it says how dreamed episodes end)`);
    const fileConfig = readRunConfig(flags.config as string | undefined);
    const dqn: Partial<DqnConfig> = { ...fileConfig.dqn };
    if (flags.net) dqn.net = flags.net as NetPreset;
    if (flags.envs) dqn.numEnvs = flags.envs as number;
    const layout = loadLayout(flags.layout as string);
    const entry = catalogueEntry(layout.name);
    const env = resolveEnvConfig({ ...(entry ? { maxSteps: entry.maxSteps } : {}), ...fileConfig.env, ...(flags.ghosts ? { ghosts: flags.ghosts } : {}) });
    manifest = {
      command: 'train', agent: 'dqn', layout: { name: layout.name, text: layoutToText(layout) }, seed: flags.seed as number,
      config: { env, dqn }, steps: flags.steps as number, maxEpisodes: flags.episodes as number | undefined,
      backend: { requested: flags.backend as string, name: '', reason: '', adapter: '' }, versions: packageVersions(), replayBytes: 0,
      ...(flags.dream ? { dream: { file: flags.dream as string, model: '', steps: 0, endings: (flags['dream-endings'] as DreamEndings | undefined) ?? 'reward' } } : {}),
    };
  }

  const evalEvery = flags['eval-every'] as number | undefined;
  if (evalEvery !== undefined) {
    manifest.evaluation = evalEvery === 0 ? undefined : { every: evalEvery, episodes: flags['eval-episodes'] as number, seed: (flags['eval-seed'] as number | undefined) ?? manifest.seed };
  } else if (flags['eval-seed'] !== undefined) {
    throw new ConfigError('--eval-seed', `--eval-seed ${String(flags['eval-seed'])} needs --eval-every N (the env steps between evaluations)`);
  }

  const backend = await selectBackend(manifest.backend.requested as BackendPreference, { provideWebGpu: provideNodeWebGpu });
  manifest.backend = { requested: manifest.backend.requested, ...backend };
  const layout = parseLayout(manifest.layout.text, manifest.layout.name);
  const heapLimit = getHeapStatistics().heap_size_limit;
  checkMemoryBudget(resolveDqnConfig(manifest.config.dqn ?? {}), heapLimit, `this Node's heap limit; raise it with NODE_OPTIONS=--max-old-space-size=MB`);
  const numEnvs = resolveDqnConfig(manifest.config.dqn ?? {}).numEnvs;
  let dream: DreamVectorEnv | undefined;
  let world: WorldModel | undefined;
  if (manifest.dream) {
    // keepGhosts: without it ghosts fade out of open-loop dreams, and the model's endings with them (decode.ts).
    world = loadWorldModelFile(manifest.dream.file, manifest.seed, { keepGhosts: true }, '--dream');
    const endings = manifest.dream.endings ?? 'reward';
    manifest.dream = { file: manifest.dream.file, model: world.name, steps: world.steps, endings };
    dream = new DreamVectorEnv({ model: world, layout, env: resolveEnvConfig(manifest.config.env), numEnvs, seed: manifest.seed, endings });
  }
  const trainer = new DqnTrainer({ layout, env: manifest.config.env, dqn: manifest.config.dqn, seed: manifest.seed, envs: dream });
  manifest.config.dqn = trainer.config;
  manifest.replayBytes = replayMemoryBytes(trainer.config.replayCapacity);
  ensureDir(out);
  const metricsPath = join(out, 'metrics.jsonl');
  if (resumeDir) {
    const { checkpoint, source } = loadCheckpointDir(join(out, 'checkpoint'));
    const refill = flags.refill === undefined ? trainer.config.replayCapacity : (flags.refill as number);
    if (trainer.restore(checkpoint, source, refill) === 'policy') {
      process.stderr.write(`${source} is a compact checkpoint (npm run compact): the target net starts as the online net, Adam's moments from zero\n`);
    }
    const changed = Object.keys(resumeChange).length > 0 ? { changed: resumeChange } : {};
    manifest.resumes = [...(manifest.resumes ?? []), { atEnvSteps: trainer.envSteps, date: new Date().toISOString(), steps: manifest.steps, backend: manifest.backend.name, refill, ...changed }];
    if (changed.changed) process.stderr.write(`resumed at ${trainer.envSteps.toLocaleString('en-US')} env steps with ${JSON.stringify(resumeChange)}\n`);
    process.stderr.write(`refilling the replay memory: learning continues after ${refill.toLocaleString('en-US')} env steps\n`);
  } else {
    // A new run in an old folder: the old run's rows and best checkpoint go.
    rmSync(metricsPath, { force: true });
    rmSync(join(out, 'best'), { recursive: true, force: true });
  }
  writeJson(join(out, 'manifest.json'), manifest);
  if (backend.reason) process.stderr.write(`backend: ${backend.name} (${backend.reason})\n`);
  if (manifest.dream) process.stderr.write(`learning inside the dream of ${manifest.dream.model} (${manifest.dream.steps} training steps, ${manifest.dream.file}); episode scores below are the dream's\n`);
  process.stderr.write(`replay memory: ${trainer.config.replayCapacity.toLocaleString('en-US')} transitions, ${(trainer.replay.bytes / 1e6).toFixed(0)} MB\n`);

  const metrics = new MetricsWriter(metricsPath);
  trainer.listeners = { onEpisode: (row) => metrics.write(row), onReport: (row) => metrics.write(row) };

  const stop = catchInterrupt('saving a checkpoint');

  const progress = new Progress(process.stdout.isTTY === true);
  const started = performance.now();
  const startSteps = trainer.envSteps;
  const startUpdates = trainer.updates;
  let lastCheckpointAt = trainer.envSteps;
  const checkpointEvery = flags['checkpoint-every'] as number;
  const rates = (): { envStepsPerSec: number; updatesPerSec: number } => {
    const s = (performance.now() - started) / 1000;
    return { envStepsPerSec: (trainer.envSteps - startSteps) / s, updatesPerSec: (trainer.updates - startUpdates) / s };
  };
  const evals = manifest.evaluation ? new PeriodicEval(manifest.evaluation, layout, resolveEnvConfig(manifest.config.env), trainer.envSteps, resumeDir ? trainer.updates : null) : null;
  const best = evals ? new BestCheckpoint(out) : null;
  const evaluate = async (): Promise<void> => {
    if (!evals || !best) return;
    const row = await evals.run(trainer);
    metrics.write(row);
    progress.note(describeEval(row));
    if (await best.offer(row, () => trainer.checkpoint())) progress.note(`the best greedy evaluation so far: its checkpoint is kept in ${best.dir}`);
  };
  let lastYield = performance.now();
  const maxEpisodes = manifest.maxEpisodes;
  // A tick finishes at most one episode per env.
  const episodesLeft = (): boolean => maxEpisodes === undefined || trainer.episodes + numEnvs <= maxEpisodes;
  while (trainer.envSteps < manifest.steps && episodesLeft() && !stop.interrupted) {
    await trainer.tick();
    progress.update({ envSteps: trainer.envSteps, totalSteps: manifest.steps, episodes: trainer.episodes, meanScore100: trainer.window.meanScore, winRate100: trainer.window.winRate, epsilon: trainer.epsilon, ...rates() });
    if (checkpointEvery > 0 && trainer.envSteps - lastCheckpointAt >= checkpointEvery) {
      saveCheckpointDir(join(out, 'checkpoint'), await trainer.checkpoint());
      lastCheckpointAt = trainer.envSteps;
    }
    if (evals?.due(trainer.envSteps, trainer.updates)) await evaluate();
    // Let a signal through at least every YIELD_MS, however long a tick takes.
    if (performance.now() - lastYield >= YIELD_MS) {
      await new Promise((r) => setImmediate(r));
      lastYield = performance.now();
    }
  }
  progress.update({ envSteps: trainer.envSteps, totalSteps: manifest.steps, episodes: trainer.episodes, meanScore100: trainer.window.meanScore, winRate100: trainer.window.winRate, epsilon: trainer.epsilon, ...rates() }, true);
  progress.done();
  saveCheckpointDir(join(out, 'checkpoint'), await trainer.checkpoint());
  const seconds = (performance.now() - started) / 1000;
  const speed = rates();
  // The final evaluation comes after the checkpoint, so a second Ctrl-C during it loses nothing
  // but the evaluation (and this summary).
  if (evals?.pending(trainer.envSteps, trainer.updates)) {
    if (stop.interrupted) progress.note(`final greedy evaluation (${evals.schedule.episodes} episodes; the checkpoint is saved, Ctrl-C again to skip it)`);
    await evaluate();
  }
  writeJson(join(out, 'summary.json'), {
    envSteps: trainer.envSteps, updates: trainer.updates, episodes: trainer.episodes, interrupted: stop.interrupted,
    meanScore100: trainer.window.meanScore, winRate100: trainer.window.winRate, lastReport: trainer.lastReport,
    seconds, ...speed, backend: backend.name, greedy: evals?.lastRow ?? null, bestGreedy: best?.best ?? null,
  });
  console.log(`run saved in ${out} (${trainer.episodes} episodes, win rate of the last 100: ${(trainer.window.winRate * 100).toFixed(0)}%)`);
  trainer.dispose();
  world?.dispose();
  if (stop.interrupted) process.exit(130);
}

void runCli(main);
