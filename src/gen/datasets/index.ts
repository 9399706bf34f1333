/**
 * The generative lab's datasets (browser-safe: the Node loader is digits-node.ts, imported
 * directly where node:fs is available).
 */
export { type ByteDataset, type ByteImages, ByteImageSource } from './byte-images.js';
export { createImageSource, DEFAULT_IMAGE_SOURCE_OPTIONS, type ImageSourceInputs, type ImageSourceOptions, resolveImageSourceOptions } from './create.js';
export { buildDigitsBytes, decodeDigitsBytes, DIGIT_CLASS_NAMES, DIGITS_SIZE } from './digits-format.js';
export { loadDigitsBrowser } from './digits-browser.js';
export { ArrayFrameProvider, downscaleFrames, type FrameProvider, FramesSource, splitFrames } from './frames.js';
export { framesFromRandomPlay } from './frames-play.js';
export { areaResize, areaResizeInto } from './resample.js';
export { drawSprite, generateSprites, makeSpritesDataset, SPRITE_CLASS_NAMES, type SpriteAttributes } from './sprites.js';
