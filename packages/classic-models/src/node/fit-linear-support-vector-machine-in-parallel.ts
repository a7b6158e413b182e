import type { TrainingInput } from '../input/features.js';
import {
  LINEAR_SUPPORT_VECTOR_MACHINE_OPTION_KEYS,
  finishLinearSupportVectorMachine,
  prepareLinearSupportVectorMachine,
  type LinearSupportVectorMachineModel,
  type LinearSupportVectorMachineOptions,
} from '../linear/linear-support-vector-machine.js';
import { checkpointFor, resolveParallelFitOptions, type ParallelFitOptions } from './parallel-fit-options.js';
import { fitLinearMachineInParallel } from './parallel-linear-machine.js';
import { sharedBuffer } from './solver-workers.js';

/** Options of {@link fitLinearSupportVectorMachineInParallel}: `fitLinearSupportVectorMachine`'s, plus `threads` and `signal`. */
export type LinearSupportVectorMachineInParallelOptions = LinearSupportVectorMachineOptions & ParallelFitOptions;

/**
 * `fitLinearSupportVectorMachine` with its binary problems (`K` one-vs-rest, `K(K−1)/2` one-vs-one) solved on
 * `min(threads, problems)` worker threads, each taking the next problem when free (`threads: 1`: one after the
 * other on this thread). Every problem has its own seeded visiting order, so the model is **bit for bit** the one
 * `fitLinearSupportVectorMachine` gives (tested). Every worker has ended when the promise settles; a failing
 * worker rejects it with a `WorkerError`, an abort with an `AbortedError`.
 *
 * @throws TypeError/RangeError (as a rejection, before any work) for bad data or options, unknown keys included.
 */
export async function fitLinearSupportVectorMachineInParallel(
  data: TrainingInput,
  options?: LinearSupportVectorMachineInParallelOptions,
): Promise<LinearSupportVectorMachineModel> {
  const functionName = 'fitLinearSupportVectorMachineInParallel';
  const { threads, signal, rest } = resolveParallelFitOptions(functionName, options, LINEAR_SUPPORT_VECTOR_MACHINE_OPTION_KEYS);
  const problem = prepareLinearSupportVectorMachine(functionName, data, rest, threads > 1 ? sharedBuffer : undefined);
  const { rows, training, settings } = problem;
  const run = { functionName, threads, signal, checkpoint: checkpointFor(functionName, signal) };
  return finishLinearSupportVectorMachine(problem, await fitLinearMachineInParallel(run, rows, training.labels, training.numClasses, settings));
}
