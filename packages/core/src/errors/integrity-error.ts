import { DigitKitError } from './digitkit-error.js';

/** Fields of an {@link IntegrityError}. */
export interface IntegrityErrorDetails {
  /** The function that found the problem, e.g. `'loadModel'`; it starts the message. */
  functionName: string;
  /** The file (or other named artifact) that failed the check. */
  file: string;
  /** What was required, e.g. `'SHA-256 3f2a… (from model.json)'` or `'finite weights'`. */
  expected: string;
  /** What the file held instead, e.g. `'SHA-256 9be1…'` or `'NaN at weight 17 of conv2d_1/kernel'`. */
  found: string;
  /** What the user can do about it, e.g. `'train again or restore the file from a backup'`. */
  fix?: string;
  /** A lower-level error, when there is one. */
  cause?: unknown;
}

/**
 * Thrown when a stored artifact (weights, checkpoint, report) is not what was written: a checksum that
 * does not match, a truncated binary, non-finite weights. The message reads
 * `<function>: <file>: expected <expected>, got <found>[; <fix>]`.
 */
export class IntegrityError extends DigitKitError {
  /** The file that failed the check. */
  readonly file: string;
  /** What was required. */
  readonly expected: string;
  /** What was found instead. */
  readonly found: string;

  constructor(details: IntegrityErrorDetails) {
    const fix = details.fix === undefined ? '' : `; ${details.fix}`;
    super(`${details.functionName}: ${details.file}: expected ${details.expected}, got ${details.found}${fix}`, {
      cause: details.cause,
    });
    this.name = 'IntegrityError';
    this.file = details.file;
    this.expected = details.expected;
    this.found = details.found;
  }
}
