/**
 * The shipped layouts' catalogue (assets/layouts/index.json): one line each saying what a
 * maze is and the step limit it was designed for. Pure data, importable everywhere.
 */
import catalogue from '../../assets/layouts/index.json';

export interface LayoutEntry {
  name: string;
  /** One line: size, food, capsules, ghosts, character. */
  description: string;
  /** Step limit (truncation) the maze was designed for. */
  maxSteps: number;
}

export const LAYOUT_CATALOGUE: readonly LayoutEntry[] = catalogue as LayoutEntry[];
