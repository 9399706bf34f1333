/**
 * A row of small 84x84 frame canvases with captions (drawn 1:1, scaled by CSS, pixelated), for
 * the explanations' stacks s and s' and the replay viewer.
 */
import { grayToRgba } from '../eye/gray.js';

const SIDE = 84;
const FRAME_PIXELS = SIDE * SIDE;

export class FrameStrip {
  readonly element: HTMLElement;
  private readonly contexts: CanvasRenderingContext2D[] = [];
  private readonly image = new ImageData(SIDE, SIDE);

  /** One canvas per caption; `label` names the strip for screen readers. */
  constructor(captions: readonly string[], label: string) {
    this.element = document.createElement('div');
    this.element.className = 'frame-strip';
    this.element.setAttribute('role', 'group');
    this.element.setAttribute('aria-label', label);
    for (const caption of captions) {
      const figure = document.createElement('figure');
      const canvas = document.createElement('canvas');
      canvas.width = SIDE;
      canvas.height = SIDE;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `${label}, ${caption}`);
      const text = document.createElement('figcaption');
      text.textContent = caption;
      figure.append(canvas, text);
      this.element.append(figure);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2D canvas context for a frame strip');
      this.contexts.push(ctx);
    }
  }

  /** `frames`: one whole 84x84 frame per canvas, in order, row-major, 0 = black. */
  draw(frames: Uint8Array): void {
    if (frames.length !== this.contexts.length * FRAME_PIXELS) {
      throw new RangeError(`a strip of ${this.contexts.length} frames needs ${this.contexts.length * FRAME_PIXELS} bytes, got ${frames.length}`);
    }
    this.contexts.forEach((ctx, k) => {
      grayToRgba(frames, k * FRAME_PIXELS, FRAME_PIXELS, this.image.data);
      ctx.putImageData(this.image, 0, 0);
    });
  }
}
