import type { BinarySolution, SolverRows } from '../linear/dual-coordinate-descent.js';
import { rowSquaredNorms } from '../linear/dual-coordinate-descent.js';
import {
  assembleLinearMachine,
  binaryProblems,
  solveBinaryProblem,
  type LinearMachine,
  type LinearMachineSettings,
} from '../linear/multiclass-linear-machine.js';
import type { Checkpoint } from './parallel-fit-options.js';
import { shared, withSolverWorkers } from './solver-workers.js';

/** How a parallel fit runs its linear machines: threads, abort signal and checkpoint. */
export interface LinearMachineRun {
  functionName: string;
  threads: number;
  signal: AbortSignal | undefined;
  checkpoint: Checkpoint;
}

/** Rows as the workers read them: every array on a `SharedArrayBuffer` (copied once when it is not). */
function sharedRows(rows: SolverRows): SolverRows {
  if (rows.kind === 'dense') {
    // An arena on shared memory goes along (each worker instantiates its kernels on it); a plain one cannot.
    const arena = rows.arena !== undefined && rows.values.buffer instanceof SharedArrayBuffer ? rows.arena : undefined;
    return { kind: 'dense', values: shared(rows.values), count: rows.count, numFeatures: rows.numFeatures, ...(arena === undefined ? {} : { arena }) };
  }
  return { kind: 'sparse', count: rows.count, numFeatures: rows.numFeatures, start: shared(rows.start), index: shared(rows.index), value: shared(rows.value) };
}

const solvedOf = (solved: number, total: number) => `${solved} of ${total} binary problems`;

/**
 * `fitLinearMachine` with its binary problems solved on `min(threads, problems)` worker threads (each takes the
 * next unsolved problem when it is free), or one after the other on this thread when `threads` is 1 (with a
 * checkpoint between problems). Each problem has its own seeded stream, so every solution is bit for bit the one
 * `fitLinearMachine` gives. Memory: the rows are read in place (copied once to a `SharedArrayBuffer` when they are
 * not on one), plus the `K` or `K(K−1)/2` solutions `[F]` float64.
 */
export async function fitLinearMachineInParallel(
  run: LinearMachineRun,
  rows: SolverRows,
  labels: Int32Array,
  numClasses: number,
  settings: LinearMachineSettings,
): Promise<LinearMachine> {
  const problems = binaryProblems(rows, labels, numClasses, settings);
  const solutions: BinarySolution[] = new Array(problems.length);
  let solved = 0;
  if (run.threads === 1) {
    const norms = rowSquaredNorms(rows);
    for (const [j, problem] of problems.entries()) {
      await run.checkpoint(solvedOf(j, problems.length));
      solutions[j] = solveBinaryProblem(rows, norms, problem, settings);
    }
    return assembleLinearMachine(rows, numClasses, settings.strategy, solutions);
  }
  const size = Math.min(run.threads, problems.length);
  return withSolverWorkers(run.functionName, size, run.signal, () => solvedOf(solved, problems.length), run.checkpoint, async (workers) => {
    const view = sharedRows(rows);
    const norms = shared(rowSquaredNorms(rows));
    const sharedMembers = new Map<Int32Array, Int32Array>();
    const solverSettings = { C: settings.C, loss: settings.loss, biasScale: settings.biasScale, tolerance: settings.tolerance, maxIterations: settings.maxIterations };
    let next = 0;
    await Promise.all(
      Array.from({ length: size }, async (_, index) => {
        while (next < problems.length) {
          const j = next++;
          const { members, signs, seed } = problems[j];
          let onShared = sharedMembers.get(members);
          if (onShared === undefined) sharedMembers.set(members, (onShared = shared(members)));
          // Worker `index` solves one problem at a time, in the arena's scratch slot `index`.
          const job = { type: 'binary-svm', rows: view, norms, members: onShared, signs, settings: { ...solverSettings, slot: index }, seed };
          solutions[j] = await workers.run<BinarySolution>(index, job);
          solved++;
        }
      }),
    );
    return assembleLinearMachine(rows, numClasses, settings.strategy, solutions);
  });
}
