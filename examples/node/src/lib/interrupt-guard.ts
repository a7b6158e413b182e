/** What Ctrl-C does in the current phase of a command. */
export interface InterruptAction {
  /**
   * `true`: the first Ctrl-C aborts {@link InterruptGuard.signal} and lets the command stop on its own (the training
   * loop stops at its next step and the command prints its line); `false`: Ctrl-C prints `line()` and exits.
   */
  abort: boolean;
  /** The one line printed when the process exits because of Ctrl-C (without the `digitkit: ` prefix). */
  line: () => string;
}

/** Ctrl-C handling of a command: an abort signal, writes that are never cut short, one line, exit code 130. */
export interface InterruptGuard {
  /** Aborted at the first Ctrl-C of a phase whose action has `abort: true`. */
  readonly signal: AbortSignal;
  /** Sets what Ctrl-C does from now on. */
  setAction(action: InterruptAction): void;
  /**
   * Runs a file write that Ctrl-C must not cut short: a Ctrl-C that arrives meanwhile (even a second one) takes
   * effect when the write is done.
   */
  protect<T>(write: () => Promise<T>): Promise<T>;
  /** Removes the SIGINT handler. */
  dispose(): void;
}

/** Options of {@link createInterruptGuard}. */
export interface InterruptGuardOptions {
  /** Prints the one line on stderr. */
  err: (line: string) => void;
  /** Ends the process. Default `process.exit`. */
  exit?: (code: number) => void;
  /** Where the signal comes from. Default `process`. */
  emitter?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/** Exit code of a run stopped with Ctrl-C (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Installs a SIGINT handler for the lifetime of a command. Ctrl-C never kills a write in progress; outside a write
 * it either aborts the signal (the first Ctrl-C of an `abort` phase) or prints one line and exits with 130.
 */
export function createInterruptGuard(options: InterruptGuardOptions): InterruptGuard {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const emitter = options.emitter ?? process;
  const controller = new AbortController();
  let action: InterruptAction = { abort: false, line: () => 'interrupted' };
  let writes = 0;
  let exitRequested = false;
  let exited = false;

  const exitNow = () => {
    if (exited) return;
    exited = true;
    options.err(`digitkit: ${action.line()}`);
    exit(INTERRUPTED_EXIT_CODE);
  };
  const onSigint = () => {
    if (action.abort && !controller.signal.aborted) {
      controller.abort(new Error('interrupted (Ctrl-C)'));
      return;
    }
    exitRequested = true;
    if (writes === 0) exitNow();
  };
  emitter.on('SIGINT', onSigint);

  return {
    signal: controller.signal,
    setAction(next) {
      action = next;
    },
    async protect(write) {
      writes++;
      try {
        return await write();
      } finally {
        writes--;
        if (writes === 0 && exitRequested) exitNow();
      }
    },
    dispose() {
      emitter.off('SIGINT', onSigint);
    },
  };
}
