/**
 * Is a world model's dream calibrated? Plays random legal moves inside its dream (DreamVectorEnv,
 * keepGhosts on, as `train --dream` runs it) and prints one JSON line: episodes, mean steps and
 * score, wins, and episodes cut at the step limit. Compare with the real game's random play,
 * `npm run eval -- --agent random --layout L --episodes N --seed S --ghosts directional --json`:
 * close figures say the model ends episodes as often as the game does, for random play.
 *
 *   npx tsx scripts/dream-random-play.ts MODEL.paclab [--layout starter7] [--episodes 200]
 *                                        [--endings reward|sampled|head] [--seed 1]
 */
import { loadWorldModelFile } from '../src/cli/gen/model-file.js';
import { catalogueEntry, loadLayout } from '../src/cli/layouts.js';
import { RandomStreams } from '../src/core/random.js';
import { bitCount, nthSetBit } from '../src/env/legal.js';
import { DREAM_ENDINGS, DreamVectorEnv, type DreamEndings } from '../src/gen/world/dream-env.js';
import { selectBackend } from '../src/tf/backend.js';

const ENVS = 16;

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}


async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file || file.startsWith('--')) throw new Error('usage: npx tsx scripts/dream-random-play.ts MODEL.paclab [--layout L] [--episodes N] [--endings E] [--seed S]');
  const episodes = Number(flag('episodes', '200'));
  const seed = Number(flag('seed', '1'));
  const endings = flag('endings', 'reward') as DreamEndings;
  if (!DREAM_ENDINGS.includes(endings)) throw new Error(`--endings must be one of ${DREAM_ENDINGS.join(', ')}, got ${endings}`);
  await selectBackend('cpu');
  const layout = loadLayout(flag('layout', 'starter7'));
  const model = loadWorldModelFile(file, seed, { keepGhosts: true }, 'MODEL');
  const maxSteps = catalogueEntry(layout.name)?.maxSteps ?? 100;
  const env = new DreamVectorEnv({ model, layout, env: { ghosts: 'directional', maxSteps }, numEnvs: ENVS, seed, endings });
  const rng = new RandomStreams(seed).get('dream-random-play');
  // A uniformly random legal move, Stop left out (all four when the dream draws no Pac-Man to read them from).
  const moves = (mask: number): number => mask & 0b1111 || 0b1111;
  const randomLegal = (mask: number): number => nthSetBit(moves(mask), rng.int(bitCount(moves(mask))));
  const ended: { steps: number; score: number; won: boolean }[] = [];
  while (ended.length < episodes) {
    const step = await env.step(Array.from(env.legal, (mask) => randomLegal(mask)));
    for (const info of step.finalInfos) if (info) ended.push({ steps: info.steps, score: info.score, won: info.won });
  }
  ended.length = episodes; // the last step may end more than were asked for
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(JSON.stringify({
    model: file, layout: layout.name, endings, seed, episodes: ended.length,
    meanSteps: mean(ended.map((e) => e.steps)), meanScore: mean(ended.map((e) => e.score)),
    wins: ended.filter((e) => e.won).length, cutAtLimit: ended.filter((e) => e.steps >= maxSteps && !e.won).length,
  }));
  model.dispose();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
