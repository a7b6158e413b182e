/**
 * Spawns the kernel pool's workers in Node: `worker_threads` running {@link NODE_KERNEL_WORKER_SOURCE} (no file to
 * locate), the shared memory and the compiled module passed in `workerData`. Workers are `unref()`ed: a sleeping
 * kernel worker never keeps the process alive.
 */
import { Worker } from 'node:worker_threads';
import type { SpawnKernelWorker } from '../threads/kernel-pool.js';
import { NODE_KERNEL_WORKER_SOURCE } from '../threads/kernel-worker-source.js';

/** The Node spawner of kernel workers. */
export const spawnNodeKernelWorker: SpawnKernelWorker = (init, onError) => {
  const worker = new Worker(NODE_KERNEL_WORKER_SOURCE, { eval: true, workerData: init });
  worker.unref();
  worker.on('error', onError);
  return {
    terminate: () => {
      worker.removeListener('error', onError);
      void worker.terminate();
    },
  };
};
