/** Tabular Q-learning: it learns a tiny maze, is deterministic per seed, validates its config, checkpoints exactly. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../../src/core/random.js';
import { parseLayout } from '../../../../src/env/layout.js';
import { BaselineTrainer } from '../../../../src/rl/baselines/baseline-trainer.js';
import { resolveTabularConfig } from '../../../../src/rl/baselines/config.js';
import { evaluateStatePolicy, randomStatePolicy, tabularStatePolicy } from '../../../../src/rl/baselines/evaluate-state.js';
import { decodeTabularCheckpoint, encodeTabularCheckpoint } from '../../../../src/rl/baselines/tabular-checkpoint.js';
import type { EpisodeRow } from '../../../../src/rl/metrics.js';

const STARTER = parseLayout(readFileSync('assets/layouts/starter7.lay'), 'starter7');
const ENV = { ghosts: 'directional' as const, maxSteps: 100 };

function train(seed: number, episodes: number): { trainer: BaselineTrainer; rows: EpisodeRow[] } {
  const trainer = new BaselineTrainer({ agent: 'tabular', layout: STARTER, env: ENV, seed });
  const rows: EpisodeRow[] = [];
  while (trainer.episodes < episodes) {
    const row = trainer.step();
    if (row) rows.push(row);
  }
  return { trainer, rows };
}

function greedyWinRate(trainer: BaselineTrainer, seed: number): { winRate: number; unseen: number } {
  const streams = new RandomStreams(seed);
  const counter = { decisions: 0, unseen: 0 };
  const table = trainer.tabular?.table;
  if (!table) throw new Error('not a tabular trainer');
  const policy = tabularStatePolicy(STARTER, table, streams.get('eval-ties'), streams.get('eval-exploration'), 0, counter);
  return { winRate: evaluateStatePolicy(STARTER, ENV, seed, 100, policy).winRate, unseen: counter.unseen / counter.decisions };
}

describe('tabular Q-learning', () => {
  it('learns the 7x7 starter maze with a directional ghost: greedy wins far above random after 1,000 episodes', () => {
    const { trainer } = train(1, 1000);
    const greedy = greedyWinRate(trainer, 11);
    const random = evaluateStatePolicy(STARTER, ENV, 11, 100, randomStatePolicy(new RandomStreams(11).get('eval-exploration')));
    expect(random.winRate).toBeLessThan(0.1);
    expect(greedy.winRate).toBeGreaterThanOrEqual(0.8);
    expect(greedy.unseen).toBeLessThan(0.1);
  });

  it('same seed, same episode scores; another seed, other scores', () => {
    const a = train(5, 200).rows.map((r) => r.score);
    const b = train(5, 200).rows.map((r) => r.score);
    const c = train(6, 200).rows.map((r) => r.score);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('writes episode rows like the DQN trainer: consecutive episodes, rising env steps', () => {
    const { rows } = train(2, 50);
    expect(rows.map((r) => r.episode)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i].envSteps - rows[i - 1].envSteps).toBe(rows[i].steps);
    expect(Object.keys(rows[0]).sort()).toEqual(['env', 'envSteps', 'episode', 'foodEaten', 'ghostsEaten', 'lost', 'score', 'steps', 'terminated', 'truncated', 'type', 'won']);
  });

  it('refuses bad config values, naming the field and the value', () => {
    expect(resolveTabularConfig({})).toEqual({ alpha: 0.2, gamma: 0.8, epsilon: 0.05, episodes: 0 });
    expect(() => resolveTabularConfig({ alpha: 0 })).toThrow(/tabular\.alpha must be a number in \(0, 1\], got 0/);
    expect(() => resolveTabularConfig({ gamma: 1.5 })).toThrow(/tabular\.gamma must be a number in \[0, 1\], got 1\.5/);
    expect(() => resolveTabularConfig({ epsilon: -0.1 })).toThrow(/tabular\.epsilon must be a number in \[0, 1\], got -0\.1/);
    expect(() => resolveTabularConfig({ episodes: 2.5 })).toThrow(/tabular\.episodes must be an integer in \[0, 100000000\], got 2\.5/);
    expect(() => resolveTabularConfig({ alfa: 0.1 })).toThrow(/unknown tabular setting "alfa"/);
  });

  it('a checkpoint round-trips the table exactly, and a damaged one is refused with its entry number', () => {
    const { trainer } = train(3, 100);
    const table = trainer.tabular?.table;
    if (!table) throw new Error('not a tabular trainer');
    const meta = { config: resolveTabularConfig({}), env: { ghosts: 'directional' as const, maxSteps: 100, actionRepeat: 1 }, layout: { name: 'starter7', text: 'x' }, seed: 3, counters: { envSteps: trainer.envSteps, episodes: 100 } };
    const text = encodeTabularCheckpoint(table, meta);
    const back = decodeTabularCheckpoint(text, 'qtable.json');
    expect(back.meta).toEqual(meta);
    expect(back.table.size).toBe(table.size);
    for (const [key, row] of table.rows) expect(Array.from(back.table.rows.get(key) ?? [])).toEqual(Array.from(row));
    const damaged = text.replace(/\[("[^"]+"),\[[^\]]*\]\]/, '[$1,[1,2]]');
    expect(() => decodeTabularCheckpoint(damaged, 'qtable.json')).toThrow(/qtable\.json: entry 0 must be/);
    expect(() => decodeTabularCheckpoint('{"format":"other"}', 'q.json')).toThrow(/not a tabular Q-table checkpoint/);
  });
});
