import { AbortedError, WorkerError, createRng } from '@digitkit/core';
import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateDenseRows } from '../native/dense-kernel-arena.js';
import { rowSquaredNorms, solveBinarySvmDual, type BinarySolution } from '../linear/dual-coordinate-descent.js';
import { fitLinearSupportVectorMachine } from '../linear/linear-support-vector-machine.js';
import { fitLogisticRegression } from '../linear/logistic-regression.js';
import { fitSupportVectorMachine } from '../support-vector-machine.js';
import { accuracyOf, mnistSubset } from '../test-support/mnist.js';
import { fitLinearSupportVectorMachineInParallel } from './fit-linear-support-vector-machine-in-parallel.js';
import { fitLogisticRegressionInParallel } from './fit-logistic-regression-in-parallel.js';
import { fitSupportVectorMachineInParallel } from './fit-support-vector-machine-in-parallel.js';
import { liveSolverWorkers, startSolverWorkers } from './solver-workers.js';

// The truth here is the single-thread solver: the parallel fits must give the same bits (the single-thread fits are
// checked against scikit-learn's numbers in their own tests). After every test, no worker thread may be left.
const bits = (a: ArrayLike<number>) => Array.from(a);
afterEach(() => expect(liveSolverWorkers(), 'solver worker threads still running').toBe(0));

describe('fitLogisticRegressionInParallel', () => {
  it('gives bit for bit the single-thread model over several row blocks, with 1, 2 and 3 threads', async () => {
    const { train, test } = await mnistSubset(4500, 300); // 3 blocks of 2,048 rows
    const options = { C: 1, maxIterations: 12 };
    const single = fitLogisticRegression(train, options);
    for (const threads of [1, 2, 3]) {
      const parallel = await fitLogisticRegressionInParallel(train, { ...options, threads });
      expect(bits(parallel.weights), `threads ${threads}`).toEqual(bits(single.weights));
      expect(bits(parallel.bias), `threads ${threads}`).toEqual(bits(single.bias));
      expect(parallel.loss).toBe(single.loss);
      expect(parallel.iterations).toBe(single.iterations);
      expect(accuracyOf(await parallel.predict(test), test.labels)).toBe(accuracyOf(await single.predict(test), test.labels));
    }
  });

  it('checks its options before any work, naming itself (closed options, threads, signal)', async () => {
    const { train } = await mnistSubset(10, 1);
    const fit = (options: unknown) => fitLogisticRegressionInParallel(train, options as never);
    await expect(fit({ threads: 0 })).rejects.toThrow(new RangeError('fitLogisticRegressionInParallel: expected options.threads to be an integer ≥ 1 and ≤ 64, got 0'));
    await expect(fit({ threads: 1.5 })).rejects.toThrow(RangeError);
    await expect(fit({ threads: 65 })).rejects.toThrow(/options\.threads/);
    await expect(fit({ thread: 2 })).rejects.toThrow(/fitLogisticRegressionInParallel: unknown option options\.thread \(did you mean threads\?\); known options: .*signal, threads/);
    await expect(fit({ maxIteration: 2 })).rejects.toThrow(/unknown option options\.maxIteration \(did you mean maxIterations\?\)/);
    await expect(fit(5)).rejects.toThrow(new TypeError('fitLogisticRegressionInParallel: expected options to be an object, got 5'));
    await expect(fit(null)).rejects.toThrow(TypeError);
    await expect(fit({ signal: {} })).rejects.toThrow(/fitLogisticRegressionInParallel: expected options\.signal to be an AbortSignal, got/);
    await expect(fit({ C: -1, threads: 2 })).rejects.toThrow(RangeError);
    const reason = new Error('user stop');
    const aborted = fit({ threads: 2, signal: AbortSignal.abort(reason) });
    await expect(aborted).rejects.toBeInstanceOf(AbortedError);
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError', cause: reason });
  });

  it('an abort mid-fit rejects with an AbortedError saying how far it got, after ending every worker', async () => {
    const { train } = await mnistSubset(4500, 1);
    for (const threads of [1, 2]) {
      const controller = new AbortController();
      const reason = new Error('stop');
      const fit = fitLogisticRegressionInParallel(train, { maxIterations: 100_000, tolerance: 1e-300, threads, signal: controller.signal });
      setTimeout(() => controller.abort(reason), 300);
      const error: unknown = await fit.catch((caught: unknown) => caught);
      expect(error, `threads ${threads}`).toBeInstanceOf(AbortedError);
      expect((error as AbortedError).message).toMatch(/^fitLogisticRegressionInParallel: stopped after \d+ loss-and-gradient evaluations$/);
      expect((error as AbortedError).cause).toBe(reason);
      expect(liveSolverWorkers()).toBe(0);
    }
  });
});

