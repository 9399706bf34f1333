/**
 * Engine speed on a full-size layout with 4 ghosts: engine only, engine + 84x84 observation and
 * frame stack, and a vector env of 16. Single-threaded: each figure is per core.
 */
import { RandomStreams } from '../../core/random.js';
import type { Action } from '../../env/grid.js';
import { PacmanEnv } from '../../env/env.js';
import type { Layout } from '../../env/layout.js';
import { PixelEnv } from '../../obs/pixel-env.js';
import { makePixelVectorEnv } from '../../obs/pixel-vector-env.js';
import { measureRate } from './timing.js';

/** Pre-drawn random actions, so the policy's cost stays out of the engine's figure. */
function actionTable(size: number): Uint8Array {
  const rng = new RandomStreams(7).get('bench-actions');
  return Uint8Array.from({ length: size }, () => rng.int(5));
}

export interface EnvBenchResult {
  layout: string;
  ghosts: number;
  engineStepsPerSec: number;
  pixelStepsPerSec: number;
  vectorEnvs: number;
  vectorStepsPerSec: number;
  episodesPerRun: { engine: number };
}

export function benchEnv(layout: Layout, seconds: number): EnvBenchResult {
  const actions = actionTable(1 << 16);
  const mask = actions.length - 1;
  let cursor = 0;
  const env = new PacmanEnv(layout, { ghosts: 'directional' }, 1);
  env.reset();
  let episodes = 0;
  const engine = measureRate((n) => {
    for (let i = 0; i < n; i++) {
      const r = env.play(actions[cursor++ & mask] as Action);
      if (r.terminated || r.truncated) { env.reset(); episodes++; }
    }
    return n;
  }, seconds);

  const pixel = new PixelEnv(layout, { ghosts: 'directional' }, 1);
  pixel.reset();
  const pixelRate = measureRate((n) => {
    for (let i = 0; i < n; i++) {
      const r = pixel.play(actions[cursor++ & mask] as Action);
      if (r.terminated || r.truncated) pixel.reset();
    }
    return n;
  }, seconds);

  const N = 16;
  const vec = makePixelVectorEnv(layout, N, { ghosts: 'directional' }, 1);
  vec.reset();
  const batch = new Uint8Array(N);
  const vectorRate = measureRate((n) => {
    const rounds = Math.max(1, Math.floor(n / N));
    for (let i = 0; i < rounds; i++) {
      for (let e = 0; e < N; e++) batch[e] = actions[cursor++ & mask];
      vec.step(batch);
    }
    return rounds * N;
  }, seconds);

  return {
    layout: layout.name, ghosts: layout.ghostStarts.length,
    engineStepsPerSec: Math.round(engine.best), pixelStepsPerSec: Math.round(pixelRate.best),
    vectorEnvs: N, vectorStepsPerSec: Math.round(vectorRate.best), episodesPerRun: { engine: episodes },
  };
}
