/**
 * npx tsx scripts/bench-dream-decoding.ts [--seconds 5] [--rounds 3]
 * The live dream's frame rate (src/gen/world/live-dream.ts, batch 1, as the Dream panel steps it)
 * with the world-pixel model's argmax decoding (keepMargin 0, singlePacman false) and with its
 * default decoding rules (src/gen/world/decode.ts: the 7 level logits per pixel read back and
 * walked in JS), alternating in one process so machine load hits both alike. CPU backend,
 * untrained default model (the weights' values do not change the cost). Prints one JSON object.
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { loadLayout } from '../src/cli/layouts.js';
import { PlayDataset } from '../src/gen/world/data.js';
import { LiveDream } from '../src/gen/world/live-dream.js';
import { createWorldModel } from '../src/gen/world/model.js';
import { DEFAULT_WORLD_SLOT, worldModelConfigOf } from '../src/gen/world/world-settings.js';
import { selectBackend } from '../src/tf/backend.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' } } });
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
if (!(seconds > 0) || !Number.isInteger(rounds) || rounds < 1) throw new RangeError(`--seconds must be > 0 and --rounds an integer >= 1, got ${values.seconds} and ${values.rounds}`);

await selectBackend('cpu');
const stack = PlayDataset.collect(loadLayout('starter7'), { ghosts: 'directional' }, 8, 1).gather([7]).stacks;
const variants = { argmax: { keepMargin: 0, singlePacman: false }, decoded: { keepMargin: 4, singlePacman: true } };
const framesPerSec: Record<string, number[]> = { argmax: [], decoded: [] };
for (let round = 0; round < rounds; round++) {
  for (const [name, decoding] of Object.entries(variants)) {
    const base = worldModelConfigOf({ ...DEFAULT_WORLD_SLOT, model: 'world-pixel' });
    const model = createWorldModel('world-pixel', { ...base, ...decoding }, 1);
    const dream = new LiveDream(model, stack);
    await dream.step(4); // warm-up
    let steps = 0;
    const t0 = performance.now();
    while (steps === 0 || performance.now() - t0 < seconds * 1000) await dream.step(steps++ % 5);
    framesPerSec[name].push(Number(((steps * 1000) / (performance.now() - t0)).toFixed(1)));
    model.dispose();
  }
}
console.log(JSON.stringify({ framesPerSec, seconds, leakedTensors: tf.memory().numTensors }));
