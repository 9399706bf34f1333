/**
 * What a generative panel's explanation reads: the model's latest training step as the gen
 * worker reported it (its loss terms, see each model's trainStep) and the model's resolved config.
 */
import type { GenStepRow } from '../../../gen/trainer.js';

export interface GenLive {
  /** The latest step's row; null before this model's first step. */
  row: GenStepRow | null;
  /** The model's resolved config as the worker uses it (GenSnapshot.modelConfig). */
  config: Record<string, unknown>;
}

export const EMPTY_GEN_LIVE: GenLive = { row: null, config: {} };

/** A number field of a plain-data config, or undefined. */
export function configNumber(config: Record<string, unknown>, key: string): number | undefined {
  const v = config[key];
  return typeof v === 'number' ? v : undefined;
}

export function configString(config: Record<string, unknown>, key: string): string | undefined {
  const v = config[key];
  return typeof v === 'string' ? v : undefined;
}

/** The loss term `key` of the latest row, or undefined (older workers, another model). */
export function term(live: Readonly<GenLive>, key: string): number | undefined {
  const v = live.row?.losses[key];
  return typeof v === 'number' ? v : undefined;
}
