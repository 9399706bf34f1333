/**
 * Gray images (sample grids, views) on canvases: drawn 1:1 and scaled up by CSS with
 * `image-rendering: pixelated`, so pixels stay sharp. GrayAnimation plays frames (the reverse
 * diffusion process) once, then holds the last.
 */
import type { GrayImage } from '../../gen/grid.js';
import { grayToRgba } from '../eye/gray.js';

export function drawGray(canvas: HTMLCanvasElement, image: GrayImage): void {
  if (canvas.width !== image.width || canvas.height !== image.height) {
    canvas.width = image.width;
    canvas.height = image.height;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context for a sample grid');
  const data = new ImageData(image.width, image.height);
  grayToRgba(image.pixels, 0, image.width * image.height, data.data);
  ctx.putImageData(data, 0, 0);
}

export class GrayAnimation {
  private timer: ReturnType<typeof setInterval> | null;
  private index = 0;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly frames: GrayImage[], framesPerSecond: number) {
    drawGray(canvas, frames[0]);
    canvas.dataset.frames = String(frames.length);
    this.timer = setInterval(() => this.tick(), 1000 / framesPerSecond);
  }

  private tick(): void {
    this.index++;
    drawGray(this.canvas, this.frames[Math.min(this.index, this.frames.length - 1)]);
    this.canvas.dataset.frame = String(this.index);
    if (this.index >= this.frames.length - 1) this.stop();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
