import { PacmanEnv, type EnvConfig } from '../../../src/env/env.js';
import { parseLayout } from '../../../src/env/layout.js';

/** An env over layout rows given inline. */
export function envOf(rows: string[], config: Partial<EnvConfig> = {}, seed = 1): PacmanEnv {
  const env = new PacmanEnv(parseLayout(rows.join('\n'), 'test.lay'), config, seed);
  env.reset();
  return env;
}

/** Ghost g's position in cells (may be x.5 when scared). */
export function ghostAt(env: PacmanEnv, g = 0): [number, number] {
  return [env.game.ghostHX[g] / 2, env.game.ghostHY[g] / 2];
}
