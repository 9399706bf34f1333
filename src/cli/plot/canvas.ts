/**
 * A tiny RGBA raster for plots written as PNG (src/io/png.ts): filled rectangles, antialiased
 * lines of any width, single pixels, all alpha-blended onto an opaque background.
 * Coordinates are pixels, x to the right, y down; pixel (x, y) covers [x, x+1) x [y, y+1), so a
 * horizontal 1-wide line at y = 5 fills row 5 exactly. Anything off the canvas is clipped.
 */

/** An opaque colour, each channel 0..255. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export function rgb(hex: string): Rgb {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new RangeError(`colour must be "#rrggbb", got "${hex}"`);
  const v = parseInt(m[1], 16);
  return { r: v >> 16, g: (v >> 8) & 255, b: v & 255 };
}

export class Canvas {
  /** RGBA bytes, row-major, `width * height * 4`; alpha is always 255. */
  readonly data: Uint8Array;

  constructor(readonly width: number, readonly height: number, background: Rgb = { r: 255, g: 255, b: 255 }) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`canvas size must be positive integers, got ${width}x${height}`);
    }
    this.data = new Uint8Array(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  /** Blends `color` over pixel (x, y) with opacity `alpha` in [0, 1]. */
  blend(x: number, y: number, color: Rgb, alpha = 1): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || alpha <= 0) return;
    const i = (y * this.width + x) * 4;
    const a = Math.min(1, alpha);
    const d = this.data;
    d[i] = Math.round(d[i] + (color.r - d[i]) * a);
    d[i + 1] = Math.round(d[i + 1] + (color.g - d[i + 1]) * a);
    d[i + 2] = Math.round(d[i + 2] + (color.b - d[i + 2]) * a);
    d[i + 3] = 255;
  }

  /** The colour at (x, y). */
  pixel(x: number, y: number): Rgb {
    const i = (y * this.width + x) * 4;
    return { r: this.data[i], g: this.data[i + 1], b: this.data[i + 2] };
  }

  /** Fills whole pixels [x, x+w) x [y, y+h) (rounded to integers). */
  fillRect(x: number, y: number, w: number, h: number, color: Rgb, alpha = 1): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) this.blend(xx, yy, color, alpha);
  }

  /**
   * A line from (x0, y0) to (x1, y1) through pixel centres (pixel (x, y)'s centre is
   * (x + 0.5, y + 0.5) in continuous terms; pass integer coordinates to hit pixels). `width` is
   * measured across the major axis; the two edge pixels get partial coverage (antialiasing).
   */
  line(x0: number, y0: number, x1: number, y1: number, color: Rgb, width = 1, alpha = 1): void {
    const steep = Math.abs(y1 - y0) > Math.abs(x1 - x0);
    // Walk the major axis one pixel at a time; `major`/`minor` are x/y or y/x.
    const [a0, b0, a1, b1] = steep ? [y0, x0, y1, x1] : [x0, y0, x1, y1];
    const [start, end, from, to] = a0 <= a1 ? [a0, a1, b0, b1] : [a1, a0, b1, b0];
    const first = Math.round(start);
    const last = Math.round(end);
    const slope = end === start ? 0 : (to - from) / (end - start);
    const half = width / 2;
    for (let m = first; m <= last; m++) {
      const c = from + slope * (m - start) + 0.5; // centre of the line across, in continuous coordinates
      const lo = c - half;
      const hi = c + half;
      for (let p = Math.floor(lo); p < Math.ceil(hi); p++) {
        const coverage = Math.min(hi, p + 1) - Math.max(lo, p);
        if (coverage <= 0) continue;
        if (steep) this.blend(p, m, color, alpha * coverage);
        else this.blend(m, p, color, alpha * coverage);
      }
    }
  }

  /** A connected line through `points` (at least two). */
  polyline(xs: ArrayLike<number>, ys: ArrayLike<number>, color: Rgb, width = 1, alpha = 1): void {
    for (let i = 1; i < xs.length; i++) this.line(xs[i - 1], ys[i - 1], xs[i], ys[i], color, width, alpha);
  }
}
