/** Corridor exploration: exploratory picks never reverse, committed steps follow the corridor, the policy chooses at junctions. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { Action, REVERSE } from '../../../src/env/grid.js';
import { resolveDqnConfig } from '../../../src/rl/config.js';
import { CorridorExploration } from '../../../src/rl/corridor-exploration.js';
import { registerFastCpuKernels } from '../../../src/tf/kernels/cpu/index.js';
import { tinyTrainer } from './tiny-trainer.js';

const { North: N, South: S, East: E, West: W, Stop } = Action;
const mask = (...actions: number[]) => actions.reduce((m, a) => m | (1 << a), 0);
const STOP = 1 << Stop;

/** One env's pick: `action`, exploratory when `random`. */
function pick(action: number, random: boolean) {
  return { actions: Int32Array.of(action), random: Uint8Array.of(random ? 1 : 0) };
}

beforeAll(async () => {
  registerFastCpuKernels();
  await tf.setBackend('cpu');
});

describe('CorridorExploration', () => {
  it('draws an exploratory move among the moves that do not reverse the last one, never Stop', () => {
    const corridors = new CorridorExploration(1);
    const rng = new RandomStream('corridor-test');
    const seen = new Set<number>();
    for (let t = 0; t < 300; t++) {
      corridors.apply(pick(W, false), Uint8Array.of(mask(N, S, E, W) | STOP), rng); // moving west, greedy
      const p = pick(E, true); // the agent's uniform draw: the reversal
      corridors.apply(p, Uint8Array.of(mask(N, S, E, W) | STOP), rng);
      seen.add(p.actions[0]);
      expect(p.random[0]).toBe(1);
      corridors.endEpisode(0);
    }
    expect([...seen].sort()).toEqual([N, S, W].sort());
  });

  it('follows the corridor after an exploratory pick, and hands back to the policy at the next junction', () => {
    const corridors = new CorridorExploration(1);
    const rng = new RandomStream('corridor-test');
    corridors.apply(pick(E, false), Uint8Array.of(mask(E, W) | STOP), rng); // moving east
    const start = pick(Stop, true);
    corridors.apply(start, Uint8Array.of(mask(N, E, W) | STOP), rng); // a junction: N or E
    const turn = start.actions[0];
    expect([N, E]).toContain(turn);
    expect(corridors.isCommitted(0)).toBe(true);
    // A corridor bending: the one move that is not a reversal is taken, whatever the policy picked.
    const corridorMask = turn === N ? mask(S, W) : mask(W, S); // came in heading N (reverse S) or E (reverse W)
    const committed = pick(Stop, false);
    corridors.apply(committed, Uint8Array.of(corridorMask | STOP), rng);
    expect(committed.actions[0]).toBe(turn === N ? W : S);
    expect(committed.random[0]).toBe(1);
    // A junction: the policy's (greedy) pick stands and the option ends.
    const greedy = pick(REVERSE[committed.actions[0]], false);
    corridors.apply(greedy, Uint8Array.of(mask(N, S, E, W) | STOP), rng);
    expect(greedy.actions[0]).toBe(REVERSE[committed.actions[0]]);
    expect(greedy.random[0]).toBe(0);
    expect(corridors.isCommitted(0)).toBe(false);
  });

  it('reverses at a dead end, ends the option there, and forgets the last move when an episode ends', () => {
    const corridors = new CorridorExploration(1);
    const rng = new RandomStream('corridor-test');
    corridors.apply(pick(E, false), Uint8Array.of(mask(E, W) | STOP), rng); // moving east
    corridors.apply(pick(E, true), Uint8Array.of(mask(E, W) | STOP), rng); // explores: E is the only move on
    expect(corridors.isCommitted(0)).toBe(true);
    const greedyAtDeadEnd = pick(W, false);
    corridors.apply(greedyAtDeadEnd, Uint8Array.of(mask(W) | STOP), rng); // a dead end: only back
    expect(greedyAtDeadEnd.actions[0]).toBe(W);
    expect(greedyAtDeadEnd.random[0]).toBe(0);
    expect(corridors.isCommitted(0)).toBe(false);
    const exploreAtDeadEnd = pick(Stop, true);
    corridors.apply(pick(E, false), Uint8Array.of(mask(E, W) | STOP), rng);
    corridors.apply(exploreAtDeadEnd, Uint8Array.of(mask(W) | STOP), rng);
    expect(exploreAtDeadEnd.actions[0]).toBe(W); // the reversal, the only move
    corridors.endEpisode(0);
    expect(corridors.isCommitted(0)).toBe(false);
    const fresh = pick(Stop, true); // no last move: any of the four moves, here the only two
    corridors.apply(fresh, Uint8Array.of(mask(N, S) | STOP), rng);
    expect([N, S]).toContain(fresh.actions[0]);
  });

  it('draws nothing from the stream while no env explores', () => {
    const corridors = new CorridorExploration(2);
    const rng = new RandomStream('corridor-test');
    const before = JSON.stringify(rng.state());
    for (let t = 0; t < 20; t++) corridors.apply({ actions: Int32Array.of(E, W), random: Uint8Array.of(0, 0) }, Uint8Array.of(mask(E, W), mask(E, W)), rng);
    expect(JSON.stringify(rng.state())).toBe(before);
  });
});

describe('dqn.exploreCorridors in the trainer', () => {
  it('is refused without legalActionsOnly, naming both settings', () => {
    expect(() => resolveDqnConfig({ exploreCorridors: true })).toThrow(/dqn\.exploreCorridors is true.*dqn\.legalActionsOnly true, got false/);
    expect(() => resolveDqnConfig({ exploreCorridors: 'yes' })).toThrow(/dqn\.exploreCorridors/);
  });

  it('at epsilon 1 on a maze without dead ends never stops and never reverses', async () => {
    const trainer = tinyTrainer({ legalActionsOnly: true, exploreCorridors: true, epsilonMode: 'manual', epsilon: 1 });
    let ended = false;
    trainer.listeners.onEpisode = (row) => {
      if (row.env === 0) ended = true;
    };
    let previous = -1;
    for (let t = 0; t < 200; t++) {
      await trainer.tick();
      const action = trainer.lastAct?.actions[0] ?? -1;
      expect(action).not.toBe(Stop);
      if (previous >= 0) expect(action).not.toBe(REVERSE[previous]);
      previous = ended ? -1 : action;
      ended = false;
    }
    expect(trainer.lastAct?.random[0]).toBe(1);
    trainer.dispose();
  });
});
