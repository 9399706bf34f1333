/**
 * The shipped layouts' catalogue (assets/layouts/index.json): one line each saying what a
 * maze is, the step limit it was designed for and what the agent is measured to reach there. Pure data, importable everywhere.
 */
import catalogue from '../../assets/layouts/index.json';

export interface LayoutEntry {
  name: string;
  /** One line: size, food, capsules, ghosts, character. */
  description: string;
  /** Step limit (truncation) the maze was designed for. */
  maxSteps: number;
  /**
   * What a person should expect the agent to reach there, from measured runs (BENCHMARKS.md,
   * docs/tuning.md): the pixel DQN where it was run, else the baselines. The layout picker shows it.
   */
  expect: string;
}

export const LAYOUT_CATALOGUE: readonly LayoutEntry[] = catalogue as LayoutEntry[];
