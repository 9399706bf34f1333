/**
 * The run config a CLI command reads from --config FILE.json: `{ "env": {...}, "dqn": {...} }`,
 * each merged onto its defaults and validated (unknown keys are errors that name them).
 */
import { ConfigError } from '../core/errors.js';
import { type EnvConfig, resolveEnvConfig } from '../env/env.js';
import { type DqnConfig, resolveDqnConfig } from '../rl/config.js';
import { readJson } from './run-dir.js';

export interface RunConfigFile {
  env?: Partial<EnvConfig>;
  dqn?: Partial<DqnConfig>;
}

export function readRunConfig(path: string | undefined): RunConfigFile {
  if (!path) return {};
  const raw = readJson<unknown>(path, '--config file');
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('--config', `--config file ${path} must hold a JSON object with "env" and/or "dqn"`);
  for (const key of Object.keys(raw)) {
    if (key !== 'env' && key !== 'dqn') throw new ConfigError(`--config.${key}`, `${path}: unknown section "${key}" (known: env, dqn)`);
  }
  const file = raw as RunConfigFile;
  resolveEnvConfig(file.env ?? {});
  resolveDqnConfig(file.dqn ?? {});
  return file;
}
