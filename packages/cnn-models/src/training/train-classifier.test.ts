import { enableWasmTraining } from '@digitkit/wasm-training';
import { describeBackends } from '@digitkit/test-utils';
import type { DigitDataset } from '@digitkit/mnist-data';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { maxAbsDifference, mnistSlice, smallModel, weightValues } from '../__fixtures__/test-data.js';
import { createMemoryCheckpointStore } from './checkpoint-store.js';
import { learningRateAt } from './learning-rate-schedule.js';
import { trainClassifier, type BatchLog } from './train-classifier.js';

let train: DigitDataset;
let validation: DigitDataset;

beforeAll(async () => {
  train = await mnistSlice(0, 256);
  validation = await mnistSlice(256, 128);
});

describeBackends('trainClassifier', (backend) => {
  beforeAll(() => {
    if (backend === 'wasm') enableWasmTraining();
  });

  it('an aborted run resumes from its checkpoint and ends where an uninterrupted run ends', async () => {
    const options = { epochs: 3, batchSize: 32, seed: 11, validationData: validation };
    const reference = smallModel(backend, 3);
    const referenceHistory = await trainClassifier(reference, train, options);

    const store = createMemoryCheckpointStore();
    const interrupted = smallModel(backend, 3);
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    await expect(
      trainClassifier(interrupted, train, {
        ...options,
        checkpoint: store,
        signal: controller.signal,
        onBatchEnd: ({ epoch, batch }) => {
          if (epoch === 2 && batch === 3) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors, 'no tensors left behind by the aborted run').toBe(before);
    expect((await store.load())?.epochsCompleted).toBe(1);

    // A fresh process would build a differently initialized model: the checkpoint must overwrite it.
    const resumed = smallModel(backend, 99);
    const batches: BatchLog[] = [];
    const history = await trainClassifier(resumed, train, { ...options, checkpoint: store, onBatchEnd: (b) => void batches.push(b) });
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(batches[0]).toMatchObject({ epoch: 2, batch: 0, step: 8 });
    // Deterministic models (no dropout): the resumed run is the uninterrupted one, bit for bit (issue 12).
    for (let i = 0; i < 3; i++) {
      expect(history.epochs[i].loss).toBe(referenceHistory.epochs[i].loss);
      expect(history.epochs[i].valLoss!).toBe(referenceHistory.epochs[i].valLoss!);
    }
    const expected = await weightValues(reference);
    (await weightValues(resumed)).forEach((values, i) => expect(Array.from(values), `weight ${i}`).toEqual(Array.from(expected[i])));
    expect((await store.load())?.finished).toBe(true);
    // Resuming a finished run returns its history without training.
    let steps = 0;
    const again = await trainClassifier(smallModel(backend, 5), train, { ...options, checkpoint: store, onBatchEnd: () => void steps++ });
    expect(steps).toBe(0);
    expect(again.epochs).toHaveLength(3);
    [reference, interrupted, resumed].forEach((m) => m.dispose());
  });

  it('keeps tf.memory().numTensors flat across epochs and releases everything at the end', async () => {
    const model = smallModel(backend, 1);
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    await trainClassifier(model, train, {
      epochs: 3,
      batchSize: 64,
      seed: 1,
      validationData: validation,
      augment: { rotationDegrees: 10, shift: 2 },
      earlyStopping: { patience: 5, restoreBestWeights: true },
      checkpoint: createMemoryCheckpointStore(),
      onEpochEnd: () => void counts.push(tf.memory().numTensors),
    });
    expect(new Set(counts.slice(1)).size, `tensor counts per epoch ${counts.join(', ')}`).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  // restoreBestWeights: see reported-metrics.test.ts (a schedule forces an early best epoch, so the test can fail).

  it('early stopping stops training and reports it', async () => {
    const model = smallModel(backend, 4);
    // training loss falls, so with mode 'max' and patience 0 epoch 2 is not an improvement → stop after 2
    const history = await trainClassifier(model, train, {
      epochs: 5,
      batchSize: 32,
      seed: 4,
      earlyStopping: { monitor: 'loss', mode: 'max' },
    });
    expect(history.epochs.length).toBe(2);
    expect(history.stoppedEarly).toBe(true);
    expect(history.bestEpoch).toBe(1);
    model.dispose();
  });

  it('applies the schedule every step and LR-on-plateau between epochs', async () => {
    const model = smallModel(backend, 6);
    const logs: BatchLog[] = [];
    await trainClassifier(model, train, {
      epochs: 2,
      batchSize: 64,
      seed: 6,
      learningRate: 0.01,
      schedule: 'one-cycle',
      onBatchEnd: (b) => void logs.push(b),
    });
    expect(logs).toHaveLength(8);
    logs.forEach((b, step) => {
      expect(b.step).toBe(step);
      expect(b.learningRate).toBe(learningRateAt('one-cycle', { learningRate: 0.01, step, stepsPerEpoch: 4, totalSteps: 8 }));
    });
    const plateau = await trainClassifier(model, train, {
      epochs: 3,
      batchSize: 64,
      seed: 6,
      learningRate: 0.01,
      reduceLrOnPlateau: { monitor: 'loss', mode: 'max', patience: 0, factor: 0.5 },
    });
    // Keras semantics: epoch 1 sets the best value; epoch 2 (lower loss = no improvement in mode 'max') reduces
    // the rate for epoch 3.
    expect(plateau.epochs.map((e) => e.learningRate)).toEqual([0.01, 0.01, 0.005]);
    model.dispose();
  });

  it('history fields are consistent', async () => {
    const model = smallModel(backend, 7);
    const history = await trainClassifier(model, train, { epochs: 1, batchSize: 50, validationData: validation });
    const [e] = history.epochs;
    expect(e.epoch).toBe(1);
    expect(e.accuracy).toBeGreaterThanOrEqual(0);
    expect(e.accuracy).toBeLessThanOrEqual(1);
    expect(Number.isInteger(e.accuracy * 256)).toBe(true);
    expect(Number.isInteger(e.valAccuracy! * 128)).toBe(true);
    expect(e.learningRate).toBe(1e-3);
    expect(e.seconds).toBeGreaterThan(0);
    expect(e.imagesPerSecond).toBeGreaterThan(0);
    expect(history.bestEpoch).toBe(1);
    model.dispose();
  });
});

it('bad options throw before any training step', async () => {
  const model = smallModel('cpu', 1);
  const before = await weightValues(model);
  const tensors = tf.memory().numTensors;
  let steps = 0;
  const onBatchEnd = (): void => void steps++;
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ epochs: 0 }, /trainClassifier: expected epochs to be an integer ≥ 1, got 0/],
    [{ batchSize: 2.5 }, /trainClassifier: expected batchSize to be an integer ≥ 1, got 2.5/],
    [{ optimizer: 'adamw' }, /trainClassifier: expected optimizer to be one of 'adam'/],
    [{ learningRate: -1 }, /trainClassifier: expected learningRate to be a finite number > 0, got -1/],
    [{ schedule: 'linear' }, /trainClassifier: expected schedule type/],
    [{ earlyStopping: {} }, /trainClassifier: earlyStopping monitors 'valLoss' but no validationData or validationSplit was given/],
    [{ earlyStopping: { patience: -2 }, validationData: validation }, /earlyStopping.patience/],
    [{ reduceLrOnPlateau: { factor: 2 }, validationData: validation }, /reduceLrOnPlateau.factor in \(0, 1\)/],
    [{ schedule: 'cosine', reduceLrOnPlateau: true, validationData: validation }, /cannot be combined/],
    [{ augment: { rotationDegrees: Number.NaN } }, /trainClassifier: augment: /],
    [{ augment: { seed: 3 } }, /augment.seed is derived from the seed option/],
    [{ checkpoint: {} }, /expected checkpoint to be a CheckpointStore/],
    [{ checkpointDir: '/tmp/x' }, /checkpointDir needs the file system; import trainClassifier from '@digitkit\/cnn-models\/node'/],
    [{ seed: 'x' }, /expected seed to be a finite number/],
    [{ signal: {} }, /expected signal to be an AbortSignal/],
    [{ onEpochEnd: 3 }, /expected onEpochEnd to be a function/],
    [{ validationData: { ...validation, rows: 14, images: validation.images.subarray(0, 128 * 14 * 28) } }, /expected validationData with 28x28 images/],
    [{ validationData: { ...validation, labels: validation.labels.slice(0, 3) } }, /trainClassifier: expected validationData.labels to have 128 entries \(validationData.count\), got 3/],
  ];
  for (const [options, message] of cases) {
    await expect(trainClassifier(model, train, { ...options, onBatchEnd } as never), JSON.stringify(Object.keys(options))).rejects.toThrow(message);
  }
  await expect(trainClassifier(model, { ...train, numClasses: 12 }, {})).rejects.toThrow(
    /trainClassifier: expected a model output of shape \[null, 12\], got \[null,10\]/,
  );
  await expect(trainClassifier({} as never, train, {})).rejects.toThrow(/trainClassifier: expected a tf.LayersModel/);
  const aborted = new AbortController();
  aborted.abort();
  await expect(trainClassifier(model, train, { signal: aborted.signal, onBatchEnd })).rejects.toMatchObject({ name: 'AbortError' });
  expect(steps).toBe(0);
  expect(maxAbsDifference(await weightValues(model), before)).toBe(0);
  expect(tf.memory().numTensors).toBe(tensors);
  model.dispose();
});

it('a checkpoint from another setup is refused before training', async () => {
  const store = createMemoryCheckpointStore();
  const model = smallModel('cpu', 1);
  await trainClassifier(model, train, { epochs: 1, batchSize: 64, seed: 1, checkpoint: store });
  await expect(trainClassifier(model, train, { epochs: 2, batchSize: 32, seed: 1, checkpoint: store })).rejects.toThrow(
    /trainClassifier: the checkpoint does not match: expected batchSize 32, got batchSize 64 in the checkpoint; pass resume: false/,
  );
  await expect(trainClassifier(model, train, { epochs: 2, batchSize: 64, seed: 2, checkpoint: store })).rejects.toThrow(/expected seed 2, got seed 1 in the checkpoint/);
  const other = smallModel('wasm', 1);
  await expect(trainClassifier(other, train, { epochs: 2, batchSize: 64, checkpoint: store })).rejects.toThrow(/weight tensors/);
  const fresh = await trainClassifier(model, train, { epochs: 1, batchSize: 32, seed: 1, checkpoint: store, resume: false });
  expect(fresh.epochs).toHaveLength(1);
  [model, other].forEach((m) => m.dispose());
});
