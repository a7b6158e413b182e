import { describe, expect, it, vi } from 'vitest';
import { mnistSubset } from '../test-support/mnist.js';
import { fitLogisticRegressionInParallel } from './fit-logistic-regression-in-parallel.js';
import { WorkerError } from '@digitkit/core';
import { liveSolverWorkers } from './solver-workers.js';

// Workers whose loop no longer knows the 'logistic-blocks' job: their first logistic job throws inside the worker
// (through the real error path of solver-worker-source.ts), as a bug or a broken install would.
vi.mock('./solver-worker-source.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./solver-worker-source.js')>();
  return { solverWorkerSource: () => original.solverWorkerSource().replaceAll(/(['"])logistic-blocks\1/g, `'logistic-blocks (disabled)'`) };
});

describe('a worker that fails during a fit', () => {
  it('rejects the fit with a WorkerError naming the fit, the worker, what was expected and found; every worker ends', async () => {
    const { train } = await mnistSubset(6200, 1); // 4 blocks: the calling thread and 2 workers share them
    const error: unknown = await fitLogisticRegressionInParallel(train, { maxIterations: 5, threads: 3 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerError);
    expect((error as WorkerError).message).toMatch(
      /^fitLogisticRegressionInParallel: worker thread [01]: expected the result of a logistic-blocks job, got TypeError: expected a job of type 'binary-svm' or 'logistic-blocks \(disabled\)', got "logistic-blocks"$/,
    );
    expect((error as WorkerError).cause).toMatchObject({ name: 'TypeError' });
    expect(liveSolverWorkers()).toBe(0);
  });
});
