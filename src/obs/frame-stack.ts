/**
 * The agent's input: the 4 latest frames stacked, newest last, as bytes `[84, 84, 4]`
 * (pixel-major: byte `4 * p + k` is frame k of pixel p, k = 3 the newest).
 *
 * Each pixel's 4 bytes are one little-endian uint32, so pushing a frame is
 * `v = (v >>> 8) | (newest << 24)` per pixel. A pixel that did not change in any of the last
 * 4 frames holds 4 equal bytes and the shift leaves it as it is, so only cells the raster
 * reported dirty in the last 4 frames are touched: the stack costs O(changed cells), not O(frame).
 */
import { FRAME_SIZE, FRAME_WIDTH, type Raster } from './raster.js';

export const STACK_SIZE = 4;
export const STACK_BYTES = FRAME_SIZE * STACK_SIZE;

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error('frame stacks assume a little-endian platform');
}

export class FrameStack {
  /** The stacked observation, STACK_BYTES long. */
  readonly bytes: Uint8Array;
  private readonly words: Uint32Array;
  /** Dirty cells of the last STACK_SIZE frames, a ring. */
  private readonly recent: Int32Array[];
  private readonly recentCount = new Int32Array(STACK_SIZE);
  private head = 0;
  private readonly cellMark: Int32Array;
  private stamp = 0;

  /** `target`, if given, is where the stack lives (a slice of a vector env's buffer, 4-byte aligned). */
  constructor(private readonly raster: Raster, target?: Uint8Array) {
    if (target && (target.length !== STACK_BYTES || target.byteOffset % 4 !== 0)) {
      throw new RangeError(`a frame stack target must be ${STACK_BYTES} bytes at a 4-byte aligned offset`);
    }
    this.bytes = target ?? new Uint8Array(STACK_BYTES);
    this.words = new Uint32Array(this.bytes.buffer, this.bytes.byteOffset, FRAME_SIZE);
    const cells = raster.dirtyCells.length;
    this.recent = Array.from({ length: STACK_SIZE }, () => new Int32Array(cells));
    this.cellMark = new Int32Array(cells);
  }

  /** Takes the raster's latest frame (after raster.draw()). */
  push(): void {
    const raster = this.raster;
    const frame = raster.frame;
    if (raster.fullRedraw) {
      // A new episode: pad the stack with its first frame.
      for (let p = 0; p < FRAME_SIZE; p++) this.words[p] = frame[p] * 0x01010101;
      this.recentCount.fill(0);
      return;
    }
    this.head = (this.head + 1) % STACK_SIZE;
    this.recent[this.head].set(raster.dirtyCells.subarray(0, raster.dirtyCount));
    this.recentCount[this.head] = raster.dirtyCount;
    this.stamp++;
    const { cell: s, offsetX, offsetY } = raster.geometry;
    const gameWidth = raster.gameWidth;
    for (let k = 0; k < STACK_SIZE; k++) {
      const list = this.recent[k];
      const n = this.recentCount[k];
      for (let i = 0; i < n; i++) {
        const c = list[i];
        if (this.cellMark[c] === this.stamp) continue;
        this.cellMark[c] = this.stamp;
        const x0 = offsetX + (c % gameWidth) * s;
        const y0 = offsetY + ((c / gameWidth) | 0) * s;
        for (let y = y0; y < y0 + s; y++) {
          const row = y * FRAME_WIDTH;
          for (let p = row + x0; p < row + x0 + s; p++) {
            this.words[p] = (this.words[p] >>> 8) | (frame[p] << 24);
          }
        }
      }
    }
  }

  /** Frame k of the stack (k = STACK_SIZE - 1 the newest) as a new FRAME_SIZE array. */
  frameAt(k: number): Uint8Array {
    const out = new Uint8Array(FRAME_SIZE);
    for (let p = 0; p < FRAME_SIZE; p++) out[p] = this.bytes[4 * p + k];
    return out;
  }
}
