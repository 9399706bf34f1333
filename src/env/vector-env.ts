/**
 * N environments stepping together, observations in one buffer `[N, ...obsShape]` so a learner
 * can run one batched forward pass for all of them.
 *
 * Auto-reset happens in the same step (as Stable-Baselines3's VecEnv): when env i ends, its
 * final observation is copied to `finalObs` (same layout, only slot i valid), its final info is
 * in `finalInfos[i]`, and `obs` slot i already holds the first observation of its next episode.
 * The returned arrays are reused: each is valid until the next step.
 *
 * `legal[i]` is env i's legal-action bitmask now (src/env/legal.ts; all actions for an env that
 * does not say), `finalLegal[i]` the one of its final observation when its episode just ended.
 */
import type { Action } from './grid.js';
import type { StepInfo } from './env.js';
import { ALL_ACTIONS_MASK } from './legal.js';

/** What a vector env needs of each env: its observation lives in the `target` it was given. */
export interface VectorizableEnv {
  reset(seed?: number): { info: StepInfo };
  play(action: Action): { reward: number; terminated: boolean; truncated: boolean };
  readonly info: StepInfo;
  /** Legal actions now as a bitmask (bit a = action a); absent = every action legal. */
  legalActionMask?(): number;
}

export interface VectorStep {
  obs: Uint8Array;
  rewards: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  /** Non-null for the envs whose episode ended this step. */
  finalInfos: (StepInfo | null)[];
  finalObs: Uint8Array;
  /** Legal-action masks now (after any auto-reset). */
  legal: Uint8Array;
  /** Legal-action masks of the final observations (only the ended envs' entries are valid). */
  finalLegal: Uint8Array;
}

export class VectorEnv<E extends VectorizableEnv> {
  readonly envs: E[];
  readonly obs: Uint8Array;
  /** Each env's legal-action bitmask now. */
  readonly legal: Uint8Array;
  private readonly result: VectorStep;

  /** `make(i, target)` builds env i writing its observation into `target` (obsBytes long). */
  constructor(readonly numEnvs: number, readonly obsBytes: number, make: (index: number, target: Uint8Array) => E) {
    if (!Number.isInteger(numEnvs) || numEnvs < 1 || numEnvs > 1024) {
      throw new RangeError(`numEnvs must be an integer in [1, 1024], got ${numEnvs}`);
    }
    this.obs = new Uint8Array(numEnvs * obsBytes);
    this.envs = Array.from({ length: numEnvs }, (_, i) => make(i, this.obs.subarray(i * obsBytes, (i + 1) * obsBytes)));
    this.legal = new Uint8Array(numEnvs).fill(ALL_ACTIONS_MASK);
    this.result = {
      obs: this.obs,
      rewards: new Float32Array(numEnvs),
      terminated: new Uint8Array(numEnvs),
      truncated: new Uint8Array(numEnvs),
      finalInfos: new Array<StepInfo | null>(numEnvs).fill(null),
      finalObs: new Uint8Array(numEnvs * obsBytes),
      legal: this.legal,
      finalLegal: new Uint8Array(numEnvs).fill(ALL_ACTIONS_MASK),
    };
  }

  /** Resets every env; with a seed, env i is reseeded from `seed` (each keeps its own stream). */
  reset(seed?: number): Uint8Array {
    this.envs.forEach((env, i) => {
      env.reset(seed);
      this.legal[i] = env.legalActionMask?.() ?? ALL_ACTIONS_MASK;
    });
    return this.obs;
  }

  step(actions: ArrayLike<number>): VectorStep {
    if (actions.length !== this.numEnvs) {
      throw new RangeError(`step needs one action per env (${this.numEnvs}), got ${actions.length}`);
    }
    const r = this.result;
    for (let i = 0; i < this.numEnvs; i++) {
      const env = this.envs[i];
      const s = env.play(actions[i] as Action);
      r.rewards[i] = s.reward;
      r.terminated[i] = s.terminated ? 1 : 0;
      r.truncated[i] = s.truncated ? 1 : 0;
      if (s.terminated || s.truncated) {
        r.finalObs.set(this.obs.subarray(i * this.obsBytes, (i + 1) * this.obsBytes), i * this.obsBytes);
        r.finalInfos[i] = env.info;
        r.finalLegal[i] = env.legalActionMask?.() ?? ALL_ACTIONS_MASK;
        env.reset();
      } else {
        r.finalInfos[i] = null;
      }
      this.legal[i] = env.legalActionMask?.() ?? ALL_ACTIONS_MASK;
    }
    return r;
  }
}
