/** N pixel envs in one VectorEnv: observations `[N, 84, 84, 4]` uint8. */
import type { EnvConfig } from '../env/env.js';
import type { Layout } from '../env/layout.js';
import { VectorEnv } from '../env/vector-env.js';
import { STACK_BYTES } from './frame-stack.js';
import { PixelEnv } from './pixel-env.js';

/** Env i draws its ghosts' moves from stream `ghosts/i` of `seed`. */
export function makePixelVectorEnv(layout: Layout, numEnvs: number, config: Partial<EnvConfig> = {}, seed = 1): VectorEnv<PixelEnv> {
  return new VectorEnv(numEnvs, STACK_BYTES, (i, target) => new PixelEnv(layout, config, seed, `ghosts/${i}`, target));
}
