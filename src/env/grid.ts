/**
 * Grid coordinates. A cell index is `y * width + x`, with y = 0 the first (top) line of the
 * layout file. Ghosts can stand between cells (scared ghosts move half a cell a step), so
 * agent positions are kept in half-cell units: `hx = 2 * x`, `hy = 2 * y`; odd = between cells.
 */

/** Index of a cell in row-major order, `y * width + x`. */
export type CellIndex = number & { readonly __brand: 'CellIndex' };

/** The four moves and standing still, in the order of the network's outputs. */
export const Action = {
  North: 0,
  South: 1,
  East: 2,
  West: 3,
  Stop: 4,
} as const;
export type Action = (typeof Action)[keyof typeof Action];
export const NUM_ACTIONS = 5;
export const ACTION_NAMES = ['North', 'South', 'East', 'West', 'Stop'] as const;

/** Unit steps per action in cells: [dx, dy]; North is up (y falls). */
export const ACTION_DX: readonly number[] = [0, 0, 1, -1, 0];
export const ACTION_DY: readonly number[] = [-1, 1, 0, 0, 0];
/** The reverse of each action (Stop reverses to Stop). */
export const REVERSE: readonly Action[] = [Action.South, Action.North, Action.West, Action.East, Action.Stop];

export function isAction(value: unknown): value is Action {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < NUM_ACTIONS;
}

export function cellIndex(x: number, y: number, width: number): CellIndex {
  return (y * width + x) as CellIndex;
}
