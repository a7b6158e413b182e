/**
 * `createDataParallelTrainer`: the main-thread side of the data-parallel worker transport — one synchronous
 * step of a tfjs-layers model over worker_threads. It holds no training loop: epochs, batching, schedules,
 * callbacks and checkpoints are `trainClassifier(model, data, { parallel: { workers } })` in
 * `@digitkit/cnn-models`, which steps through this transport.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DigitKitError, UnsupportedEnvironmentError, WorkerError } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CONTROL } from './data-parallel-protocol.js';
import type {
  DataParallelBackend,
  DataParallelLoss,
  MainToWorker,
  SharedBuffers,
  WorkerSetup,
  WorkerToMain,
} from './data-parallel-protocol.js';

export type { DataParallelBackend, DataParallelLoss } from './data-parallel-protocol.js';

const LOSSES: readonly DataParallelLoss[] = [
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'binaryCrossentropy',
  'meanSquaredError',
];

/** Options of {@link createDataParallelTrainer}. */
export interface DataParallelTrainerOptions {
  /** Worker threads, each holding one model replica. Integer ≥ 1. Default: `os.availableParallelism()`. */
  workers?: number;
  /**
   * Optimizer; only its class and config (`getClassName()`, `getConfig()`) are used — each worker builds its own
   * fresh instance, so pass one that has not been used yet. Default: the compiled model's optimizer.
   */
  optimizer?: tf.Optimizer;
  /** Per-sample loss, averaged over the global batch. Default: the compiled model's loss when it is one of these. */
  loss?: DataParallelLoss;
  /** tfjs backend of the workers. Default `'wasm'` (with {@link enableWasmTraining} registered in each worker). */
  backend?: DataParallelBackend;
  /** Options for `enableWasmTraining` in each worker (backend `'wasm'` only). Default `{}` (fast kernels). */
  wasmTraining?: { fast?: boolean };
  /** XNNPACK threads per worker via `enableWasmThreads` (backend `'wasm'` only). Default 1. */
  threadsPerWorker?: number;
  /** Initial capacity of the shared input buffers, in samples; they grow when a larger batch comes. Default 64. */
  maxBatchSize?: number;
}

/** Result of one {@link DataParallelTrainer.trainStep}. */
export interface DataParallelStepResult {
  /** Mean loss over the global batch, before the update. */
  loss: number;
}

/** A running data-parallel trainer; call {@link DataParallelTrainer.dispose} when done (it owns threads). */
export interface DataParallelTrainer {
  /** Number of workers. */
  readonly workers: number;
  /** Number of trainable parameters (length of one gradient slot). */
  readonly parameterCount: number;
  /**
   * One synchronous step on a global batch: `xs` `[B, ...inputShape]` float32 and `ys` `[B, outputs]` float32
   * (`[B]` or `[B, 1]` class ids for `sparseCategoricalCrossentropy`). The batch is split into `workers`
   * contiguous shards; every worker computes the gradient of its shard's share of the mean loss, the gradients are
   * summed through a SharedArrayBuffer and every worker applies the same optimizer update.
   */
  trainStep(xs: tf.Tensor, ys: tf.Tensor): Promise<DataParallelStepResult>;
  /**
   * Current values of `model.weights`, in that order. Trainable weights are identical on every worker (taken from
   * worker 0); non-trainable ones (BatchNorm moving statistics, updated from each worker's own shard) are averaged
   * over the workers — exact for moving averages, which are linear in the batch statistics.
   */
  getWeights(): Promise<Float32Array[]>;
  /** Copies {@link DataParallelTrainer.getWeights} into `model` (same architecture) with `model.setWeights`. */
  syncTo(model: LayersModel): Promise<void>;
  /** Terminates the workers. Idempotent. */
  dispose(): Promise<void>;
}

let live = 0;
/** Worker threads of every data-parallel trainer that have started and not yet exited (for tests). @internal */
export function liveDataParallelWorkers(): number {
  return live;
}

interface Pending {
  resolve: (message: WorkerToMain) => void;
  reject: (error: Error) => void;
}

function currentModuleUrl(): string {
  return typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
}

