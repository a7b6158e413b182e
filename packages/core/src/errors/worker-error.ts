import { DigitKitError } from './digitkit-error.js';

/** Fields of a {@link WorkerError}. */
export interface WorkerErrorDetails {
  /** The function that ran the worker, e.g. `'fitLogisticRegressionInParallel'`; it starts the message. */
  functionName: string;
  /** The worker's index in its pool (0-based; -1 when the pool itself, not one worker, is meant). */
  worker: number;
  /** What the caller waited for, e.g. `'the result of a binary-svm job'`. */
  expected: string;
  /** What came instead, e.g. `'RangeError: …'` or `'an exit with code 1'`. */
  found: string;
  /** The worker's own error (rebuilt with its name, message and stack) or the `worker_threads` error. */
  cause?: unknown;
}

/**
 * A worker thread (or web worker) that digitkit started failed: its job threw, it crashed, it trapped, or it exited
 * or was closed before answering. The message reads
 * `<function>: worker thread <worker>: expected <expected>, got <found>` — e.g.
 * `fitLogisticRegressionInParallel: worker thread 1: expected the result of a logistic-blocks job, got RangeError: …`.
 * The functions that throw it end (or stop using) the failed pool's other workers first.
 */
export class WorkerError extends DigitKitError {
  /** The function that ran the worker. */
  readonly functionName: string;
  /** The worker's index in its pool (-1: the pool as a whole). */
  readonly worker: number;
  /** What the caller waited for. */
  readonly expected: string;
  /** What came instead. */
  readonly found: string;

  constructor(details: WorkerErrorDetails) {
    super(`${details.functionName}: worker thread ${details.worker}: expected ${details.expected}, got ${details.found}`, { cause: details.cause });
    this.name = 'WorkerError';
    this.functionName = details.functionName;
    this.worker = details.worker;
    this.expected = details.expected;
    this.found = details.found;
  }
}
