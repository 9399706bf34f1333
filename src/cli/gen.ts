/**
 * npm run gen -- --model vae|gan|diffusion --data digits|sprites|frames --steps N --seed S --out DIR
 *                [--backend cpu|webgpu] [--conditional] [--config FILE.json] [--metrics-every N]
 *                [--sample-every N] [--size 32|84] [--layout L] [--load FILE.paclab] (see --help)
 * Trains a generative model headless with GenTrainer (src/gen/trainer.ts) and writes a run folder:
 *   manifest.json   resolved model config, seed, backend, versions, dataset, judge and feature space, timings
 *   metrics.jsonl   {type:'step'} loss rows every --log-every steps, {type:'metrics'} KID / class accuracy rows
 *   samples/step-NNNNNN.png, samples.png   sample grids (fixed seed; conditional: one row per class)
 *   model views     gan: fixed-noise/step-NNNNNN.png; vae: reconstructions.png, interpolation.png;
 *                   diffusion: forward-noising.png, reverse.png
 *   model.paclab    the model (weights, weight average, optimiser state), rewritten at every evaluation
 * `--load` goes on from a model.paclab for --steps more steps (0: only measure and draw, e.g. with
 * other sampling options in --config). Its batches and noise are seeded by --seed and the steps
 * already taken, so a continuation does not replay the first run's batches.
 * Ctrl-C stops training and still writes the final outputs.
 * World models (--model world-pixel|world-latent) take their own flags: see src/cli/gen/world.ts.
 */
import { appendFileSync, copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GenTrainer, type GenMetricsRow, type GenStepRow } from '../gen/trainer.js';
import { selectBackend } from '../tf/backend.js';
import { provideNodeWebGpu } from '../tf/node-webgpu.js';
import { helpText, parseFlags, runCli } from './args.js';
import { openGenData } from './gen/data.js';
import { GEN_FLAGS, resolveGenRun } from './gen/options.js';
import { stepName, writeModelViews, writeStepSamples } from './gen/outputs.js';
import { GenProgress } from './gen/progress.js';
import { isWorldModel, runWorldGen } from './gen/world.js';
import { ensureDir, packageVersions, writeJson } from './run-dir.js';
import { catchInterrupt } from './interrupt.js';
import { GEN_MODEL_FILE_KIND, readModelFile, writeModelFile } from './gen/model-file.js';
import { RandomStreams } from '../core/random.js';

