/**
 * A small, strict flag parser for the CLI commands: `--name value`, `--name=value`, `--flag`.
 * Unknown flags and bad values are errors that name the flag and the value.
 */
import { ConfigError } from '../core/errors.js';

export type FlagKind = 'string' | 'int' | 'number' | 'boolean';
export interface FlagSpec {
  kind: FlagKind;
  /** One line for --help. */
  help: string;
  default?: string | number | boolean;
  /** Allowed values for a string flag. */
  choices?: readonly string[];
  min?: number;
  max?: number;
}
export type FlagSpecs = Record<string, FlagSpec>;
export type ParsedFlags = Record<string, string | number | boolean | undefined>;

function convert(name: string, spec: FlagSpec, raw: string): string | number | boolean {
  const flag = `--${name}`;
  if (spec.kind === 'string') {
    if (spec.choices && !spec.choices.includes(raw)) {
      throw new ConfigError(flag, `${flag} must be one of ${spec.choices.join(', ')}, got "${raw}"`);
    }
    return raw;
  }
  if (spec.kind === 'boolean') {
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    throw new ConfigError(flag, `${flag} must be true or false, got "${raw}"`);
  }
  const value = Number(raw);
  const min = spec.min ?? -Infinity;
  const max = spec.max ?? Infinity;
  if (raw.trim() === '' || !Number.isFinite(value) || (spec.kind === 'int' && !Number.isInteger(value)) || value < min || value > max) {
    const what = spec.kind === 'int' ? 'an integer' : 'a number';
    const range = Number.isFinite(min) && Number.isFinite(max) ? ` in [${min}, ${max}]` : Number.isFinite(min) ? ` >= ${min}` : '';
    throw new ConfigError(flag, `${flag} must be ${what}${range}, got "${raw}"`);
  }
  return value;
}

/** The names of the flags `argv` gives itself (parseFlags fills the rest with their defaults). */
export function flagsGiven(argv: readonly string[]): Set<string> {
  return new Set(argv.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0]));
}

export function parseFlags(argv: readonly string[], specs: FlagSpecs): ParsedFlags {
  const out: ParsedFlags = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = spec.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new ConfigError(arg, `unexpected argument "${arg}" (flags start with --; see --help)`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = specs[name];
    if (!spec) throw new ConfigError(`--${name}`, `unknown flag --${name} (known: ${Object.keys(specs).map((k) => `--${k}`).join(', ')})`);
    let raw: string;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else if (spec.kind === 'boolean' && (i + 1 >= argv.length || argv[i + 1].startsWith('--'))) raw = 'true';
    else {
      if (i + 1 >= argv.length) throw new ConfigError(`--${name}`, `--${name} needs a value`);
      raw = argv[++i];
    }
    out[name] = convert(name, spec, raw);
  }
  return out;
}

export function helpText(command: string, summary: string, specs: FlagSpecs): string {
  const lines = [`usage: npm run ${command} -- [flags]`, '', summary, ''];
  for (const [name, spec] of Object.entries(specs)) {
    const def = spec.default === undefined ? '' : ` (default ${String(spec.default)})`;
    const choices = spec.choices ? ` [${spec.choices.join('|')}]` : '';
    lines.push(`  --${name.padEnd(14)} ${spec.help}${choices}${def}`);
  }
  return lines.join('\n');
}

/** Runs a CLI main: a ConfigError or LayoutError prints its message alone and exits 2. */
export async function runCli(main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof Error && ['ConfigError', 'LayoutError', 'CheckpointError'].includes(err.name)) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
