import { DigitKitError } from './digitkit-error.js';
import { formatErrorMessage, type FormatErrorDetails } from './format-error-message.js';

/**
 * Base of the errors that report malformed input bytes ({@link IdxFormatError}, {@link ImageFormatError}): the
 * message reads `<function>: expected <expected>, got <found>[ at byte <offset>][ in <source>]`.
 */
export class FormatError extends DigitKitError {
  /** What the format required. */
  readonly expected: string;
  /** What the input held instead. */
  readonly found: string;
  /** Byte offset of the problem in the (decompressed) input, or `undefined`. */
  readonly offset: number | undefined;
  /** File name or URL of the input, or `undefined`. */
  readonly source: string | undefined;

  constructor(details: FormatErrorDetails) {
    super(formatErrorMessage(details), { cause: details.cause });
    this.name = 'FormatError';
    this.expected = details.expected;
    this.found = details.found;
    this.offset = details.offset;
    this.source = details.source;
  }
}
