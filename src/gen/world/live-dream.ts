/**
 * A dream stepped live, one action at a time (the Dream panel): it starts from a real frame stack
 * and keeps its own context in the worker; each step is one forward pass of the world model on
 * that context, whose predicted frame becomes the newest context frame (open loop, as dream()
 * in dreamer.ts, which rolls a whole action sequence at once).
 */
import { isAction, NUM_ACTIONS } from '../../env/grid.js';
import { STACK_BYTES } from '../../obs/frame-stack.js';
import { pushFrame } from './data.js';
import type { WorldModel } from './model.js';

/** One dreamed step, plain data (its arrays are new: transfer them). */
export interface DreamStep {
  /** The dreamed frame: 84*84 bytes, row-major, each one of the raster's 7 gray levels. */
  frame: Uint8Array;
  /** The dream's stack after the step: `[84, 84, 4]` bytes, pixel-major, newest last (what the agent would see). */
  stack: Uint8Array;
  /** Predicted reward of the step (one of the model's reward values). */
  reward: number;
  /** Predicted probability that the step ends the episode, [0, 1]. */
  terminated: number;
  /** Steps dreamed so far, this one included (1 after the first). */
  step: number;
  /** Milliseconds the step took in the worker (the forward pass and its read-back). */
  ms: number;
}

export class LiveDream {
  private readonly context: Uint8Array;
  private steps = 0;

  /** `stack`: the real `[84, 84, 4]` stack to dream from (copied). */
  constructor(readonly model: WorldModel, stack: Uint8Array) {
    if (stack.length !== STACK_BYTES) throw new RangeError(`a dream starts from one stack of ${STACK_BYTES} bytes ([84, 84, 4]), got ${stack.length} bytes`);
    this.context = new Uint8Array(stack);
  }

  /** One step with `action` (0 North, 1 South, 2 East, 3 West, 4 Stop). */
  async step(action: number): Promise<DreamStep> {
    if (!isAction(action)) throw new RangeError(`a dream step takes an action 0..${NUM_ACTIONS - 1}, got ${String(action)}`);
    const t0 = performance.now();
    const p = await this.model.predict(this.context, [action]);
    pushFrame(this.context, p.frames, this.context);
    this.steps++;
    return {
      frame: p.frames, stack: new Uint8Array(this.context), reward: p.reward[0], terminated: p.terminated[0], step: this.steps,
      ms: performance.now() - t0,
    };
  }
}