/**
 * How to start a worker: the built `data-parallel-worker.js` next to this module (in `dist/`), or, when running
 * from the TypeScript sources (tests, benchmarks), a bootstrap that registers tsx and imports the `.ts` entry.
 */
function workerEntry(): { code: string | URL; eval: boolean } {
  const built = new URL('./data-parallel-worker.js', currentModuleUrl());
  if (existsSync(fileURLToPath(built))) return { code: built, eval: false };
  const source = new URL('./data-parallel-worker.ts', currentModuleUrl());
  if (!existsSync(fileURLToPath(source))) {
    throw new UnsupportedEnvironmentError({
      functionName: 'createDataParallelTrainer',
      expected: 'the worker script data-parallel-worker.js (built) or .ts (sources) next to this module',
      found: `neither next to ${currentModuleUrl()}`,
      fix: 'reinstall @digitkit/wasm-training (its dist/ folder is incomplete)',
    });
  }
  const tsxApi = pathToFileURL(
    createRequire(currentModuleUrl()).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs'),
  ).href;
  const code =
    `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(source.href)}); })` +
    `.catch((error) => { setImmediate(() => { throw error; }); });`;
  return { code, eval: true };
}

function lossOf(model: LayersModel, option: DataParallelLoss | undefined): DataParallelLoss {
  const candidate = option ?? (model as unknown as { loss?: unknown }).loss;
  if (typeof candidate === 'string' && (LOSSES as readonly string[]).includes(candidate)) {
    return candidate as DataParallelLoss;
  }
  throw new TypeError(
    `createDataParallelTrainer: expected options.loss (or the compiled model's loss) to be one of ${LOSSES.join(', ')}, got ${String(candidate)}`,
  );
}

function allocate(maxBatchSize: number, inputSize: number, targetSize: number, gradients: SharedArrayBuffer): SharedBuffers {
  return {
    inputs: new SharedArrayBuffer(maxBatchSize * inputSize * 4),
    targets: new SharedArrayBuffer(maxBatchSize * targetSize * 4),
    gradients,
    maxBatchSize,
  };
}

/**
 * Starts `workers` worker threads, each with a replica of `model` on its own tfjs backend (wasm by default, with
 * this package's training kernels), for synchronous data-parallel training: the result of each step equals a
 * single-replica step on the whole global batch up to float32 summation order — except for BatchNorm layers,
 * whose batch statistics are computed per shard (like PyTorch DDP without SyncBatchNorm), and dropout masks,
 * which are drawn independently. Regularizer losses of layers are not added.
 *
 * The model must have one input and one output and use only built-in layers (it is rebuilt in each worker from
 * `model.toJSON()`). Node only.
 *
 * @param model A tfjs-layers model; its current weights are the starting point. Compiled or not.
 * @param options See {@link DataParallelTrainerOptions}.
 * @returns A trainer whose workers are ready.
 * @throws TypeError/RangeError for bad arguments, before any thread is started; a `WorkerError` (from
 *   `@digitkit/core`) when a worker fails — its start-up or step throws (e.g. a custom layer the worker cannot
 *   deserialize), it crashes or exits. The trainer's workers are ended then, and every later call rejects with the
 *   same error.
 */
