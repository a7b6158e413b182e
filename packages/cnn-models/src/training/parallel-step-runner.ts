import { checkInteger, checkOneOf, checkOptions, UnsupportedEnvironmentError } from '@digitkit/core';
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { createOptimizer, type OptimizerName } from './create-optimizer.js';
import type { ResolvedEarlyStopping } from './early-stopping.js';
import type { ResolvedReduceLrOnPlateau } from './reduce-lr-on-plateau.js';
import type { StepRunner } from './step-runner.js';
import { withStockDropoutTopology } from '../models/seeded-dropout.js';

/** Options of data-parallel training (the `parallel` option of `trainClassifier`). Node only. */
export interface ParallelOptions {
  /** Worker threads, each holding one model replica; integer in 1..64. Default `2`. */
  workers?: number;
  /** tfjs backend of the workers: `'wasm'` (with `enableWasmTraining`) or `'cpu'`. Default `'wasm'`. */
  backend?: 'wasm' | 'cpu';
  /** XNNPACK threads per worker (wasm only). Default `1`. */
  threadsPerWorker?: number;
}

/** Parallel options after checks. */
export interface ResolvedParallel {
  workers: number;
  backend: 'wasm' | 'cpu';
  threadsPerWorker: number;
}

/**
 * Checks the `parallel` option. The worker transport of `@digitkit/wasm-training/node` builds each replica's
 * optimizer once, at a fixed learning rate, and reports the loss only, so learning-rate schedules, LR-on-plateau
 * and monitoring the training accuracy are refused with it.
 */
export function resolveParallel(
  functionName: string,
  option: ParallelOptions,
  context: { schedule: unknown; plateau: ResolvedReduceLrOnPlateau | undefined; earlyStopping: ResolvedEarlyStopping | undefined },
): ResolvedParallel {
  const opts = checkOptions(functionName, option, ['workers', 'backend', 'threadsPerWorker'], 'options.parallel');
  const resolved: ResolvedParallel = {
    workers: checkInteger(functionName, 'parallel.workers', opts.workers ?? 2, { min: 1, max: 64 }),
    backend: checkOneOf(functionName, 'parallel.backend', opts.backend ?? 'wasm', ['wasm', 'cpu'] as const),
    threadsPerWorker: checkInteger(functionName, 'parallel.threadsPerWorker', opts.threadsPerWorker ?? 1, { min: 1, max: 8 }),
  };
  if (context.schedule !== undefined || context.plateau !== undefined) {
    throw new TypeError(
      `${functionName}: parallel training keeps the learning rate fixed (the worker transport has no learning-rate message); remove schedule / reduceLrOnPlateau`,
    );
  }
  if (context.earlyStopping?.monitor === 'accuracy') {
    throw new TypeError(`${functionName}: parallel training reports no training accuracy; monitor 'loss' or a validation quantity`);
  }
  return resolved;
}

interface DataParallelTransport {
  trainStep(xs: tf.Tensor, ys: tf.Tensor): Promise<{ loss: number }>;
  syncTo(model: tfl.LayersModel): Promise<void>;
  dispose(): Promise<void>;
}

type CreateTransport = (
  model: tfl.LayersModel,
  options: { workers: number; optimizer: tf.Optimizer; loss: 'categoricalCrossentropy'; backend: 'wasm' | 'cpu'; threadsPerWorker: number },
) => Promise<DataParallelTransport>;

/**
 * Steps over worker threads with `createDataParallelTrainer` from `@digitkit/wasm-training/node` (loaded on
 * first use; an `UnsupportedEnvironmentError` says so when it is missing). The replicas start from the model's
 * current weights; `sync` copies the trained weights back (BatchNorm statistics averaged over the workers). The
 * workers' optimizer state cannot be exported, so a resumed parallel run restarts the optimizer's moments, and
 * dropout masks in the workers are tfjs' stock (Math.random) masks, one independent draw per shard.
 */
export async function createParallelStepRunner(
  functionName: string,
  model: tfl.LayersModel,
  optimizer: tf.Optimizer | OptimizerName,
  learningRate: number,
  options: ResolvedParallel,
): Promise<StepRunner> {
  const specifier = '@digitkit/wasm-training/node';
  let create: CreateTransport;
  try {
    create = ((await import(/* @vite-ignore */ specifier)) as { createDataParallelTrainer: CreateTransport }).createDataParallelTrainer;
  } catch (error) {
    throw new UnsupportedEnvironmentError({
      functionName,
      expected: `${specifier} (Node, with @digitkit/wasm-training installed) for the parallel option`,
      found: String((error as Error)?.message ?? error),
      fix: 'npm install @digitkit/wasm-training, or train without parallel',
      cause: error,
    });
  }
  const template = typeof optimizer === 'string' ? createOptimizer(optimizer, learningRate) : optimizer;
  let transport: DataParallelTransport;
  try {
    // The workers rebuild the model from its topology without this package, so its SeededDropout layers travel as
    // tfjs' stock Dropout (no seed): each worker draws its own masks for its shard (independent, never a shared
    // mask), but from Math.random — parallel runs do not replay dropout masks.
    transport = await withStockDropoutTopology(model, () => create(model, { ...options, optimizer: template, loss: 'categoricalCrossentropy' }));
  } finally {
    if (typeof optimizer === 'string') template.dispose();
  }
  return {
    async step(xs, ys) {
      return { loss: (await transport.trainStep(xs, ys)).loss, correct: Number.NaN };
    },
    sync: () => transport.syncTo(model),
    async readOptimizerState() {
      return { weights: null, scalars: null };
    },
    dispose: () => transport.dispose(),
  };
}
