/**
 * Errors a person can act on. Each names the thing that is wrong and the value it had,
 * so the message alone is enough to fix the input ("gamma must be in [0, 1), got 1.5").
 */

/** A config field or CLI flag with a bad value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    /** Dotted name of the field, e.g. `dqn.gamma` or `--episodes`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A layout file that cannot be loaded; `line`/`column` are 1-based, 0 when not about a cell. */
export class LayoutError extends Error {
  override name = 'LayoutError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(
      line > 0
        ? `${file}: line ${line}, column ${column}: ${reason}`
        : `${file}: ${reason}`,
    );
  }
}

/**
 * Training produced a non-finite number (a NaN or infinite loss or TD error): continuing would
 * only spread it through the weights. `update` is the update that produced it.
 */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
  constructor(
    readonly update: number,
    readonly what: string,
  ) {
    super(`training diverged at update ${update}: ${what}`);
  }
}
