import { AbortedError, WorkerError } from '@digitkit/core';
import { Worker } from 'node:worker_threads';
import { solverWorkerSource } from './solver-worker-source.js';
import type { Checkpoint } from './parallel-fit-options.js';

/** A job for a solver worker (see `solver-worker-source.ts`); typed arrays on `SharedArrayBuffer`s are shared. */
export type SolverJob = { type: string; [key: string]: unknown };

/** A small pool of solver worker threads, one job at a time per worker. */
export interface SolverWorkers {
  readonly size: number;
  /** Runs `job` on worker `index`; rejects with a {@link WorkerError} when it fails. */
  run<T>(index: number, job: SolverJob): Promise<T>;
  /**
   * Ends every worker (idempotent) and resolves once they have stopped. Pending jobs, and every later `run`, reject
   * with `reason` (default: a `WorkerError` saying the pool was closed).
   */
  close(reason?: Error): Promise<void>;
  /** The threads themselves (tests end one to check that a crash is reported). */
  readonly threads: readonly Worker[];
}

interface Pending {
  type: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface WorkerReply {
  type: 'done' | 'error';
  id: number;
  result?: unknown;
  name?: string;
  message?: string;
  stack?: string;
}

/** Worker threads started by this module that have not exited yet (tests check it is back to 0 after a fit). */
let liveWorkers = 0;

/** The number of solver worker threads started and not yet exited, in this thread. */
export function liveSolverWorkers(): number {
  return liveWorkers;
}

/** The worker's error, rebuilt on this side with its name, message and stack (the `cause` of the error). */
function remoteError(reply: WorkerReply): Error {
  const error = new Error(reply.message ?? '');
  error.name = reply.name ?? 'Error';
  if (reply.stack !== undefined) error.stack = reply.stack;
  return error;
}

/** Starts `size` solver workers (unref'ed while idle: an idle pool never keeps the process alive). */
export function startSolverWorkers(functionName: string, size: number): SolverWorkers {
  const source = solverWorkerSource();
  const pending: (Pending | undefined)[] = new Array(size).fill(undefined);
  const broken: (WorkerError | undefined)[] = new Array(size).fill(undefined);
  let closedWith: Error | undefined;
  let nextId = 1;
  const ids = new Array<number>(size).fill(0);
  const expected = (type: string) => `the result of a ${type} job`;
  const fail = (index: number, found: string, cause?: unknown) => {
    const p = pending[index];
    const error = new WorkerError({ functionName, worker: index, expected: expected(p?.type ?? 'solver'), found, cause });
    broken[index] ??= error;
    pending[index] = undefined;
    p?.reject(error);
  };
  const threads: Worker[] = [];
  const start = (index: number): Worker => {
    const worker = new Worker(source, { eval: true });
    liveWorkers++;
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const p = pending[index];
      if (p === undefined || reply.id !== ids[index]) return;
      pending[index] = undefined;
      if (reply.type === 'done') p.resolve(reply.result);
      else {
        const cause = remoteError(reply);
        p.reject(new WorkerError({ functionName, worker: index, expected: expected(p.type), found: `${cause.name}: ${cause.message}`, cause }));
      }
    });
    worker.on('error', (error) => fail(index, `an uncaught ${error.name}: ${error.message}`, error));
    worker.on('exit', (code) => {
      liveWorkers--;
      if (closedWith === undefined) fail(index, `an exit with code ${code}`);
    });
    return worker;
  };
  try {
    for (let index = 0; index < size; index++) threads.push(start(index));
  } catch (error) {
    // A thread that cannot start (resource limits): end the ones that did, then report it.
    closedWith = new WorkerError({ functionName, worker: threads.length, expected: 'a started worker thread', found: String(error), cause: error });
    for (const worker of threads) void worker.terminate();
    throw closedWith;
  }
  return {
    size,
    threads,
    run<T>(index: number, job: SolverJob): Promise<T> {
      if (closedWith !== undefined) return Promise.reject(closedWith);
      const error = broken[index];
      if (error !== undefined) return Promise.reject(error);
      return new Promise<T>((resolve, reject) => {
        const id = nextId++;
        ids[index] = id;
        pending[index] = { type: job.type, resolve: resolve as (value: unknown) => void, reject };
        threads[index].ref();
        try {
          threads[index].postMessage({ ...job, id });
        } catch (cause) {
          // A job that cannot be sent (e.g. a DataCloneError): this worker is still free.
          pending[index] = undefined;
          reject(new WorkerError({ functionName, worker: index, expected: `a ${job.type} job it can send`, found: String(cause), cause }));
        }
      }).finally(() => {
        if (pending[index] === undefined) threads[index].unref();
      });
    },
    async close(reason?: Error): Promise<void> {
      if (closedWith === undefined) {
        closedWith = reason ?? new WorkerError({ functionName, worker: -1, expected: 'an open pool', found: 'a closed one' });
        pending.forEach((p, index) => {
          if (p === undefined) return;
          p.reject(reason ?? new WorkerError({ functionName, worker: index, expected: expected(p.type), found: 'the pool closed first' }));
        });
        pending.fill(undefined);
      }
      await Promise.all(threads.map((worker) => worker.terminate()));
    },
  };
}

/**
 * Runs `body` with a pool of `size` workers and always ends them before settling — on success, on an error and on
 * an abort of `signal`, which rejects the jobs in flight (and any later one) with an `AbortedError` saying
 * `progress()`. `checkpoint` runs first: an abort before any worker starts starts none.
 */
export async function withSolverWorkers<T>(
  functionName: string,
  size: number,
  signal: AbortSignal | undefined,
  progress: () => string,
  checkpoint: Checkpoint,
  body: (workers: SolverWorkers) => Promise<T>,
): Promise<T> {
  await checkpoint(progress());
  const workers = startSolverWorkers(functionName, size);
  const onAbort = () => {
    void workers.close(new AbortedError({ functionName, completed: progress(), cause: signal?.reason }));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await body(workers);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await workers.close();
  }
}

/** `array` itself when it lives on a `SharedArrayBuffer`, else a copy on one (what workers can read in place). */
export function shared<T extends Float32Array | Float64Array | Int32Array | Int8Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Constructor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Constructor(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}

/** Allocates on a `SharedArrayBuffer` (see `BufferAllocator`). */
export const sharedBuffer = (byteLength: number): SharedArrayBuffer => new SharedArrayBuffer(byteLength);
