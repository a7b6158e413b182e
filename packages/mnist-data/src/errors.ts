const DIGITKIT_ERROR_MARKER = Symbol.for('digitkit.error');

/** Options accepted by {@link DigitKitError}: the underlying error, if any. */
export interface DigitKitErrorOptions {
  /** The lower-level error that caused this one (for example a zlib or fetch error). */
  cause?: unknown;
}

/**
 * Base class of every error digitkit throws on purpose (argument mistakes stay plain
 * `RangeError`/`TypeError`). `name` is stable (`'DigitKitError'` or the subclass name) and
 * `cause` carries the lower-level error when there is one.
 */
export class DigitKitError extends Error {
  private readonly [DIGITKIT_ERROR_MARKER] = true;

  constructor(message: string, options: DigitKitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DigitKitError';
  }

  /**
   * True when `error` is a digitkit error, even one created by another copy of this package
   * (where `instanceof` would fail).
   */
  static isInstance(error: unknown): error is DigitKitError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[DIGITKIT_ERROR_MARKER] === true
    );
  }
}

/** Fields of an {@link IdxFormatError}. */
export interface IdxFormatErrorDetails {
  /** The function that found the problem, e.g. `'parseIdx'`; it starts the message. */
  functionName: string;
  /** What the format required at this point, e.g. `'magic bytes 0x00 0x00'`. */
  expected: string;
  /** What the input held instead, e.g. `'0x1f 0x8b'`. */
  found: string;
  /** Byte offset in the (decompressed) IDX data where the problem was found, when it has one. */
  offset?: number;
  /** The file name or URL the bytes came from, when known. */
  source?: string;
  /** The lower-level error, e.g. the zlib error for a corrupt gzip stream. */
  cause?: unknown;
}

/**
 * Thrown for any malformed IDX input: truncated file, wrong magic, unknown type code, a shape whose
 * byte size does not match the file, image count ≠ label count, a label ≥ `numClasses`, a corrupt
 * gzip stream. The message reads `<function>: expected <expected>, got <found>[ at byte <offset>][ in <source>]`.
 */
export class IdxFormatError extends DigitKitError {
  /** What the format required. */
  readonly expected: string;
  /** What the input held instead. */
  readonly found: string;
  /** Byte offset of the problem in the (decompressed) IDX data, or `undefined`. */
  readonly offset: number | undefined;
  /** File name or URL of the input, or `undefined`. */
  readonly source: string | undefined;

  constructor(details: IdxFormatErrorDetails) {
    const where = details.offset === undefined ? '' : ` at byte ${details.offset}`;
    const from = details.source === undefined ? '' : ` in ${details.source}`;
    super(`${details.functionName}: expected ${details.expected}, got ${details.found}${where}${from}`, {
      cause: details.cause,
    });
    this.name = 'IdxFormatError';
    this.expected = details.expected;
    this.found = details.found;
    this.offset = details.offset;
    this.source = details.source;
  }
}
