import { DigitKitError } from '@digitkit/core';

/** Fields of a {@link SolverWorkerError}. */
export interface SolverWorkerErrorDetails {
  /** The fit that ran the worker, e.g. `'fitLogisticRegressionInParallel'`. */
  functionName: string;
  /** The worker's index in the fit's pool (0-based). */
  worker: number;
  /** What the fit waited for, e.g. `'the result of a binary-svm job'`. */
  expected: string;
  /** What came instead, e.g. `'RangeError: …'` or `'an exit with code 1'`. */
  found: string;
  /** The worker's own error (rebuilt with its name, message and stack) or the `worker_threads` error. */
  cause?: unknown;
}

/**
 * A worker thread of `@digitkit/classic-models/node` failed: its job threw, it crashed, or it exited or was closed
 * before answering. Message: `fitLogisticRegressionInParallel: worker thread 1: expected the result of a
 * logistic-blocks job, got RangeError: …`. Every other worker of the fit has ended when a fit rejects with it.
 */
export class SolverWorkerError extends DigitKitError {
  readonly functionName: string;
  readonly worker: number;
  readonly expected: string;
  readonly found: string;

  constructor(details: SolverWorkerErrorDetails) {
    super(`${details.functionName}: worker thread ${details.worker}: expected ${details.expected}, got ${details.found}`, { cause: details.cause });
    this.name = 'SolverWorkerError';
    this.functionName = details.functionName;
    this.worker = details.worker;
    this.expected = details.expected;
    this.found = details.found;
  }
}
