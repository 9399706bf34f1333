/**
 * Frames for the `frames` dataset without an RL run: a uniformly random policy plays the
 * layout and every step's 84x84 frame is kept (episodes restart when they end).
 */
import { RandomStreams } from '../../core/random.js';
import type { Action } from '../../env/grid.js';
import { parseLayout } from '../../env/layout.js';
import { PixelEnv } from '../../obs/pixel-env.js';
import { FRAME_SIZE } from '../../obs/raster.js';

/**
 * `count` frames (count * 84 * 84 bytes, in play order) from random play on `layoutText`.
 * Moves are drawn from N/S/E/W (never Stop) with the seed's 'gen/frames/policy' stream; the
 * ghosts use the env's own seeded stream. Same arguments, same bytes.
 */
export function framesFromRandomPlay(layoutText: string, count: number, seed: number): Uint8Array {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`frame count must be an integer >= 1, got ${count}`);
  const env = new PixelEnv(parseLayout(layoutText), {}, seed);
  const policy = new RandomStreams(seed).get('gen/frames/policy');
  const out = new Uint8Array(count * FRAME_SIZE);
  env.reset();
  for (let i = 0; i < count; i++) {
    out.set(env.frame, i * FRAME_SIZE);
    const r = env.play(policy.int(4) as Action);
    if (r.terminated || r.truncated) env.reset();
  }
  return out;
}
