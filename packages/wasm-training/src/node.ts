/**
 * Node-only entry of @digitkit/wasm-training: multi-threaded wasm (worker_threads) and data-parallel training.
 */
export { enableWasmThreads } from './node/enable-wasm-threads.js';
export type { EnableWasmThreadsOptions, WasmThreadsInfo } from './node/enable-wasm-threads.js';
export { createDataParallelTrainer } from './node/data-parallel-trainer.js';
export type {
  DataParallelBackend,
  DataParallelLoss,
  DataParallelStepResult,
  DataParallelTrainer,
  DataParallelTrainerOptions,
} from './node/data-parallel-trainer.js';
