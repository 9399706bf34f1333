/**
 * `createImageSource(name, options, inputs)`: one validated entry point for the three datasets.
 * Loading the digits asset is async and differs between Node and browsers, so the caller loads
 * it (loadDigitsNode / loadDigitsBrowser) and passes it in `inputs`; likewise the frames.
 */
import { ConfigError } from '../../core/errors.js';
import { checkChoice, checkInteger, mergeKnown } from '../../core/validate.js';
import { FRAME_WIDTH } from '../../obs/raster.js';
import { DATASET_NAMES, type DatasetName, type ImageSource } from '../types.js';
import { type ByteDataset, ByteImageSource } from './byte-images.js';
import { DIGITS_SIZE } from './digits-format.js';
import { type FrameProvider, FramesSource } from './frames.js';
import { makeSpritesDataset, SPRITE_SIZE } from './sprites.js';

export interface ImageSourceOptions {
  /** Run seed (integer): the epoch shuffles and frame draws come from its streams. */
  seed: number;
  /** Image side in pixels: digits and sprites in [8, 32]; frames in [32, 84] (84 = no downscale). */
  size: number;
  /** sprites: images per class in the training split, [1, 5000]; the test split has a fifth as many. */
  spritesPerClass: number;
  /** sprites: seed of the drawn images (not of the shuffles); 1 is the set the shipped judge learned. */
  spritesSeed: number;
}

export const DEFAULT_IMAGE_SOURCE_OPTIONS: ImageSourceOptions = { seed: 1, size: 32, spritesPerClass: 500, spritesSeed: 1 };

/** Data a dataset needs from outside: the decoded digits asset, or frame providers. */
export interface ImageSourceInputs {
  digits?: ByteDataset;
  /** frames: where training frames come from. */
  frames?: FrameProvider;
  /** frames: held-out frames for metrics (optional; see FramesSource.testSet). */
  framesTest?: FrameProvider;
}

const SIZE_RANGE: Readonly<Record<DatasetName, readonly [number, number]>> = {
  digits: [8, DIGITS_SIZE], sprites: [8, SPRITE_SIZE], frames: [32, FRAME_WIDTH],
};

/** Merges `overrides` onto the defaults and checks every field against `name`'s ranges. */
export function resolveImageSourceOptions(name: DatasetName, overrides: unknown): ImageSourceOptions {
  const o = mergeKnown('dataset', DEFAULT_IMAGE_SOURCE_OPTIONS, overrides);
  if (!Number.isSafeInteger(o.seed)) throw new ConfigError('dataset.seed', `dataset.seed must be an integer, got ${String(o.seed)}`);
  const [lo, hi] = SIZE_RANGE[name];
  checkInteger(`dataset.size (${name})`, o.size, lo, hi);
  checkInteger('dataset.spritesPerClass', o.spritesPerClass, 1, 5000);
  checkInteger('dataset.spritesSeed', o.spritesSeed, 0);
  return o;
}

/** A seeded ImageSource for dataset `name` ('digits' | 'sprites' | 'frames'). */
export function createImageSource(name: unknown, options?: unknown, inputs: ImageSourceInputs = {}): ImageSource {
  const dataset = checkChoice('dataset', name, DATASET_NAMES);
  const o = resolveImageSourceOptions(dataset, options);
  switch (dataset) {
    case 'digits':
      if (!inputs.digits) throw new ConfigError('dataset', 'dataset "digits" needs its data: load it with loadDigitsNode() or loadDigitsBrowser() and pass { digits }');
      return new ByteImageSource('digits', inputs.digits, o.size, o.seed);
    case 'sprites':
      return new ByteImageSource('sprites', makeSpritesDataset(o.spritesSeed, o.spritesPerClass), o.size, o.seed);
    case 'frames':
      if (!inputs.frames) throw new ConfigError('dataset', 'dataset "frames" needs a frame provider: pass { frames } (e.g. new ArrayFrameProvider(framesFromRandomPlay(...)))');
      return new FramesSource(inputs.frames, o.size, o.seed, inputs.framesTest);
  }
}
