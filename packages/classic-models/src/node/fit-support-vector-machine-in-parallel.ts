import type { TrainingInput } from '../input/features.js';
import {
  SUPPORT_VECTOR_MACHINE_OPTION_KEYS,
  fitSupportVectorMachineWith,
  type SupportVectorMachineModel,
  type SupportVectorMachineOptions,
} from '../support-vector-machine.js';
import { allocateDenseRows } from '../native/dense-kernel-arena.js';
import { checkpointFor, resolveParallelFitOptions, type ParallelFitOptions } from './parallel-fit-options.js';
import { fitLinearMachineInParallel } from './parallel-linear-machine.js';
import { sharedBuffer } from './solver-workers.js';

/** Options of {@link fitSupportVectorMachineInParallel}: `fitSupportVectorMachine`'s, plus `threads` and `signal`. */
export type SupportVectorMachineInParallelOptions = SupportVectorMachineOptions & ParallelFitOptions;

/**
 * `fitSupportVectorMachine` with the linear machines on the feature map (its longest part) solved on
 * `min(threads, problems)` worker threads, one binary problem at a time each, reading the `[N, D]` features in
 * place (they are mapped straight into a `SharedArrayBuffer`: no copy). The PCA and the feature map run on the tfjs
 * backend as before (give the backend threads of its own for them, e.g. `@digitkit/wasm-training/node`'s
 * `enableWasmThreads`). The model is **bit for bit** the one `fitSupportVectorMachine` gives on the same backend
 * (tested). Every worker has ended when the promise settles; a failing worker rejects it with a
 * `WorkerError`, an abort (seen between the steps and during the solver) with an `AbortedError`.
 *
 * @throws TypeError/RangeError (as a rejection, before any work) for bad data or options, unknown keys included.
 */
export async function fitSupportVectorMachineInParallel(
  data: TrainingInput,
  options?: SupportVectorMachineInParallelOptions,
): Promise<SupportVectorMachineModel> {
  const functionName = 'fitSupportVectorMachineInParallel';
  const { threads, signal, rest } = resolveParallelFitOptions(functionName, options, SUPPORT_VECTOR_MACHINE_OPTION_KEYS);
  const checkpoint = checkpointFor(functionName, signal);
  const run = { functionName, threads, signal, checkpoint };
  return fitSupportVectorMachineWith(functionName, data, rest, {
    allocate: threads > 1 ? sharedBuffer : (byteLength) => new ArrayBuffer(byteLength),
    // One scratch slot per worker (each solves one binary problem at a time), on shared memory when there are workers.
    allocateFeatures: (count, numFeatures) => allocateDenseRows(count, numFeatures, { slots: threads, shared: threads > 1 }),
    fitMachine: (rows, labels, numClasses, settings) => fitLinearMachineInParallel(run, rows, labels, numClasses, settings),
    checkpoint,
  });
}
