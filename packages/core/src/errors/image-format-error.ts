import type { FormatErrorDetails } from './format-error-message.js';
import { FormatError } from './format-error.js';

/**
 * Thrown for a malformed or unsupported image file (PNG): bad signature, truncated or corrupt chunk, unsupported
 * colour type or bit depth, or dimensions above the documented limit (checked from the header, before any pixel
 * is decoded). The message reads `<function>: expected <expected>, got <found>[ at byte <offset>][ in <source>]`.
 */
export class ImageFormatError extends FormatError {
  constructor(details: FormatErrorDetails) {
    super(details);
    this.name = 'ImageFormatError';
  }
}