describe('fitLinearSupportVectorMachineInParallel', () => {
  it('gives bit for bit the single-thread model (one-vs-rest and one-vs-one, sparse pixel rows)', async () => {
    const { train } = await mnistSubset(500, 1);
    for (const strategy of ['one-vs-rest', 'one-vs-one'] as const) {
      const options = { strategy, maxIterations: 100 };
      const single = fitLinearSupportVectorMachine(train, options);
      for (const threads of [1, 2]) {
        const parallel = await fitLinearSupportVectorMachineInParallel(train, { ...options, threads });
        expect(bits(parallel.weights), `${strategy}, threads ${threads}`).toEqual(bits(single.weights));
        expect(bits(parallel.bias), `${strategy}, threads ${threads}`).toEqual(bits(single.bias));
        expect(parallel.temperature).toBe(single.temperature);
      }
    }
  });

  it('an abort during the solver ends the workers and rejects with an AbortedError counting the solved problems', async () => {
    const { train } = await mnistSubset(2000, 1);
    const controller = new AbortController();
    const fit = fitLinearSupportVectorMachineInParallel(train, { tolerance: 1e-12, maxIterations: 100_000, threads: 2, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(fit).rejects.toThrow(/^fitLinearSupportVectorMachineInParallel: stopped after \d+ of 10 binary problems$/);
    expect(liveSolverWorkers()).toBe(0);
  });
});

describeBackends('fitSupportVectorMachineInParallel', () => {
  it('gives bit for bit the single-thread model (Nyström, dense rows) and leaks no tensor', async () => {
    // (No PCA step here: it runs on the calling thread in both fits, and support-vector-machine.test.ts covers it.)
    const { train, test } = await mnistSubset(400, 100);
    const options = { approximation: { components: 120 }, maxIterations: 200 };
    const single = await fitSupportVectorMachine(train, options);
    const parallel = await expectNoTensorLeak(() => fitSupportVectorMachineInParallel(train, { ...options, threads: 2 }));
    expect(parallel.temperature).toBe(single.temperature);
    expect(bits(await parallel.decisionFunction(test))).toEqual(bits(await single.decisionFunction(test)));
    expect(accuracyOf(await parallel.predict(test), test.labels)).toBe(accuracyOf(await single.predict(test), test.labels));
  });

  it('an abort while the feature map is built is seen right after it: AbortedError, no tensor left, no worker started', async () => {
    const { train } = await mnistSubset(300, 1);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const fit = fitSupportVectorMachineInParallel(train, { approximation: { components: 50 }, threads: 2, signal: controller.signal });
    controller.abort(); // after the options were checked (the call has started), before the landmarks' kernel is read back
    await expect(fit).rejects.toThrow(new AbortedError({ functionName: 'fitSupportVectorMachineInParallel', completed: "the nystrom feature map's basis" }));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('solver workers', () => {
  it('run the SIMD kernels on rows in a shared arena, in their own slot, with the calling thread\'s bits', async () => {
    const count = 150;
    const numFeatures = 45;
    const { values, arena } = allocateDenseRows(count, numFeatures, { slots: 2, shared: true });
    const random = createRng(21);
    for (let i = 0; i < values.length; i++) values[i] = random() * 2 - 1;
    const rows = { kind: 'dense' as const, values, count, numFeatures, arena };
    const norms = new Float64Array(new SharedArrayBuffer(count * 8));
    norms.set(rowSquaredNorms(rows));
    const members = Int32Array.from({ length: count }, (_, i) => i);
    const signs = Int8Array.from(members, (i) => (i % 3 === 0 ? 1 : -1));
    const settings = { C: 1, loss: 'squared-hinge' as const, biasScale: 1, tolerance: 1e-4, maxIterations: 50 };
    const here = solveBinarySvmDual({ kind: 'dense', values: Float32Array.from(values), count, numFeatures }, norms, members, signs, { ...settings, random: createRng(9) });
    const workers = startSolverWorkers('testFit', 2);
    try {
      for (const slot of [0, 1]) {
        const solution = await workers.run<BinarySolution>(slot, { type: 'binary-svm', rows, norms, members, signs, settings: { ...settings, slot }, seed: 9 });
        expect(solution.simd, `slot ${slot}`).toBe(true);
        expect(bits(solution.w)).toEqual(bits(here.w));
        expect(solution.bias).toBe(here.bias);
      }
    } finally {
      await workers.close();
    }
  });

  it('a job that throws in a worker rejects with a WorkerError (expected, found, the worker error as cause); the pool still works', async () => {
    const workers = startSolverWorkers('testFit', 1);
    try {
      const failed: unknown = await workers.run(0, { type: 'no-such-job' }).catch((caught: unknown) => caught);
      expect(failed).toBeInstanceOf(WorkerError);
      expect((failed as WorkerError).message).toBe(
        `testFit: worker thread 0: expected the result of a no-such-job job, got TypeError: expected a job of type 'binary-svm' or 'logistic-blocks', got "no-such-job"`,
      );
      expect(failed).toMatchObject({ worker: 0, expected: 'the result of a no-such-job job', cause: { name: 'TypeError' } });
      // A 2-point problem with a known answer: x = (1, 0) is +1, x = (0, 1) is −1, so w = (w, −w) with w > 0.
      const solution = await workers.run<{ w: Float64Array }>(0, {
        type: 'binary-svm',
        rows: { kind: 'dense' as const, values: Float32Array.from([1, 0, 0, 1]), count: 2, numFeatures: 2 },
        norms: Float64Array.from([1, 1]),
        members: Int32Array.from([0, 1]),
        signs: Int8Array.from([1, -1]),
        settings: { C: 1, loss: 'squared-hinge', biasScale: 1, tolerance: 1e-9, maxIterations: 1000 },
        seed: 1,
      });
      expect(solution.w[0]).toBeGreaterThan(0);
      expect(solution.w[1]).toBeCloseTo(-solution.w[0], 9);
    } finally {
      await workers.close();
    }
  });

  it('a worker that dies mid-job rejects its job with a WorkerError; close ends every thread', async () => {
    const workers = startSolverWorkers('testFit', 2);
    const values = new Float32Array(new SharedArrayBuffer(4 * 4000 * 500)).fill(0.01);
    const job = workers.run(0, {
      type: 'binary-svm',
      rows: { kind: 'dense', values, count: 4000, numFeatures: 500 },
      norms: new Float64Array(4000).fill(0.05),
      members: Int32Array.from({ length: 4000 }, (_, i) => i),
      signs: Int8Array.from({ length: 4000 }, (_, i) => (i % 2 === 0 ? 1 : -1)),
      settings: { C: 1, loss: 'squared-hinge', biasScale: 1, tolerance: 1e-12, maxIterations: 1_000_000 },
      seed: 1,
    });
    try {
      // Terminated once it runs (a loaded machine may not have started it yet: then it dies with the job queued,
      // which must be reported the same way; only the exit code differs, 1 inside the job, 0 before it).
      await new Promise((resolve) => workers.threads[0].once('online', resolve));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await workers.threads[0].terminate();
      const failed: unknown = await job.catch((caught: unknown) => caught);
      expect(failed).toBeInstanceOf(WorkerError);
      expect(failed).toMatchObject({ functionName: 'testFit', worker: 0, expected: 'the result of a binary-svm job', found: expect.stringMatching(/^an exit with code [01]$/) });
      expect((failed as Error).message).toMatch(/^testFit: worker thread 0: expected the result of a binary-svm job, got an exit with code [01]$/);
      await expect(workers.run(0, { type: 'binary-svm' })).rejects.toThrow(WorkerError);
      expect(liveSolverWorkers()).toBe(1);
    } finally {
      await workers.close();
    }
    expect(liveSolverWorkers()).toBe(0);
  });
});
