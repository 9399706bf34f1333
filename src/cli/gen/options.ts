/**
 * Flags of `npm run gen` and their resolution into one validated run spec. Messages name the
 * flag and the value; model fields are validated by the model itself (messages name the field).
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../../core/errors.js';
import { DATASET_NAMES, type DatasetName, GEN_MODEL_NAMES, type GenModelName } from '../../gen/types.js';
import { BACKEND_PREFERENCES, type BackendPreference } from '../../tf/backend.js';
import type { FlagSpecs, ParsedFlags } from '../args.js';

export const GEN_FLAGS: FlagSpecs = {
  model: { kind: 'string', help: 'generative model', choices: GEN_MODEL_NAMES },
  data: { kind: 'string', help: 'dataset', choices: DATASET_NAMES, default: 'digits' },
  steps: { kind: 'int', help: 'training steps (one batch each)', default: 1000, min: 0, max: 10_000_000 },
  seed: { kind: 'int', help: 'run seed (weights, noise, batch order)', default: 1, min: 0, max: 2 ** 31 - 1 },
  out: { kind: 'string', help: 'run folder to write' },
  backend: { kind: 'string', help: 'tfjs backend', choices: BACKEND_PREFERENCES, default: 'cpu' },
  conditional: { kind: 'boolean', help: 'class-conditional model (digits, sprites): one grid row per class', default: false },
  config: { kind: 'string', help: 'JSON file with a partial config of the model (see src/gen/<model>/config.ts)' },
  load: { kind: 'string', help: 'model.paclab of an earlier run to go on from (its config, --config fields on top); --steps counts the steps added' },
  'metrics-every': { kind: 'int', help: 'steps between KID / class-accuracy evaluations (0 = only at steps 0 and the end)', default: 500, min: 0 },
  'metrics-samples': { kind: 'int', help: 'samples (and held-out images) per evaluation', default: 256, min: 2, max: 10_000 },
  'sample-every': { kind: 'int', help: 'steps between sample grids in samples/ (0 = only at steps 0 and the end)', default: 500, min: 0 },
  'log-every': { kind: 'int', help: 'steps between loss rows in metrics.jsonl', default: 10, min: 1 },
  size: { kind: 'int', help: 'image side: 32, or 84 for frames (vae and diffusion)', default: 32, min: 1 },
  layout: { kind: 'string', help: 'frames: layout played at random to make the frames', default: 'starter7' },
  frames: { kind: 'int', help: 'frames: how many to record (the last sixth is held out)', default: 6000, min: 12, max: 200_000 },
  help: { kind: 'boolean', help: 'show this help', default: false },
};

export interface GenRunSpec {
  model: GenModelName;
  data: DatasetName;
  steps: number;
  seed: number;
  out: string;
  backend: BackendPreference;
  /** The model's partial config: the --config file, then --conditional on top. */
  modelConfig: Record<string, unknown>;
  configFile: string | null;
  /** model.paclab to start from, or null for fresh weights. */
  load: string | null;
  metricsEvery: number;
  metricsSamples: number;
  sampleEvery: number;
  logEvery: number;
  size: number;
  /** frames only: the layout name or path, and the number of frames recorded. */
  layout: string | null;
  frames: number | null;
}

function readModelConfig(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new ConfigError('--config', `--config file not found: ${path}`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError('--config', `--config ${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('--config', `--config ${path} must hold a JSON object of model fields, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/** `argv` tells which flags were given (defaults of frames-only flags are not an error). */
export function resolveGenRun(flags: ParsedFlags, argv: readonly string[]): GenRunSpec {
  const given = (name: string): boolean => argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (flags.model === undefined) throw new ConfigError('--model', `--model is required (one of ${GEN_MODEL_NAMES.join(', ')})`);
  if (!flags.out) throw new ConfigError('--out', '--out DIR is required (the run folder to write)');
  const data = flags.data as DatasetName;
  const size = flags.size as number;
  if (data === 'frames') {
    if (size !== 32 && size !== 84) throw new ConfigError('--size', `--size must be 32 or 84 for --data frames, got "${size}"`);
  } else {
    if (size !== 32) throw new ConfigError('--size', `--size must be 32 for --data ${data} (84 is for frames), got "${size}"`);
    for (const name of ['layout', 'frames']) {
      if (given(name)) throw new ConfigError(`--${name}`, `--${name} is for --data frames only, got --data ${data}`);
    }
  }
  if (flags.conditional && data === 'frames') throw new ConfigError('--conditional', '--conditional needs a labelled dataset (digits or sprites), got --data frames');
  const configFile = (flags.config as string | undefined) ?? null;
  const modelConfig = configFile ? readModelConfig(configFile) : {};
  if (flags.conditional) modelConfig.conditional = true;
  return {
    model: flags.model as GenModelName, data, steps: flags.steps as number, seed: flags.seed as number, out: flags.out as string,
    backend: flags.backend as BackendPreference, modelConfig, configFile, load: (flags.load as string | undefined) ?? null,
    metricsEvery: flags['metrics-every'] as number, metricsSamples: flags['metrics-samples'] as number,
    sampleEvery: flags['sample-every'] as number, logEvery: flags['log-every'] as number, size,
    layout: data === 'frames' ? (flags.layout as string) : null, frames: data === 'frames' ? (flags.frames as number) : null,
  };
}
