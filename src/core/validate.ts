/**
 * Small checks for typed configs: each throws a ConfigError naming the field and the value.
 * Configs are merged with their defaults and validated once, at construction.
 */
import { ConfigError } from './errors.js';

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** `value` must be a finite number in [min, max] (or [min, max) when `maxExclusive`). */
export function checkNumber(field: string, value: unknown, min: number, max: number, maxExclusive = false): number {
  const inRange = typeof value === 'number' && Number.isFinite(value) && value >= min && (maxExclusive ? value < max : value <= max);
  if (!inRange) {
    throw new ConfigError(field, `${field} must be a number in [${min}, ${max}${maxExclusive ? ')' : ']'}, got ${show(value)}`);
  }
  return value as number;
}

/** `value` must be an integer in [min, max]. */
export function checkInteger(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new ConfigError(field, `${field} must be an integer ${range}, got ${show(value)}`);
  }
  return value;
}

export function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(field, `${field} must be true or false, got ${show(value)}`);
  return value;
}

/** `value` must be one of `options`. */
export function checkChoice<T extends string>(field: string, value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new ConfigError(field, `${field} must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${show(value)}`);
  }
  return value as T;
}

/**
 * Merges `overrides` onto `defaults`, refusing keys the config does not have (a typo must not
 * be silently ignored). `where` names the config in the message, e.g. `dqn`.
 */
export function mergeKnown<T extends object>(where: string, defaults: T, overrides: unknown): T {
  if (overrides === undefined || overrides === null) return { ...defaults };
  if (typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new ConfigError(where, `${where} config must be an object, got ${show(overrides)}`);
  }
  for (const key of Object.keys(overrides)) {
    if (!(key in defaults)) {
      const known = Object.keys(defaults).join(', ');
      throw new ConfigError(`${where}.${key}`, `unknown ${where} setting "${key}" (known: ${known})`);
    }
  }
  const merged = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged as T;
}
