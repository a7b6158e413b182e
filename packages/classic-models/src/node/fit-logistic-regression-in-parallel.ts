import type { TrainingInput } from '../input/features.js';
import { lbfgsSteps, type Evaluation } from '../linear/lbfgs.js';
import { logisticBlockCount, logisticObjective } from '../linear/logistic-blocks.js';
import {
  LOGISTIC_REGRESSION_OPTION_KEYS,
  finishLogisticRegression,
  prepareLogisticRegression,
  type LogisticRegressionModel,
  type LogisticRegressionOptions,
} from '../linear/logistic-regression.js';
import { checkpointFor, resolveParallelFitOptions, type ParallelFitOptions } from './parallel-fit-options.js';
import { parallelLogisticObjective } from './parallel-logistic-objective.js';
import { sharedBuffer, withSolverWorkers } from './solver-workers.js';

/** Options of {@link fitLogisticRegressionInParallel}: `fitLogisticRegression`'s, plus `threads` and `signal`. */
export type LogisticRegressionInParallelOptions = LogisticRegressionOptions & ParallelFitOptions;

/**
 * `fitLogisticRegression` with each loss-and-gradient pass split over `threads` threads: this one and up to
 * `threads − 1` worker threads, each claiming the next unsummed block of 2,048 rows until none is left (read in place
 * on `SharedArrayBuffer`s).
 * Every path sums the same fixed blocks and adds them in block order, so the model is **bit for bit** the one
 * `fitLogisticRegression` gives (tested). Every worker has ended when the promise settles; a failing worker rejects
 * it with a `WorkerError`, an abort with an `AbortedError`.
 *
 * @param data - A `DigitDataset` (pixels scaled to `[0, 1]`) or `{ features, labels, numClasses }`.
 * @param options - `fitLogisticRegression`'s options, `threads` (default `os.availableParallelism()`) and `signal`.
 * @throws TypeError/RangeError (as a rejection, before any work) for bad data or options, unknown keys included.
 */
export async function fitLogisticRegressionInParallel(
  data: TrainingInput,
  options?: LogisticRegressionInParallelOptions,
): Promise<LogisticRegressionModel> {
  const functionName = 'fitLogisticRegressionInParallel';
  const { threads, signal, rest } = resolveParallelFitOptions(functionName, options, LOGISTIC_REGRESSION_OPTION_KEYS);
  const checkpoint = checkpointFor(functionName, signal);
  const problem = prepareLogisticRegression(functionName, data, rest, threads > 1 ? sharedBuffer : undefined);
  const { rows, labels, numClasses, settings } = problem;
  const workerCount = Math.min(threads, logisticBlockCount(rows.count)) - 1;
  let evaluations = 0;
  const progress = () => `${evaluations} loss-and-gradient evaluations`;
  /** L-BFGS driven by `evaluate`, with a checkpoint before every evaluation. */
  const minimize = async (evaluate: (params: Float64Array) => Evaluation | Promise<Evaluation>) => {
    const steps = lbfgsSteps(problem.initial, settings);
    let step = steps.next();
    while (step.done !== true) {
      await checkpoint(progress());
      const evaluation = await evaluate(step.value);
      evaluations++;
      step = steps.next(evaluation);
    }
    return finishLogisticRegression(problem, step.value);
  };
  if (workerCount === 0) return minimize((params) => logisticObjective(params, rows, labels, numClasses, settings.l2));
  return withSolverWorkers(functionName, workerCount, signal, progress, checkpoint, (workers) =>
    minimize(parallelLogisticObjective(workers, rows, labels, numClasses, settings.l2)),
  );
}
