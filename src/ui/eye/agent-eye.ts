/**
 * The agent's eye: its four stacked 84x84 grayscale frames, oldest (t-3) to newest (t), each on
 * a small canvas drawn 1:1 and scaled up by CSS with `image-rendering: pixelated`.
 */
import { saliencyToRgba } from '../explain-rl/saliency-overlay.js';
import { grayToRgba } from './gray.js';

/** Side of one observation frame in pixels (84x84, as in the DQN paper). */
export const FRAME_SIDE = 84;
const FRAME_PIXELS = FRAME_SIDE * FRAME_SIDE;
export const STACK_LABELS = ['t-3', 't-2', 't-1', 't'] as const;

export class AgentEye {
  private readonly contexts: CanvasRenderingContext2D[] = [];
  private readonly image: ImageData;
  /** Saliency mode: the eye shows the frames a saliency map came from, with the map (drawSaliency). */
  private saliency = false;

  constructor(host: HTMLElement) {
    for (const label of STACK_LABELS) {
      const figure = document.createElement('figure');
      const canvas = document.createElement('canvas');
      canvas.width = FRAME_SIDE;
      canvas.height = FRAME_SIDE;
      canvas.className = 'eye-frame';
      const caption = document.createElement('figcaption');
      caption.textContent = label;
      figure.append(canvas, caption);
      host.append(figure);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2D canvas context for the agent-eye view');
      this.contexts.push(ctx);
    }
    this.image = new ImageData(FRAME_SIDE, FRAME_SIDE);
  }

  /** `frames`: 4 frames of 84*84 bytes each, oldest first, row-major, 0 = black. Skipped in saliency mode. */
  draw(frames: Uint8Array): void {
    if (this.saliency || frames.length !== STACK_LABELS.length * FRAME_PIXELS) return;
    this.contexts.forEach((ctx, k) => {
      grayToRgba(frames, k * FRAME_PIXELS, FRAME_PIXELS, this.image.data);
      ctx.putImageData(this.image, 0, 0);
    });
  }

  /**
   * Saliency mode on: snapshots no longer redraw the eye; each map arrives with the frames it was
   * computed from and is drawn over them (drawSaliency), so frame and map always match.
   */
  setSaliencyMode(on: boolean): void {
    this.saliency = on;
  }

  /** `frames` as in draw, `values` `[4, 84, 84]` in [0, 1] (a SaliencyMap's), drawn as a red tint. */
  drawSaliency(frames: Uint8Array, values: Float32Array): void {
    if (!this.saliency || frames.length !== STACK_LABELS.length * FRAME_PIXELS) return;
    this.contexts.forEach((ctx, k) => {
      saliencyToRgba(frames, values, k * FRAME_PIXELS, FRAME_PIXELS, this.image.data);
      ctx.putImageData(this.image, 0, 0);
    });
  }
}
