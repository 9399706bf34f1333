/**
 * A tiny anti-aliased rasterizer for grayscale sprites, with no DOM: shapes are point sets
 * (a bounding box and a `contains` test) and `fill` blends a gray value into each pixel in
 * proportion to the share of its SUB x SUB sample points inside the shape. Coordinates are
 * in pixels, y down; pixel (x, y) covers [x, x+1) x [y, y+1).
 */

export interface Shape {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  contains(x: number, y: number): boolean;
}

/** Sample points per pixel side (SUB^2 per pixel). */
const SUB = 4;

export function circle(cx: number, cy: number, r: number): Shape {
  const r2 = r * r;
  return {
    minX: cx - r, minY: cy - r, maxX: cx + r, maxY: cy + r,
    contains: (x, y) => (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r2,
  };
}

/** Axis-aligned ellipse with radii `rx`, `ry`. */
export function ellipse(cx: number, cy: number, rx: number, ry: number): Shape {
  return {
    minX: cx - rx, minY: cy - ry, maxX: cx + rx, maxY: cy + ry,
    contains: (x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1,
  };
}

/** A simple polygon (even-odd rule); `points` is [x0, y0, x1, y1, ...]. */
export function polygon(points: readonly number[]): Shape {
  const xs = points.filter((_, i) => i % 2 === 0);
  const ys = points.filter((_, i) => i % 2 === 1);
  const n = xs.length;
  return {
    minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys),
    contains: (x, y) => {
      let inside = false;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        if ((ys[i] > y) !== (ys[j] > y) && x < ((xs[j] - xs[i]) * (y - ys[i])) / (ys[j] - ys[i]) + xs[i]) inside = !inside;
      }
      return inside;
    },
  };
}

/** A thick polyline: the union of segments of half-width `halfWidth` (capsules). */
export function polyline(points: readonly number[], halfWidth: number): Shape {
  const xs = points.filter((_, i) => i % 2 === 0);
  const ys = points.filter((_, i) => i % 2 === 1);
  const h2 = halfWidth * halfWidth;
  return {
    minX: Math.min(...xs) - halfWidth, minY: Math.min(...ys) - halfWidth,
    maxX: Math.max(...xs) + halfWidth, maxY: Math.max(...ys) + halfWidth,
    contains: (x, y) => {
      for (let i = 0; i + 1 < xs.length; i++) {
        const dx = xs[i + 1] - xs[i];
        const dy = ys[i + 1] - ys[i];
        const t = Math.max(0, Math.min(1, ((x - xs[i]) * dx + (y - ys[i]) * dy) / (dx * dx + dy * dy || 1)));
        const ex = x - xs[i] - t * dx;
        const ey = y - ys[i] - t * dy;
        if (ex * ex + ey * ey <= h2) return true;
      }
      return false;
    },
  };
}

export function union(...shapes: Shape[]): Shape {
  return {
    minX: Math.min(...shapes.map((s) => s.minX)), minY: Math.min(...shapes.map((s) => s.minY)),
    maxX: Math.max(...shapes.map((s) => s.maxX)), maxY: Math.max(...shapes.map((s) => s.maxY)),
    contains: (x, y) => shapes.some((s) => s.contains(x, y)),
  };
}

/** Points of `a` not in `b`. */
export function difference(a: Shape, b: Shape): Shape {
  return { ...a, contains: (x, y) => a.contains(x, y) && !b.contains(x, y) };
}

/** A square grayscale canvas, values in [0, 1], row-major, starting black. */
export class Canvas {
  readonly pixels: Float32Array;

  constructor(readonly size: number) {
    this.pixels = new Float32Array(size * size);
  }

  /** Blends `value` (in [0, 1]) over the pixels `shape` covers, weighted by coverage. */
  fill(shape: Shape, value: number): void {
    const x0 = Math.max(0, Math.floor(shape.minX));
    const y0 = Math.max(0, Math.floor(shape.minY));
    const x1 = Math.min(this.size - 1, Math.ceil(shape.maxX));
    const y1 = Math.min(this.size - 1, Math.ceil(shape.maxY));
    for (let py = y0; py <= y1; py++) {
      for (let px = x0; px <= x1; px++) {
        let hits = 0;
        for (let sy = 0; sy < SUB; sy++) {
          for (let sx = 0; sx < SUB; sx++) {
            if (shape.contains(px + (sx + 0.5) / SUB, py + (sy + 0.5) / SUB)) hits++;
          }
        }
        if (hits === 0) continue;
        const cover = hits / (SUB * SUB);
        const i = py * this.size + px;
        this.pixels[i] = this.pixels[i] * (1 - cover) + value * cover;
      }
    }
  }
}
