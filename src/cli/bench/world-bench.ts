/**
 * Dream speed: frames per second of a live dream (src/gen/world/live-dream.ts) stepped one action
 * at a time, as the Dream panel steps it: one forward pass of the world model on a `[1, 84, 84, 4]`
 * stack, the frame and heads read back, the context shifted. Each world model at the lab's
 * default settings (DEFAULT_WORLD_SLOT), untrained: the weights' values do not change the cost.
 */
import { PlayDataset } from '../../gen/world/data.js';
import { LiveDream } from '../../gen/world/live-dream.js';
import { createWorldModel } from '../../gen/world/model.js';
import { WORLD_MODEL_NAMES, type WorldModelName } from '../../gen/world/names.js';
import { DEFAULT_WORLD_SLOT, worldModelConfigOf } from '../../gen/world/world-settings.js';
import { parseLayout } from '../../env/layout.js';

export interface DreamBenchRow {
  model: WorldModelName;
  params: number;
  channels: [number, number];
  /** Dream steps per second (batch 1), after one warm-up step. */
  framesPerSec: number;
  msPerStep: number;
  stepsTimed: number;
}

const STARTER = ['%%%%%%%', '% P   %', '% %%% %', '% %.  %', '% %%% %', '%. G  %', '%%%%%%%'].join('\n');

export async function benchDream(seconds: number): Promise<DreamBenchRow[]> {
  const stack = PlayDataset.collect(parseLayout(STARTER, 'starter7'), { ghosts: 'directional' }, 8, 1).gather([7]).stacks;
  const rows: DreamBenchRow[] = [];
  for (const name of WORLD_MODEL_NAMES) {
    const settings = { ...DEFAULT_WORLD_SLOT, model: name };
    const model = createWorldModel(name, worldModelConfigOf(settings), 1);
    const dream = new LiveDream(model, stack);
    await dream.step(4);
    let steps = 0;
    const t0 = performance.now();
    while (steps === 0 || performance.now() - t0 < seconds * 1000) await dream.step(steps++ % 5);
    const ms = (performance.now() - t0) / steps;
    rows.push({ model: name, params: model.paramCount, channels: settings.channels, framesPerSec: Number((1000 / ms).toPrecision(4)), msPerStep: Number(ms.toPrecision(4)), stepsTimed: steps });
    model.dispose();
  }
  return rows;
}
