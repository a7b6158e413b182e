import { AbortedError, checkInteger, checkOptions, describeValue } from '@digitkit/core';
import { availableParallelism } from 'node:os';

/** The options the `…InParallel` fits add to their single-thread counterpart's. */
export interface ParallelFitOptions {
  /**
   * Threads that share the work. Integer 1..64. Default: `os.availableParallelism()` (capped to 64). `1` runs the
   * single-thread solver on the calling thread (no worker; the fit still yields to the event loop between steps, so
   * `signal` is seen).
   */
  threads?: number;
  /**
   * Stops the fit: it then rejects with core's `AbortedError` (name `'AbortError'`, `cause` = `signal.reason`)
   * saying how far it got, after every worker thread has ended. Looked at between steps (an L-BFGS evaluation, a
   * binary problem, the PCA / feature-map steps of the RBF SVM); a job running on a worker is stopped at once.
   */
  signal?: AbortSignal;
}

/** The keys of {@link ParallelFitOptions}. */
export const PARALLEL_FIT_OPTION_KEYS = ['threads', 'signal'] as const;

/** Checked {@link ParallelFitOptions}, and the rest of the options (for the single-thread preparation). */
export interface ResolvedParallelFit<T> {
  threads: number;
  signal: AbortSignal | undefined;
  rest: T | undefined;
}

/**
 * Checks a parallel fit's options before any work: a closed object of `known` keys plus `threads` and `signal`
 * (unknown keys are a TypeError naming them), `threads` an integer 1..64, `signal` an `AbortSignal`. An
 * already-aborted signal rejects at once with an `AbortedError`.
 */
export function resolveParallelFitOptions<T extends object>(
  functionName: string,
  options: (T & ParallelFitOptions) | undefined,
  known: readonly string[],
): ResolvedParallelFit<T> {
  const checked = checkOptions(functionName, options, [...known, ...PARALLEL_FIT_OPTION_KEYS]) as Partial<T & ParallelFitOptions>;
  const { threads, signal, ...rest } = checked;
  const resolvedThreads = checkInteger(functionName, 'options.threads', threads ?? Math.min(64, availableParallelism()), { min: 1, max: 64 });
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof (signal as AbortSignal).throwIfAborted !== 'function')) {
    throw new TypeError(`${functionName}: expected options.signal to be an AbortSignal, got ${describeValue(signal)}`);
  }
  if (signal?.aborted === true) throw new AbortedError({ functionName, completed: 'nothing (options.signal was already aborted)', cause: signal.reason });
  return { threads: resolvedThreads, signal, rest: options === undefined ? undefined : (rest as T) };
}

/**
 * A checkpoint between steps of a fit: yields to the event loop (so an abort can be delivered), then throws an
 * `AbortedError` saying `completed` when the signal has fired.
 */
export type Checkpoint = (completed: string) => Promise<void>;

/** The {@link Checkpoint} of a fit (a plain yield without a signal). */
export function checkpointFor(functionName: string, signal: AbortSignal | undefined): Checkpoint {
  return async (completed) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted === true) throw new AbortedError({ functionName, completed, cause: signal.reason });
  };
}
