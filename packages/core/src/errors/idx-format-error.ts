import type { FormatErrorDetails } from './format-error-message.js';
import { FormatError } from './format-error.js';

/**
 * Thrown for any malformed IDX input: truncated file, wrong magic, unknown type code, a shape whose byte size
 * does not match the file, image count ≠ label count, a label ≥ `numClasses`, a corrupt gzip stream. The message
 * reads `<function>: expected <expected>, got <found>[ at byte <offset>][ in <source>]`.
 */
export class IdxFormatError extends FormatError {
  constructor(details: FormatErrorDetails) {
    super(details);
    this.name = 'IdxFormatError';
  }
}
