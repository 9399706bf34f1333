/**
 * Corridor exploration (dqn.exploreCorridors): an exploratory move that commits to its corridor.
 *
 * Plain epsilon explores one step at a time: an exploratory turn into a side passage is followed
 * by the policy's own picks, which, where the net believes the passage deadly, turn straight back
 * out, often into the ghost trailing behind, and so "confirm" the belief. corridors16's seed 3
 * held such an estimate for 200k env steps (docs/tuning.md, session 15). Here an exploratory step
 * is instead the start of a short option, in the spirit of temporally-extended epsilon-greedy
 * (Dabney, Ostrovski and Barreto, "Temporally-Extended epsilon-Greedy Exploration", ICLR 2021),
 * with the option's length set by the maze rather than drawn:
 *   - the exploratory pick is uniform among the legal moves that do not reverse the last move
 *     (Stop excluded; all the legal moves at a dead end), so it is never a turn back into a
 *     trailing ghost;
 *   - while the agent is in a corridor (exactly one legal move that is not a reversal) it keeps
 *     taking that move; at the next junction or dead end the policy chooses again.
 * Committed steps count as random (`ActResult.random`). All it reads is each env's legal-action
 * mask (src/env/legal.ts), which is why it needs dqn.legalActionsOnly.
 *
 * Contract: `apply` rewrites the agent's picks in place, before the envs step; `endEpisode(i)`
 * after env i's episode ends. It draws from `rng` only for a new exploratory pick, so with the
 * option off the exploration stream advances exactly as before. Its state is not checkpointed: a
 * resumed run starts with no option under way.
 */
import type { RandomStream } from '../core/random.js';
import { bitCount, nthSetBit } from '../env/legal.js';
import { Action, REVERSE } from '../env/grid.js';

/** The four moves' bits (Stop, action 4, is not a move). */
const MOVES_MASK = 0b1111;

export interface ExplorationPicks {
  /** One action per env, rewritten in place. */
  actions: Int32Array;
  /** 1 where the action is exploratory; committed steps are set to 1. */
  random: Uint8Array;
}

export class CorridorExploration {
  /** Each env's last action, -1 at an episode's start. */
  private readonly last: Int8Array;
  /** 1 while env i is carrying out an exploratory option. */
  private readonly committed: Uint8Array;

  constructor(readonly numEnvs: number) {
    this.last = new Int8Array(numEnvs).fill(-1);
    this.committed = new Uint8Array(numEnvs);
  }

  /** Rewrites `picks` for envs whose legal masks are `legal` (the states the picks are for). */
  apply(picks: ExplorationPicks, legal: Uint8Array, rng: RandomStream): void {
    for (let i = 0; i < this.numEnvs; i++) {
      const moves = legal[i] & MOVES_MASK;
      const last = this.last[i];
      const forward = last >= 0 && last !== Action.Stop ? moves & ~(1 << REVERSE[last]) : moves;
      if (this.committed[i] && bitCount(forward) === 1) {
        picks.actions[i] = nthSetBit(forward, 0);
        picks.random[i] = 1;
      } else {
        this.committed[i] = 0;
        if (picks.random[i]) {
          const pool = forward !== 0 ? forward : moves;
          if (pool !== 0) {
            picks.actions[i] = nthSetBit(pool, rng.int(bitCount(pool)));
            this.committed[i] = 1;
          }
        }
      }
      this.last[i] = picks.actions[i];
    }
  }

  /** Env i's episode ended: its next state has no last move and no option under way. */
  endEpisode(i: number): void {
    this.last[i] = -1;
    this.committed[i] = 0;
  }

  /** Whether env i is carrying out an exploratory option (for tests and snapshots). */
  isCommitted(i: number): boolean {
    return this.committed[i] === 1;
  }
}
