import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enableWasmTraining } from '../index.js';
import { WorkerError } from '@digitkit/core';
import { createDataParallelTrainer, liveDataParallelWorkers } from './data-parallel-trainer.js';
import type { DataParallelTrainer } from './data-parallel-trainer.js';

const H = 8;
const CLASSES = 5;

/** A small CNN without dropout or BatchNorm, so data-parallel and single-replica steps are mathematically equal. */
function smallCnn(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [H, H, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 8, activation: 'tanh' }),
      tfl.layers.dense({ units: CLASSES, activation: 'softmax' }),
    ],
  });
}

/** Deterministic inputs and one-hot targets for step `step`. */
function batch(step: number, size: number): { xs: tf.Tensor; ys: tf.Tensor } {
  const xs = tf.tensor4d(
    Float32Array.from({ length: size * H * H }, (_, i) => Math.sin(i * 0.37 + step * 1.3)),
    [size, H, H, 1],
  );
  const labels = Int32Array.from({ length: size }, (_, i) => (i * 3 + step) % CLASSES);
  return { xs, ys: tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES), 'float32') };
}

/** Independent reference: plain single-replica training on the whole global batch with `optimizer.minimize`. */
function trainSingle(model: tfl.LayersModel, optimizer: tf.Optimizer, steps: number, size: number): Float32Array[] {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  for (let step = 0; step < steps; step++) {
    const { xs, ys } = batch(step, size);
    optimizer.minimize(
      () => tf.mean(tfl.metrics.categoricalCrossentropy(ys, model.apply(xs, { training: true }) as tf.Tensor)) as tf.Scalar,
      false,
      variables,
    );
    tf.dispose([xs, ys]);
  }
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

function maxAbsDifference(a: Float32Array[], b: Float32Array[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((values, i) => {
    expect(values.length).toBe(b[i]!.length);
    for (let j = 0; j < values.length; j++) worst = Math.max(worst, Math.abs(values[j]! - b[i]![j]!));
  });
  return worst;
}

/**
 * Largest per-parameter relative difference `|a − b| / (|b| + floor)`: a small parameter (a bias, a BatchNorm β)
 * is held to its own scale instead of the largest weight's. `floor` keeps parameters at ~0 from dividing by 0.
 */
function maxRelativeDifference(a: Float32Array[], b: Float32Array[], floor = 1e-3): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((values, i) => {
    expect(values.length).toBe(b[i]!.length);
    for (let j = 0; j < values.length; j++) worst = Math.max(worst, Math.abs(values[j]! - b[i]![j]!) / (Math.abs(b[i]![j]!) + floor));
  });
  return worst;
}

let trainer: DataParallelTrainer | undefined;
beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterEach(async () => {
  await trainer?.dispose();
  trainer = undefined;
});

describe('createDataParallelTrainer', () => {
  it('rejects bad arguments before starting any thread', async () => {
    const model = smallCnn();
    await expect(createDataParallelTrainer(model, { workers: 0, loss: 'categoricalCrossentropy', optimizer: tf.train.sgd(0.1) })).rejects.toThrow(RangeError);
    await expect(createDataParallelTrainer(model, { workers: 2, optimizer: tf.train.sgd(0.1) })).rejects.toThrow(/options\.loss/);
    await expect(createDataParallelTrainer(model, { workers: 2, loss: 'categoricalCrossentropy' })).rejects.toThrow(/optimizer/);
    model.dispose();
  });

  it('a worker that cannot build the model rejects with a WorkerError naming it; every worker ends', async () => {
    // A custom layer registered on the main thread only: the workers' deserialization cannot know it — the fault
    // a user with their own layer class meets.
    class MainThreadOnlyScale extends tfl.layers.Layer {
      static className = 'DigitkitMainThreadOnlyScale';
      override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
        return tf.mul(Array.isArray(inputs) ? inputs[0]! : inputs, 2);
      }
    }
    tf.serialization.registerClass(MainThreadOnlyScale);
    const model = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [H, H, 1] }),
        new MainThreadOnlyScale({}),
        tfl.layers.dense({ units: CLASSES, activation: 'softmax' }),
      ],
    });
    const before = liveDataParallelWorkers();
    const error: unknown = await createDataParallelTrainer(model, {
      workers: 2,
      backend: 'cpu',
      optimizer: tf.train.sgd(0.1),
      loss: 'categoricalCrossentropy',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerError);
    const failure = error as WorkerError;
    expect(failure.name).toBe('WorkerError');
    expect(failure.functionName).toBe('createDataParallelTrainer');
    expect([0, 1]).toContain(failure.worker);
    expect(failure.expected).toBe('its ready message');
    expect(failure.message).toMatch(
      /^createDataParallelTrainer: worker thread [01]: expected its ready message, got an error: .*DigitkitMainThreadOnlyScale/,
    );
    expect(failure.cause).toBeInstanceOf(Error);
    for (let polls = 0; liveDataParallelWorkers() > before && polls < 200; polls++) await new Promise((r) => setTimeout(r, 10));
    expect(liveDataParallelWorkers()).toBe(before);
    model.dispose();
  });

  // Workers run the wasm backend with this package's kernels; the reference runs on the main thread on the same
  // backend and kernels, so only the float32 summation order differs.
  for (const { name, make, workers, size, tolerance } of [
    { name: 'SGD, 2 workers, even shards', make: () => tf.train.sgd(0.2), workers: 2, size: 12, tolerance: 1e-5 },
    { name: 'Adam, 3 workers, uneven shards', make: () => tf.train.adam(0.01), workers: 3, size: 10, tolerance: 1e-4 },
  ]) {
    it(`matches single-replica training on the same global batches (${name})`, async () => {
      await tf.setBackend('wasm');
      enableWasmTraining();
      const steps = 3;
      const model = smallCnn();
      const reference = smallCnn();
      reference.setWeights(model.getWeights());
      trainer = await createDataParallelTrainer(model, {
        workers,
        optimizer: make(),
        loss: 'categoricalCrossentropy',
        maxBatchSize: 4, // forces the shared buffers to grow on the first step
      });
      expect(trainer.parameterCount).toBe(4 * 9 + 4 + 36 * 8 + 8 + 8 * CLASSES + CLASSES);
      const losses: number[] = [];
      for (let step = 0; step < steps; step++) {
        const { xs, ys } = batch(step, size);
        losses.push((await trainer.trainStep(xs, ys)).loss);
        tf.dispose([xs, ys]);
      }
      const parallel = await trainer.getWeights();
      const initial = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
      const single = trainSingle(reference, make(), steps, size);

      expect(maxRelativeDifference(parallel, single)).toBeLessThanOrEqual(tolerance);
      // The training moved the weights far more than the tolerance, so the comparison is meaningful.
      expect(maxAbsDifference(parallel, initial)).toBeGreaterThan(100 * tolerance);
      // First-step loss: mean cross-entropy of the untouched model, computed directly.
      const { xs, ys } = batch(0, size);
      const firstLoss = tf.tidy(() => tf.mean(tfl.metrics.categoricalCrossentropy(ys, model.predict(xs) as tf.Tensor)).dataSync()[0]!);
      expect(losses[0]).toBeCloseTo(firstLoss, 5);

      await trainer.syncTo(model);
      expect(maxRelativeDifference(model.getWeights().map((w) => w.dataSync() as Float32Array), single)).toBeLessThanOrEqual(tolerance);
      tf.dispose([xs, ys]);
      model.dispose();
      reference.dispose();
    });
  }

  it('averages BatchNorm moving means over workers (equal shards: the global batch mean)', async () => {
    await tf.setBackend('cpu');
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [6], units: 3, useBias: false, kernelInitializer: 'ones' }),
        tfl.layers.batchNormalization({ momentum: 0.9 }),
        tfl.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    trainer = await createDataParallelTrainer(model, {
      workers: 2,
      backend: 'cpu',
      optimizer: tf.train.sgd(0),
      loss: 'sparseCategoricalCrossentropy',
    });
    const rows = 8;
    const data = Float32Array.from({ length: rows * 6 }, (_, i) => ((i * 7) % 11) - 3);
    const xs = tf.tensor2d(data, [rows, 6]);
    const ys = tf.tensor1d(Float32Array.from({ length: rows }, (_, i) => i % 2));
    await trainer.trainStep(xs, ys);
    const weights = await trainer.getWeights();
    // With all-ones kernels every unit outputs the row sum; learning rate 0 leaves the kernel unchanged.
    let mean = 0;
    for (let r = 0; r < rows; r++) for (let c = 0; c < 6; c++) mean += data[r * 6 + c]! / rows;
    const movingMean = weights[model.weights.findIndex((w) => w.name.endsWith('moving_mean'))]!;
    expect(mean).not.toBeCloseTo(0, 1);
    for (const value of movingMean) expect(value).toBeCloseTo(0.1 * mean, 5);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