/** JSON has no NaN: rows and the manifest carry null where a value is NaN (KID without a judge). */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (isWorldModel(argv)) return runWorldGen(argv);
  const flags = parseFlags(argv, GEN_FLAGS);
  if (flags.help) return void console.log(helpText('gen', 'Trains a GAN, VAE or diffusion model headless and writes sample grids, metrics.jsonl and manifest.json.', GEN_FLAGS));
  const spec = resolveGenRun(flags, argv);
  const started = performance.now();
  const backend = await selectBackend(spec.backend, { provideWebGpu: provideNodeWebGpu });
  if (backend.reason) process.stderr.write(`backend: ${backend.name} (${backend.reason})\n`);
  const data = openGenData(spec);
  const loaded = spec.load ? readModelFile(spec.load, GEN_MODEL_FILE_KIND, spec.model, spec.modelConfig) : null;
  const runSeed = loaded ? new RandomStreams(spec.seed).get(`gen/continue-after-${loaded.steps}`).int(2 ** 31) : spec.seed;
  const trainer = new GenTrainer({ model: spec.model, modelConfig: loaded?.config ?? spec.modelConfig, seed: runSeed, metrics: { every: spec.metricsEvery, samples: spec.metricsSamples } }, data.source, data.judge);
  if (loaded) trainer.model.load({ model: spec.model, steps: loaded.steps, tensors: loaded.tensors });
  const stepsBefore = trainer.steps;
  const lastStep = stepsBefore + spec.steps;
  const out = spec.out;
  ensureDir(out);
  const metricsPath = join(out, 'metrics.jsonl');
  if (existsSync(metricsPath)) rmSync(metricsPath);
  const write = (row: GenStepRow | GenMetricsRow): void => appendFileSync(metricsPath, toJson(row) + '\n');
  const manifest = {
    command: 'gen', model: spec.model, data: spec.data, seed: spec.seed, steps: spec.steps,
    loadedFrom: spec.load, stepsBefore, ...(loaded ? { runSeed } : {}),
    config: trainer.model.config, configFile: spec.configFile, paramCount: trainer.model.paramCount,
    dataset: data.manifest,
    judge: { ...data.judgeManifest, features: trainer.features, scoresClasses: trainer.scoresClasses },
    metrics: { every: spec.metricsEvery, samples: spec.metricsSamples, heldOut: 'the dataset\'s test split (frames: the held-out last sixth), fixed', sampleSeed: 'fixed (EVAL_SEED in src/gen/trainer.ts)' },
    outputs: { sampleEvery: spec.sampleEvery, logEvery: spec.logEvery, files: [] as string[] },
    backend: { requested: spec.backend, ...backend },
    versions: packageVersions(),
    timings: null as null | Record<string, number>,
    final: null as null | { losses: Record<string, number> | null; metrics: GenMetricsRow | null },
  };
  writeJson(join(out, 'manifest.json'), manifest);

  const stop = catchInterrupt('writing the final samples');

  const files = new Set<string>();
  let evalMs = 0;
  let sampleMs = 0;
  let trainMs = 0;
  let last: GenMetricsRow | null = null;
  let lastLosses: Record<string, number> | null = null;
  const saveModel = async (): Promise<void> => {
    const state = await trainer.model.save();
    writeModelFile(join(out, 'model.paclab'), GEN_MODEL_FILE_KIND, { model: spec.model, steps: state.steps, config: trainer.model.config }, state.tensors);
  };
  const evaluate = async (): Promise<void> => {
    const t0 = performance.now();
    last = await trainer.evaluate();
    evalMs += performance.now() - t0;
    write(last);
    await saveModel();
  };
  const samples = async (): Promise<void> => {
    const t0 = performance.now();
    for (const f of await writeStepSamples(trainer, out)) files.add(f);
    sampleMs += performance.now() - t0;
  };
  await evaluate();
  await samples();

  /** Training steps per second of this run (a continuation counts only its own steps). */
  const trainRate = (): number => (trainMs > 0 ? (trainer.steps - stepsBefore) / (trainMs / 1000) : 0);
  const progress = new GenProgress(process.stdout.isTTY === true);
  const figures = (stepsPerSec: number) => ({
    step: trainer.steps, totalSteps: lastStep, stepsPerSec, losses: lastLosses ?? {},
    kid: last?.kid ?? NaN, ...(last?.classAccuracy !== undefined ? { classAccuracy: last.classAccuracy } : {}),
  });
  while (trainer.steps < lastStep && !stop.interrupted) {
    const row = await trainer.trainStep();
    trainMs += row.ms;
    lastLosses = row.losses;
    if (row.step % spec.logEvery === 0 || row.step === lastStep) write({ ...row, ms: Number(row.ms.toFixed(1)) });
    if (trainer.metricsDue) await evaluate();
    if (spec.sampleEvery > 0 && row.step % spec.sampleEvery === 0) await samples();
    progress.update(figures(trainRate()));
    if (row.step % 8 === 0) await new Promise((r) => setImmediate(r)); // let Ctrl-C through
  }
  if (last === null || (last as GenMetricsRow).step !== trainer.steps) await evaluate();
  files.add('model.paclab');
  const finalGrid = join('samples', stepName(trainer.steps));
  if (!files.has(finalGrid)) await samples();
  progress.update(figures(trainRate()), true);
  progress.done();
  copyFileSync(join(out, finalGrid), join(out, 'samples.png'));
  files.add('samples.png');
  const t0 = performance.now();
  for (const f of await writeModelViews(trainer, out)) files.add(f);
  const viewMs = performance.now() - t0;

  manifest.steps = trainer.steps;
  manifest.outputs.files = [...files].sort();
  manifest.timings = {
    totalSeconds: round((performance.now() - started) / 1000), trainSeconds: round(trainMs / 1000),
    evalSeconds: round(evalMs / 1000), sampleSeconds: round(sampleMs / 1000), viewSeconds: round(viewMs / 1000),
    trainStepsPerSec: round(trainRate()),
  };
  manifest.final = { losses: lastLosses, metrics: last };
  if (stop.interrupted) (manifest as Record<string, unknown>).interrupted = true;
  writeJson(join(out, 'manifest.json'), JSON.parse(toJson(manifest)));
  const fin = last as GenMetricsRow | null;
  const acc = fin?.classAccuracy !== undefined ? `, class accuracy ${(100 * fin.classAccuracy).toFixed(1)}%` : '';
  console.log(`${spec.model} on ${spec.data}: ${trainer.steps} steps in ${manifest.timings.totalSeconds} s; KID ${fin?.kid.toFixed(4)} (${trainer.features})${acc}; wrote ${out}`);
  trainer.dispose();
  data.judge.dispose();
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

void runCli(main);
