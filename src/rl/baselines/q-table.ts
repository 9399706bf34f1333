/**
 * A Q-table over exact state keys (see state-key.ts): five action values per seen state, all
 * starting at 0 as in the Berkeley teaching project. Rows are created only by `update`, so
 * looking a state up never makes it "seen".
 */
import type { RandomStream } from '../../core/random.js';
import { NUM_ACTIONS } from '../../env/grid.js';

export class QTable {
  readonly rows = new Map<string, Float64Array>();

  get size(): number {
    return this.rows.size;
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  /** Q(key, action); 0 for a state or action never updated. */
  q(key: string, action: number): number {
    return this.rows.get(key)?.[action] ?? 0;
  }

  /** max over the `n` legal actions of Q(key, a): the state's value. */
  value(key: string, legal: Uint8Array, n: number): number {
    const row = this.rows.get(key);
    if (!row) return 0;
    let best = -Infinity;
    for (let i = 0; i < n; i++) if (row[legal[i]] > best) best = row[legal[i]];
    return best;
  }

  /** A legal action of highest Q; ties are broken uniformly with `ties`. */
  greedy(key: string, legal: Uint8Array, n: number, ties: RandomStream): number {
    const row = this.rows.get(key);
    if (!row) return legal[ties.int(n)];
    let best = -Infinity;
    let count = 0;
    let chosen = legal[0];
    for (let i = 0; i < n; i++) {
      const v = row[legal[i]];
      if (v > best) {
        best = v;
        count = 1;
        chosen = legal[i];
      } else if (v === best) {
        // Reservoir sampling over the tied actions: one draw per tie, uniform in the end.
        count++;
        if (ties.int(count) === 0) chosen = legal[i];
      }
    }
    return chosen;
  }

  /** Q(key, action) += alpha * (target - Q(key, action)). */
  update(key: string, action: number, target: number, alpha: number): void {
    let row = this.rows.get(key);
    if (!row) {
      row = new Float64Array(NUM_ACTIONS);
      this.rows.set(key, row);
    }
    row[action] += alpha * (target - row[action]);
  }
}
