/**
 * An error the user can fix (missing file, bad flag value, unknown model...).
 * The CLI prints its message as one line on stderr and exits with `exitCode`, never a stack trace.
 */
export class UserError extends Error {
  override name = 'UserError';
  /** Process exit code; 2 for usage mistakes, 1 for everything else. */
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.exitCode = options.exitCode ?? 1;
  }
}
