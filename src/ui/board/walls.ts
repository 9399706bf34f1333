/**
 * The maze's wall shapes, in cell units (a cell's centre is at x + 0.5, y + 0.5; y down), for a
 * rounded "pipe" look: neighbouring wall cells are joined centre to centre by thick round-capped
 * strokes, 2x2 blocks of walls are filled so thick walls read as solid, and a wall cell with no
 * wall neighbour is a dot. Pure: no pixi.js, so it is testable in Node.
 */

/** A point in cell units (not pixels). */
export interface CellPoint {
  x: number;
  y: number;
}

export interface WallShapes {
  /** Straight runs joining the centres of two or more wall cells in a row or column. */
  segments: { from: CellPoint; to: CellPoint }[];
  /** Centres of wall cells without a wall neighbour. */
  dots: CellPoint[];
  /** Top-left centres of 2x2 wall blocks: fill the unit square from there to (x + 1, y + 1). */
  blocks: CellPoint[];
}

/** `walls`: 1 where a wall is, row-major `y * width + x`. */
export function wallShapes(walls: ArrayLike<number>, width: number, height: number): WallShapes {
  if (walls.length !== width * height) throw new Error(`walls has ${walls.length} cells, expected ${width}x${height}`);
  const wall = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < width && y < height && walls[y * width + x] === 1;
  const shapes: WallShapes = { segments: [], dots: [], blocks: [] };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!wall(x, y)) continue;
      // A run starts where the cell before it is open: record it once, from its first cell.
      if (wall(x + 1, y) && !wall(x - 1, y)) {
        let end = x + 1;
        while (wall(end + 1, y)) end++;
        shapes.segments.push({ from: { x: x + 0.5, y: y + 0.5 }, to: { x: end + 0.5, y: y + 0.5 } });
      }
      if (wall(x, y + 1) && !wall(x, y - 1)) {
        let end = y + 1;
        while (wall(x, end + 1)) end++;
        shapes.segments.push({ from: { x: x + 0.5, y: y + 0.5 }, to: { x: x + 0.5, y: end + 0.5 } });
      }
      if (!wall(x - 1, y) && !wall(x + 1, y) && !wall(x, y - 1) && !wall(x, y + 1)) shapes.dots.push({ x: x + 0.5, y: y + 0.5 });
      if (wall(x + 1, y) && wall(x, y + 1) && wall(x + 1, y + 1)) shapes.blocks.push({ x: x + 0.5, y: y + 0.5 });
    }
  }
  return shapes;
}
