/**
 * PixelEnv: PacmanEnv seen through the agent's eye. Same Gymnasium contract (see env/env.ts);
 * the observation is the 84x84x4 frame stack (bytes, newest frame last), a view that is
 * overwritten by the next step: copy it to keep it. `frame` is the newest 84x84 frame alone
 * (what a replay memory stores).
 */
import type { Action } from '../env/grid.js';
import { type EnvConfig, gameInfo, PacmanEnv, type StepInfo, type StepResult } from '../env/env.js';
import type { Layout } from '../env/layout.js';
import { legalActionMask } from '../env/legal.js';
import { FrameStack } from './frame-stack.js';
import { Raster } from './raster.js';

export class PixelEnv {
  readonly env: PacmanEnv;
  readonly raster: Raster;
  readonly stack: FrameStack;

  constructor(layout: Layout, config: Partial<EnvConfig> = {}, seed = 1, streamName = 'ghosts', target?: Uint8Array) {
    this.env = new PacmanEnv(layout, config, seed, streamName);
    this.raster = new Raster(this.env.game);
    this.stack = new FrameStack(this.raster, target);
  }

  get obs(): Uint8Array {
    return this.stack.bytes;
  }

  /** The newest 84x84 frame (overwritten by the next step). */
  get frame(): Uint8Array {
    return this.raster.frame;
  }

  /** Facts about the current episode (a fresh object). */
  get info(): StepInfo {
    return gameInfo(this.env.game);
  }

  get game(): PacmanEnv['game'] {
    return this.env.game;
  }

  /** Pac-Man's legal actions now, as a bitmask (src/env/legal.ts). */
  legalActionMask(): number {
    return legalActionMask(this.env.game);
  }

  reset(seed?: number): { obs: Uint8Array; info: StepInfo } {
    const { info } = this.env.reset(seed);
    this.raster.draw();
    this.stack.push();
    return { obs: this.stack.bytes, info };
  }

  step(action: Action): StepResult<Uint8Array> {
    const r = this.play(action);
    return { obs: this.stack.bytes, reward: r.reward, terminated: r.terminated, truncated: r.truncated, info: gameInfo(this.env.game) };
  }

  /** `step` without the info object (the fast path). */
  play(action: Action): { reward: number; terminated: boolean; truncated: boolean } {
    const r = this.env.play(action);
    this.raster.draw();
    this.stack.push();
    return r;
  }
}
