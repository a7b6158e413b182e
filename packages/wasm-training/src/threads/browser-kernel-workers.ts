/**
 * The kernel pool in browsers: Web Workers started from a `blob:` URL of {@link BROWSER_KERNEL_WORKER_SOURCE}
 * (nothing to bundle or serve), each receiving the shared memory and the compiled module in its first message.
 * Only a cross-origin-isolated page (COOP `same-origin` + COEP `require-corp`) has shared memory and can post it to
 * a worker; tfjs-backend-wasm then loads its threaded build by itself, and this package starts its pool on the
 * first kernel call that could use it (kernels run single-threaded until the workers are ready, a few ms).
 */
import type { SpawnKernelWorker } from './kernel-pool.js';
import { BROWSER_KERNEL_WORKER_SOURCE } from './kernel-worker-source.js';

/** Threads of the browser pool: the page's logical cores, at most 4 (the calling thread is one of them). */
export function browserKernelThreads(): number {
  const cores = typeof navigator === 'object' && navigator !== null ? navigator.hardwareConcurrency : undefined;
  return Math.min(typeof cores === 'number' && cores >= 1 ? cores : 1, 4);
}

/** Whether this is a cross-origin-isolated browser context that can start Web Workers from `blob:` URLs. */
export function browserKernelWorkersAvailable(): boolean {
  return (
    Reflect.get(globalThis, 'crossOriginIsolated') === true &&
    typeof Worker === 'function' &&
    typeof Blob === 'function' &&
    typeof URL === 'function' &&
    typeof URL.createObjectURL === 'function'
  );
}

/** The Web Worker spawner of kernel workers. */
export const spawnBrowserKernelWorker: SpawnKernelWorker = (init, onError) => {
  const url = URL.createObjectURL(new Blob([BROWSER_KERNEL_WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(url);
  worker.onerror = (event) => onError(event);
  worker.postMessage(init);
  return {
    terminate: () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
};
