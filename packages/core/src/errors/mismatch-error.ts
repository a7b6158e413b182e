import { DigitKitError } from './digitkit-error.js';

/** Fields of a {@link MismatchError}. */
export interface MismatchErrorDetails {
  /** The function that found the problem, e.g. `'trainClassifier'`; it starts the message. */
  functionName: string;
  /** What the two things are, e.g. `'the checkpoint in runs/a/checkpoint'` (the subject of the message). */
  subject: string;
  /** What the current run requires, e.g. `'model paper-cnn with 8 weight tensors'`. */
  expected: string;
  /** What the stored state holds, e.g. `'model lenet5 with 10 weight tensors'`. */
  found: string;
  /** What the user can do about it, e.g. `'delete the folder or train with another --out'`. */
  fix?: string;
  /** A lower-level error, when there is one. */
  cause?: unknown;
}

/**
 * Thrown when stored state does not fit the current request: a checkpoint written for another model, data
 * set or settings; weights for another architecture. The message reads
 * `<function>: <subject> does not match: expected <expected>, got <found>[; <fix>]`.
 */
export class MismatchError extends DigitKitError {
  /** What was compared. */
  readonly subject: string;
  /** What the current request requires. */
  readonly expected: string;
  /** What the stored state holds. */
  readonly found: string;

  constructor(details: MismatchErrorDetails) {
    const fix = details.fix === undefined ? '' : `; ${details.fix}`;
    super(
      `${details.functionName}: ${details.subject} does not match: expected ${details.expected}, got ${details.found}${fix}`,
      { cause: details.cause },
    );
    this.name = 'MismatchError';
    this.subject = details.subject;
    this.expected = details.expected;
    this.found = details.found;
  }
}
