/**
 * One-step transitions of frames, as plain typed arrays (they cross Comlink, transferred): what
 * the RL worker hands over from its replay memory and what the world models (src/gen/world)
 * train on.
 *
 * `count` transitions. `stacks`: count * 84*84*4 bytes, `[84, 84, 4]` per item, pixel-major
 * (byte 4p + k = frame k of pixel p, k = 3 the newest), as PixelEnv's `obs`. `actions`: one
 * Action each. `nextFrames`: count * 84*84 bytes, the frame after the action. `rewards`: the
 * game's reward (before any reward transform). `terminated`: 0/1 per item (a step cut by the
 * step limit is not terminated).
 */
export interface TransitionBatch {
  count: number;
  stacks: Uint8Array;
  actions: Int32Array;
  nextFrames: Uint8Array;
  rewards: Float32Array;
  terminated: Uint8Array;
}
