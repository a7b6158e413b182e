const DIGITKIT_ERROR_MARKER = Symbol.for('digitkit.error');

/** Options accepted by {@link DigitKitError}: the underlying error, if any. */
export interface DigitKitErrorOptions {
  /** The lower-level error that caused this one (a zlib, fetch or file-system error, say). */
  cause?: unknown;
}

/**
 * Base class of every error digitkit throws on purpose about data, files and state (plain argument
 * mistakes are `RangeError`/`TypeError`, thrown before any work). `name` is stable (`'DigitKitError'` or the
 * subclass name) and `cause` carries the lower-level error when there is one.
 */
export class DigitKitError extends Error {
  private readonly [DIGITKIT_ERROR_MARKER] = true;

  constructor(message: string, options: DigitKitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DigitKitError';
  }

  /**
   * True when `error` is a digitkit error, even one created by another copy of this package (where
   * `instanceof` would fail).
   */
  static isInstance(error: unknown): error is DigitKitError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[DIGITKIT_ERROR_MARKER] === true
    );
  }
}
