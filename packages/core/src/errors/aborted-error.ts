import { DigitKitError } from './digitkit-error.js';

/**
 * Thrown by a long operation (training, evaluation, a report) that stopped because its `AbortSignal` fired.
 * `name` is `'AbortError'`, as the DOM's, so code that checks `error.name === 'AbortError'` keeps working;
 * `completed` says how far the operation got (e.g. `'2 epochs and 37 batches'`).
 */
export class AbortedError extends DigitKitError {
  /** How far the operation got before it stopped, in words. */
  readonly completed: string;

  constructor(details: { functionName: string; completed: string; cause?: unknown }) {
    super(`${details.functionName}: stopped after ${details.completed}`, { cause: details.cause });
    this.name = 'AbortError';
    this.completed = details.completed;
  }
}
