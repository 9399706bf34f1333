/**
 * npm run play -- --list [--json]
 * npm run play -- --layout NAME|PATH --policy random --ghosts random|directional --episodes N --seed S [--json]
 * Plays whole episodes headless and prints one record per episode and a summary.
 */
import { RandomStreams } from '../core/random.js';
import { GHOST_POLICIES } from '../env/game.js';
import { type Action, NUM_ACTIONS } from '../env/grid.js';
import { PacmanEnv } from '../env/env.js';
import { helpText, parseFlags, runCli, type FlagSpecs } from './args.js';
import { catalogueEntry, loadLayout, shippedLayoutNames } from './layouts.js';
import { formatTable } from './table.js';
import { describeFigures, episodeFigures } from '../rl/evaluate.js';

const FLAGS: FlagSpecs = {
  list: { kind: 'boolean', help: 'list the shipped layouts', default: false },
  layout: { kind: 'string', help: 'shipped layout name or path to a .lay file', default: 'starter7' },
  policy: { kind: 'string', help: "Pac-Man's policy", choices: ['random'], default: 'random' },
  ghosts: { kind: 'string', help: 'ghost behaviour', choices: GHOST_POLICIES, default: 'random' },
  episodes: { kind: 'int', help: 'episodes to play', default: 10, min: 1, max: 1_000_000 },
  seed: { kind: 'int', help: 'run seed', default: 1, min: 0, max: 2 ** 31 - 1 },
  'max-steps': { kind: 'int', help: "step limit per episode (0 = the layout's catalogue value)", default: 0, min: 0, max: 1_000_000 },
  json: { kind: 'boolean', help: 'print JSON lines', default: false },
  help: { kind: 'boolean', help: 'show this help', default: false },
};

export interface EpisodeRecord {
  episode: number;
  score: number;
  steps: number;
  won: boolean;
  foodEaten: number;
  capsulesEaten: number;
  ghostsEaten: number;
  terminated: boolean;
  truncated: boolean;
}

function listLayouts(json: boolean): void {
  const rows = shippedLayoutNames().map((name) => {
    const l = loadLayout(name);
    const entry = catalogueEntry(name);
    return { name, width: l.width, height: l.height, food: l.foodCount, capsules: l.capsules.length, ghosts: l.ghostStarts.length, description: entry?.description ?? '' };
  });
  rows.sort((a, b) => a.width * a.height - b.width * b.height || a.name.localeCompare(b.name));
  if (json) for (const r of rows) console.log(JSON.stringify(r));
  else console.log(formatTable(rows.map((r) => ({ ...r, size: `${r.width}x${r.height}` })), ['name', 'size', 'food', 'capsules', 'ghosts', 'description']));
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) return void console.log(helpText('play', 'Plays Pac-Man headless with a fixed policy.', FLAGS));
  if (flags.list) return listLayouts(flags.json as boolean);
  const layout = loadLayout(flags.layout as string);
  const seed = flags.seed as number;
  const maxSteps = (flags['max-steps'] as number) || (catalogueEntry(layout.name)?.maxSteps ?? 0);
  const env = new PacmanEnv(layout, { ghosts: flags.ghosts as 'random' | 'directional', maxSteps }, seed);
  const policy = new RandomStreams(seed).get('policy');
  const records: EpisodeRecord[] = [];
  for (let episode = 0; episode < (flags.episodes as number); episode++) {
    env.reset();
    for (;;) {
      const { terminated, truncated } = env.play(policy.int(NUM_ACTIONS) as Action);
      if (terminated || truncated) {
        const g = env.game;
        const record: EpisodeRecord = { episode, score: g.score, steps: g.steps, won: g.won, foodEaten: g.foodEaten, capsulesEaten: g.capsulesEaten, ghostsEaten: g.ghostsEaten, terminated, truncated };
        records.push(record);
        if (flags.json) console.log(JSON.stringify(record));
        break;
      }
    }
  }
  const n = records.length;
  const summary = {
    summary: true, layout: layout.name, policy: flags.policy, ghosts: flags.ghosts, seed, episodes: n,
    // A terminated episode that was not won was ended by a ghost.
    ...episodeFigures(records.map((r) => ({ ...r, lost: r.terminated && !r.won }))),
  };
  if (flags.json) console.log(JSON.stringify(summary));
  else {
    console.log(formatTable(records.slice(0, 50), ['episode', 'score', 'steps', 'won', 'foodEaten', 'capsulesEaten', 'ghostsEaten', 'terminated', 'truncated']));
    if (n > 50) console.log(`... ${n - 50} more episodes`);
    console.log(`\n${layout.name}: ${n} episodes, ${describeFigures(summary)}`);
  }
}

void runCli(main);
