/** Config checks shared by the generative models' configs; each throws a ConfigError naming the field and value. */
import { ConfigError } from '../../core/errors.js';
import { checkBoolean, checkInteger, checkNumber } from '../../core/validate.js';

export function checkChannels(field: string, value: unknown, length: number): number[] {
  if (!Array.isArray(value) || value.length !== length || !value.every((c) => Number.isInteger(c) && c >= 1 && c <= 512)) {
    throw new ConfigError(field, `${field} must be ${length} integers in [1, 512], got ${JSON.stringify(value)}`);
  }
  return value as number[];
}

export function checkImageSize(field: string, value: unknown, allowed: readonly number[]): number {
  if (typeof value !== 'number' || !allowed.includes(value)) {
    throw new ConfigError(field, `${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Checks `conditional` against `numClasses` (a conditional model needs >= 2 classes). */
export function checkConditional(where: string, conditional: unknown, numClasses: unknown): void {
  checkBoolean(`${where}.conditional`, conditional);
  checkInteger(`${where}.numClasses`, numClasses, 0, 1000);
  if (conditional && (numClasses as number) < 2) {
    throw new ConfigError(`${where}.conditional`, `${where}.conditional needs a dataset with >= 2 classes, got numClasses ${String(numClasses)}`);
  }
}

export function checkLearningRate(field: string, value: unknown): number {
  checkNumber(field, value, 0, 1);
  if (value === 0) throw new ConfigError(field, `${field} must be > 0, got 0`);
  return value as number;
}

