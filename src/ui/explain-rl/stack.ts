/** Frame layouts between the snapshot and the worker's network input. Pure: testable in Node. */

/** Side of one observation frame (84x84). */
const SIDE = 84;
const FRAME_PIXELS = SIDE * SIDE;
const STACK = 4;

/**
 * 4 whole 84x84 frames, oldest first (a snapshot's `frames`), as one network input stack
 * `[84, 84, 4]`, newest last: byte `4 * p + k` is pixel p of frame k. A new array.
 */
export function stackFrames(frames: Uint8Array): Uint8Array {
  if (frames.length !== STACK * FRAME_PIXELS) throw new RangeError(`frames must be ${STACK * FRAME_PIXELS} bytes (4 frames of 84x84), got ${frames.length}`);
  const stack = new Uint8Array(STACK * FRAME_PIXELS);
  for (let k = 0; k < STACK; k++) for (let p = 0; p < FRAME_PIXELS; p++) stack[STACK * p + k] = frames[k * FRAME_PIXELS + p];
  return stack;
}
