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

/**
 * Settings a resumed run cannot change: its checkpoint holds a network of this shape. (The replay
 * restarts empty on a resume, so its capacity may change; so may everything else.)
 */
const FIXED_ON_RESUME = ['net', 'dueling'] as const;

/** What a resume changed: only the settings whose value differs from the run's. */
export interface ConfigChange {
  env?: Record<string, unknown>;
  dqn?: Record<string, unknown>;
}

/**
 * `npm run train -- --resume DIR --config FILE`: the run's config with the file's settings over
 * it, and the settings that changed (for the manifest's record of the resume). Throws a
 * ConfigError naming the setting and both values for a change the checkpoint cannot take.
 */
export function resumeConfig(run: RunConfigFile, file: RunConfigFile, path: string): { config: RunConfigFile; changed: ConfigChange } {
  const changed: ConfigChange = {};
  const section = <T extends object>(name: 'env' | 'dqn', now: Partial<T> | undefined, over: Partial<T> | undefined): Partial<T> => {
    const merged: Record<string, unknown> = { ...now };
    for (const [key, value] of Object.entries(over ?? {})) {
      if (JSON.stringify(merged[key]) === JSON.stringify(value)) continue;
      if (name === 'dqn' && (FIXED_ON_RESUME as readonly string[]).includes(key)) {
        throw new ConfigError(`--config.dqn.${key}`, `${path}: dqn.${key} is ${JSON.stringify(value)} but the run being resumed has ${JSON.stringify(merged[key])}; its checkpoint holds that network, so a resume cannot change ${FIXED_ON_RESUME.join(' or ')}`);
      }
      merged[key] = value;
      (changed[name] ??= {})[key] = value;
    }
    return merged as Partial<T>;
  };
  const config = { env: section('env', run.env, file.env), dqn: section('dqn', run.dqn, file.dqn) };
  resolveEnvConfig(config.env);
  resolveDqnConfig(config.dqn);
  return { config, changed };
}