export async function createDataParallelTrainer(
  model: LayersModel,
  options: DataParallelTrainerOptions = {},
): Promise<DataParallelTrainer> {
  if (model === null || typeof model !== 'object' || typeof (model as LayersModel).toJSON !== 'function') {
    throw new TypeError(`createDataParallelTrainer: expected a tfjs-layers LayersModel, got ${String(model)}`);
  }
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new RangeError(
      `createDataParallelTrainer: expected a model with 1 input and 1 output, got ${model.inputs.length} and ${model.outputs.length}`,
    );
  }
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`createDataParallelTrainer: expected options.workers to be an integer ≥ 1, got ${String(workers)}`);
  }
  const threadsPerWorker = options.threadsPerWorker ?? 1;
  if (!Number.isInteger(threadsPerWorker) || threadsPerWorker < 1 || threadsPerWorker > 8) {
    throw new RangeError(
      `createDataParallelTrainer: expected options.threadsPerWorker to be an integer in 1..8, got ${String(threadsPerWorker)}`,
    );
  }
  const backend = options.backend ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu') {
    throw new TypeError(`createDataParallelTrainer: expected options.backend 'wasm' or 'cpu', got ${String(backend)}`);
  }
  let maxBatchSize = options.maxBatchSize ?? 64;
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
    throw new RangeError(`createDataParallelTrainer: expected options.maxBatchSize to be an integer ≥ 1, got ${String(maxBatchSize)}`);
  }
  const loss = lossOf(model, options.loss);
  const optimizer = options.optimizer ?? (model as unknown as { optimizer?: tf.Optimizer }).optimizer;
  if (optimizer == null || typeof optimizer.getConfig !== 'function') {
    throw new TypeError('createDataParallelTrainer: expected options.optimizer or a compiled model with an optimizer');
  }
  const inputShape = model.inputs[0]!.shape.slice(1);
  const outputShape = model.outputs[0]!.shape.slice(1);
  if (inputShape.some((d) => d == null) || outputShape.some((d) => d == null)) {
    throw new RangeError(
      `createDataParallelTrainer: expected fixed input and output shapes, got [${inputShape.join(',')}] and [${outputShape.join(',')}]`,
    );
  }
  const inputSize = (inputShape as number[]).reduce((a, b) => a * b, 1);
  const targetSize = loss === 'sparseCategoricalCrossentropy' ? 1 : (outputShape as number[]).reduce((a, b) => a * b, 1);
  const parameterCount = model.trainableWeights.reduce((n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
  const trainableCount = model.trainableWeights.length;

  const gradients = new SharedArrayBuffer(workers * parameterCount * 4);
  const controlBuffer = new SharedArrayBuffer(CONTROL.length * 4);
  const control = new Int32Array(controlBuffer);
  let buffers = allocate(maxBatchSize, inputSize, targetSize, gradients);
  const weights = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
  // Which entries of model.weights are non-trainable (averaged over workers by getWeights).
  const trainableIds = new Set(model.trainableWeights.map((w) => w.id));
  const nonTrainable = model.weights.map((w) => !trainableIds.has(w.id));
  const entry = workerEntry();
  const setupBase: Omit<WorkerSetup, 'index'> = {
    workers,
    topology: model.toJSON(null, true) as string,
    weights,
    optimizer: { className: optimizer.getClassName(), config: optimizer.getConfig() as Record<string, unknown> },
    loss,
    backend,
    wasmTraining: options.wasmTraining ?? {},
    threadsPerWorker,
    inputSize,
    targetSize,
    buffers,
    control: controlBuffer,
  };

  const pending: Array<Pending | undefined> = new Array(workers).fill(undefined);
  let failure: Error | undefined;
  let disposed = false;
  const threads: Worker[] = [];
  const fn = 'createDataParallelTrainer';
  /** What every worker's next message should be, for the {@link WorkerError} that names it. */
  let awaited = 'its ready message';

  function fail(error: Error): void {
    if (failure !== undefined) return;
    failure = error;
    // A failed pool is ended at once, so a caller that never calls dispose() leaves no thread behind.
    for (const worker of threads) void worker.terminate();
    // Wakes workers waiting at the gradient barrier so they stop instead of waiting for a dead peer.
    Atomics.store(control, CONTROL.aborted, 1);
    Atomics.notify(control, CONTROL.generation);
    for (const p of pending) p?.reject(error);
    pending.fill(undefined);
  }

  function awaitReply(index: number): Promise<WorkerToMain> {
    return new Promise((resolve, reject) => {
      if (failure !== undefined) reject(failure);
      else pending[index] = { resolve, reject };
    });
  }

  for (let index = 0; index < workers; index++) {
    const worker = new Worker(entry.code, { eval: entry.eval, workerData: { ...setupBase, index } satisfies WorkerSetup });
    worker.on('message', (message: WorkerToMain) => {
      if (message.type === 'error') {
        const cause = Object.assign(new Error(message.message), { stack: message.stack });
        fail(new WorkerError({ functionName: fn, worker: index, expected: awaited, found: `an error: ${message.message}`, cause }));
        return;
      }
      const p = pending[index];
      pending[index] = undefined;
      p?.resolve(message);
    });
    worker.on('error', (error) =>
      fail(new WorkerError({ functionName: fn, worker: index, expected: awaited, found: `a crash: ${String(error)}`, cause: error })),
    );
    live++;
    worker.on('exit', (code) => {
      live--;
      if (!disposed) fail(new WorkerError({ functionName: fn, worker: index, expected: awaited, found: `an exit with code ${code}` }));
    });
    threads.push(worker);
  }

  async function broadcast(message: MainToWorker): Promise<WorkerToMain[]> {
    if (disposed) throw new DigitKitError('createDataParallelTrainer: the trainer has been disposed');
    if (failure !== undefined) throw failure;
    awaited = `its reply to a ${message.type} message`;
    const replies = threads.map((_, i) => awaitReply(i));
    for (const worker of threads) worker.postMessage(message);
    return Promise.all(replies);
  }

  async function dispose(): Promise<void> {
    if (disposed) return;
    disposed = true;
    fail(new DigitKitError('createDataParallelTrainer: the trainer has been disposed'));
    await Promise.all(threads.map((worker) => worker.terminate()));
  }

  let readyReplies: WorkerToMain[];
  try {
    readyReplies = await Promise.all(threads.map((_, i) => awaitReply(i)));
  } catch (error) {
    await dispose();
    throw error;
  }
  const reported = readyReplies[0]!.type === 'ready' ? readyReplies[0]!.parameterCount : -1;
  if (reported !== parameterCount) {
    await dispose();
    throw new DigitKitError(`createDataParallelTrainer: worker reports ${reported} parameters, expected ${parameterCount}`);
  }

  async function trainStep(xs: tf.Tensor, ys: tf.Tensor): Promise<DataParallelStepResult> {
    if (!(xs instanceof tf.Tensor) || !(ys instanceof tf.Tensor)) {
      throw new TypeError('trainStep: expected xs and ys to be tf.Tensor');
    }
    const batchSize = xs.shape[0] ?? 0;
    if (batchSize < 1 || xs.size !== batchSize * inputSize) {
      throw new RangeError(`trainStep: expected xs of shape [B, ${inputShape.join(', ')}], got [${xs.shape.join(', ')}]`);
    }
    if (ys.shape[0] !== batchSize || ys.size !== batchSize * targetSize) {
      throw new RangeError(
        `trainStep: expected ys with ${batchSize} rows of ${targetSize} values, got [${ys.shape.join(', ')}]`,
      );
    }
    if (batchSize > maxBatchSize) {
      maxBatchSize = batchSize;
      buffers = allocate(maxBatchSize, inputSize, targetSize, gradients);
      await broadcast({ type: 'buffers', buffers });
    }
    new Float32Array(buffers.inputs, 0, batchSize * inputSize).set(xs.dataSync());
    new Float32Array(buffers.targets, 0, batchSize * targetSize).set(ys.dataSync());
    const stepped = await broadcast({ type: 'step', batchSize });
    const lossSum = stepped.reduce((s, m) => s + (m.type === 'stepped' ? m.lossSum : 0), 0);
    return { loss: lossSum / batchSize };
  }

  async function getWeights(): Promise<Float32Array[]> {
    const replies = await broadcast({ type: 'weights' });
    const all = replies.map((m) => (m.type === 'weights' ? m.weights : []));
    return all[0]!.map((first, i) => {
      if (!nonTrainable[i]) return first;
      const mean = new Float32Array(first.length);
      for (const replica of all) for (let j = 0; j < mean.length; j++) mean[j]! += replica[i]![j]! / workers;
      return mean;
    });
  }

  return {
    workers,
    parameterCount,
    trainStep,
    getWeights,
    async syncTo(target: LayersModel): Promise<void> {
      const values = await getWeights();
      if (target.weights.length !== values.length || target.trainableWeights.length !== trainableCount) {
        throw new RangeError(
          `syncTo: expected a model with ${values.length} weights, got ${target.weights.length}`,
        );
      }
      const tensors = values.map((v, i) => tf.tensor(v, target.weights[i]!.shape as number[], 'float32'));
      target.setWeights(tensors);
      tf.dispose(tensors);
    },
    dispose,
  };
}
