/**
 * Messages and shared-memory layout between the data-parallel trainer (main thread) and its workers.
 * Internal to `./node`; not exported.
 */

/** Loss functions a data-parallel trainer can compute per sample. */
export type DataParallelLoss =
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy'
  | 'binaryCrossentropy'
  | 'meanSquaredError';

/** Backends a worker can run. */
export type DataParallelBackend = 'wasm' | 'cpu';

/** Shared buffers, all `Float32Array` views over `SharedArrayBuffer`s. */
export interface SharedBuffers {
  /** Inputs of the global batch, `[maxBatchSize, ...inputShape]` row-major. */
  inputs: SharedArrayBuffer;
  /** Targets of the global batch, `[maxBatchSize, targetSize]` row-major. */
  targets: SharedArrayBuffer;
  /** One gradient slot per worker, `[workers, parameterCount]`: worker i writes slot i, everyone reads all. */
  gradients: SharedArrayBuffer;
  /** Largest global batch the input buffers hold. */
  maxBatchSize: number;
}

/** `workerData` of each worker. */
export interface WorkerSetup {
  index: number;
  workers: number;
  /** `model.toJSON(null, true)` of the model to train. */
  topology: string;
  /** Initial values of `model.weights`, in that order. */
  weights: Float32Array[];
  optimizer: { className: string; config: Record<string, unknown> };
  loss: DataParallelLoss;
  backend: DataParallelBackend;
  /** Options passed to `enableWasmTraining` when `backend` is `'wasm'`. */
  wasmTraining: { fast?: boolean };
  /** XNNPACK threads per worker (`enableWasmThreads`) when > 1. */
  threadsPerWorker: number;
  inputSize: number;
  targetSize: number;
  buffers: SharedBuffers;
  /** `Int32Array` control words of the workers' barrier: see {@link CONTROL}. */
  control: SharedArrayBuffer;
}

/** Indices in the control `Int32Array`: workers arrived at the barrier, barrier generation, abort flag. */
export const CONTROL = { arrived: 0, generation: 1, aborted: 2, length: 3 } as const;

export type MainToWorker =
  | { type: 'step'; batchSize: number }
  | { type: 'buffers'; buffers: SharedBuffers }
  | { type: 'weights' };

export type WorkerToMain =
  | { type: 'ready'; parameterCount: number }
  | { type: 'stepped'; lossSum: number }
  | { type: 'buffers' }
  | { type: 'weights'; weights: Float32Array[] }
  | { type: 'error'; message: string; stack?: string };

/** Rows `[start, end)` of a global batch of `batchSize` that worker `index` of `workers` trains on. */
export function shardRange(batchSize: number, index: number, workers: number): [number, number] {
  return [Math.floor((index * batchSize) / workers), Math.floor(((index + 1) * batchSize) / workers)];
}
