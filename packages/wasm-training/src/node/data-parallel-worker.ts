/**
 * Worker thread of the data-parallel trainer: holds one replica of the model, computes the gradient of its shard
 * of each global batch into its slot of a SharedArrayBuffer, waits at a barrier (Atomics) for the other workers,
 * then sums all slots (in worker order, so every replica gets bit-identical sums) and applies the same optimizer
 * update as every other replica.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AbortedError, UnsupportedEnvironmentError } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { metrics, models } from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { enableWasmTraining } from '../index.js';
import { enableWasmThreads } from './enable-wasm-threads.js';
import { CONTROL, shardRange } from './data-parallel-protocol.js';
import type { DataParallelLoss, MainToWorker, SharedBuffers, WorkerSetup, WorkerToMain } from './data-parallel-protocol.js';

const port = parentPort;
if (port === null) {
  throw new UnsupportedEnvironmentError({ functionName: 'data-parallel-worker', expected: 'a worker thread', found: 'the main thread' });
}
const setup = workerData as WorkerSetup;
const control = new Int32Array(setup.control);

/** Waits until every worker has arrived; throws when the trainer aborted (another worker failed). */
function barrier(): void {
  const generation = Atomics.load(control, CONTROL.generation);
  if (Atomics.add(control, CONTROL.arrived, 1) === setup.workers - 1) {
    Atomics.store(control, CONTROL.arrived, 0);
    Atomics.add(control, CONTROL.generation, 1);
    Atomics.notify(control, CONTROL.generation);
    return;
  }
  while (Atomics.load(control, CONTROL.generation) === generation) {
    if (Atomics.load(control, CONTROL.aborted) !== 0) {
      throw new AbortedError({ functionName: 'data-parallel-worker', completed: 'its gradient (another worker failed)' });
    }
    Atomics.wait(control, CONTROL.generation, generation, 1000);
  }
}

function post(message: WorkerToMain): void {
  port!.postMessage(message);
}

function perSampleLoss(loss: DataParallelLoss, targets: tf.Tensor, predictions: tf.Tensor): tf.Tensor {
  switch (loss) {
    case 'categoricalCrossentropy':
      return metrics.categoricalCrossentropy(targets, predictions);
    case 'sparseCategoricalCrossentropy': {
      const classes = predictions.shape[predictions.shape.length - 1]!;
      return metrics.categoricalCrossentropy(tf.oneHot(tf.cast(tf.reshape(targets, [-1]), 'int32'), classes), predictions);
    }
    case 'binaryCrossentropy':
      return metrics.binaryCrossentropy(targets, predictions);
    case 'meanSquaredError':
      return metrics.meanSquaredError(targets, predictions);
  }
}

async function initBackend(): Promise<void> {
  if (setup.backend === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
  } else {
    await import('@tensorflow/tfjs-backend-wasm');
    if (setup.threadsPerWorker > 1) enableWasmThreads({ threads: setup.threadsPerWorker });
    enableWasmTraining(setup.wasmTraining);
  }
  if (!(await tf.setBackend(setup.backend))) {
    throw new UnsupportedEnvironmentError({
      functionName: 'data-parallel-worker',
      expected: `the '${setup.backend}' backend to initialise`,
      found: 'tf.setBackend resolving to false',
    });
  }
}

async function main(): Promise<void> {
  await initBackend();
  const model = (await models.modelFromJSON({ modelTopology: JSON.parse(setup.topology) })) as LayersModel;
  model.setWeights(setup.weights.map((values, i) => tf.tensor(values, model.weights[i]!.shape as number[], 'float32')));
  const [optimizerClass, optimizerFromConfig] =
    tf.serialization.SerializationMap.getMap().classNameMap[setup.optimizer.className] ?? [];
  if (optimizerClass === undefined || optimizerFromConfig === undefined) {
    throw new UnsupportedEnvironmentError({
      functionName: 'data-parallel-worker',
      expected: 'an optimizer class registered with tf.serialization',
      found: setup.optimizer.className,
    });
  }
  const optimizer = optimizerFromConfig(optimizerClass, setup.optimizer.config as tf.serialization.ConfigDict) as tf.Optimizer;

  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const sizes = variables.map((variable) => variable.size);
  const offsets: number[] = [];
  let parameterCount = 0;
  for (const size of sizes) {
    offsets.push(parameterCount);
    parameterCount += size;
  }
  const inputShape = model.inputs[0]!.shape.slice(1) as number[];
  let buffers: SharedBuffers = setup.buffers;
  let batchSize = 0;
  const sum = new Float32Array(parameterCount);

  function compute(globalBatch: number): number {
    batchSize = globalBatch;
    const [start, end] = shardRange(globalBatch, setup.index, setup.workers);
    const slot = new Float32Array(buffers.gradients, setup.index * parameterCount * 4, parameterCount);
    if (end === start) {
      slot.fill(0);
      return 0;
    }
    const count = end - start;
    const inputs = new Float32Array(buffers.inputs, start * setup.inputSize * 4, count * setup.inputSize);
    const targets = new Float32Array(buffers.targets, start * setup.targetSize * 4, count * setup.targetSize);
    return tf.tidy(() => {
      const x = tf.tensor(inputs, [count, ...inputShape], 'float32');
      const y = tf.tensor(targets, [count, setup.targetSize], 'float32');
      // Sum of per-sample losses over the shard divided by the GLOBAL batch size: the shards' gradients then add
      // up to the gradient of the global batch's mean loss.
      const { value, grads } = tf.variableGrads(() => {
        const predictions = model.apply(x, { training: true }) as tf.Tensor;
        return tf.div(tf.sum(perSampleLoss(setup.loss, y, predictions)), globalBatch) as tf.Scalar;
      }, variables);
      variables.forEach((variable, i) => {
        const gradient = grads[variable.name];
        if (gradient === undefined) slot.fill(0, offsets[i]!, offsets[i]! + sizes[i]!);
        else slot.set(gradient.dataSync() as Float32Array, offsets[i]!);
      });
      return value.dataSync()[0]! * globalBatch;
    });
  }

  function apply(): void {
    if (batchSize === 0) return;
    const all = new Float32Array(buffers.gradients, 0, setup.workers * parameterCount);
    sum.set(all.subarray(0, parameterCount));
    for (let w = 1; w < setup.workers; w++) {
      const base = w * parameterCount;
      for (let j = 0; j < parameterCount; j++) sum[j]! += all[base + j]!;
    }
    tf.tidy(() => {
      const named: tf.NamedTensorMap = {};
      variables.forEach((variable, i) => {
        named[variable.name] = tf.tensor(sum.subarray(offsets[i]!, offsets[i]! + sizes[i]!), variable.shape, 'float32');
      });
      optimizer.applyGradients(named);
    });
  }

  port!.on('message', (message: MainToWorker) => {
    try {
      switch (message.type) {
        case 'step': {
          const lossSum = compute(message.batchSize);
          barrier();
          apply();
          post({ type: 'stepped', lossSum });
          break;
        }
        case 'buffers':
          buffers = message.buffers;
          post({ type: 'buffers' });
          break;
        case 'weights':
          post({ type: 'weights', weights: model.weights.map((weight) => weight.read().dataSync() as Float32Array) });
          break;
      }
    } catch (error) {
      post({ type: 'error', message: String((error as Error)?.message ?? error), stack: (error as Error)?.stack });
    }
  });
  post({ type: 'ready', parameterCount });
}

main().catch((error: unknown) => {
  post({ type: 'error', message: String((error as Error)?.message ?? error), stack: (error as Error)?.stack });
});
