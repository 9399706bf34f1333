/** Fitting a board of cells into a canvas of pixels. Pure: no pixi.js. */

/** Where the board lies on the canvas: pixels per cell and the top-left corner, in CSS pixels. */
export interface BoardFit {
  cellPx: number;
  originX: number;
  originY: number;
}

/** The largest whole-pixel cell size that fits `width` x `height` cells inside the canvas with `marginPx` around, centred. */
export function fitBoard(canvasW: number, canvasH: number, width: number, height: number, marginPx = 12): BoardFit {
  const cellPx = Math.max(2, Math.floor(Math.min((canvasW - 2 * marginPx) / width, (canvasH - 2 * marginPx) / height)));
  return {
    cellPx,
    originX: Math.round((canvasW - cellPx * width) / 2),
    originY: Math.round((canvasH - cellPx * height) / 2),
  };
}

/** Pixel position of a point given in cell units (cell centres are at x + 0.5). */
export function toPixels(fit: BoardFit, cellX: number, cellY: number): { px: number; py: number } {
  return { px: fit.originX + cellX * fit.cellPx, py: fit.originY + cellY * fit.cellPx };
}
