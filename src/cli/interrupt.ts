/**
 * Ctrl-C (SIGINT) and a polite kill (SIGTERM: `kill`, `timeout`, a container stopping) end a long
 * command cleanly: the first one sets the flag the command's loop checks, so it finishes the step
 * under way and saves what it has; a second one quits at once (exit 130).
 * Trap: the loop must yield to the event loop (setImmediate) now and then, or the signal's
 * handler never runs. And run under `node --import tsx`, not the `tsx` wrapper, which answers a
 * signal sent to it by exiting (package.json's scripts do).
 */
export interface Interrupt {
  /** True once a signal arrived. */
  readonly interrupted: boolean;
}

/** `doing`: what the command does before exiting, for the message ("saving a checkpoint"). */
export function catchInterrupt(doing: string): Interrupt {
  const state = { interrupted: false };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (state.interrupted) process.exit(130);
    state.interrupted = true;
    process.stderr.write(`\ninterrupted (${signal}): ${doing} (Ctrl-C again to quit at once)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return state;
}
