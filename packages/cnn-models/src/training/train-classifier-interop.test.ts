import type { DigitDataset } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, expect, it } from 'vitest';
import { mnistSlice, smallModel, weightValues } from '../__fixtures__/test-data.js';
import { createModel } from '../models/registry.js';
import { evaluateModel } from '../evaluation/evaluate-model.js';
import { predictProbabilities } from '../evaluation/predict-probabilities.js';
import { trainClassifier } from './train-classifier.js';

let train: DigitDataset;
let validation: DigitDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  train = await mnistSlice(0, 128);
  validation = await mnistSlice(500, 64);
});

/** xs [N, 28, 28, 1] in [0, 1] and one-hot ys built here from the bytes, independently of the library. */
function tensorsOf(data: DigitDataset, flat = false, indices = false): { xs: tf.Tensor; ys: tf.Tensor } {
  const pixels = Float32Array.from(data.images, (v) => v / 255);
  const xs = flat ? tf.tensor2d(pixels, [data.count, 784]) : tf.tensor4d(pixels, [data.count, 28, 28, 1]);
  const ys = indices ? tf.tensor1d(Int32Array.from(data.labels), 'int32') : tf.oneHot(tf.tensor1d(Int32Array.from(data.labels), 'int32'), 10);
  return { xs, ys };
}

it('unknown options throw a TypeError naming them, with a did-you-mean (issue 13)', async () => {
  const model = smallModel('cpu', 1);
  await expect(trainClassifier(model, train, { epochz: 5 } as never)).rejects.toThrow(
    /trainClassifier: unknown option options.epochz \(did you mean epochs\?\); known options: .*validationSplit/,
  );
  await expect(trainClassifier(model, train, { callbacks: [] } as never)).rejects.toThrow(/callbacks is not supported; pass onEpochEnd/);
  await expect(trainClassifier(model, train, { earlyStopping: { patiense: 2 } } as never)).rejects.toThrow(
    /unknown option options.earlyStopping.patiense \(did you mean patience\?\)/,
  );
  await expect(trainClassifier(model, train, { verbose: 'yes' } as never)).rejects.toThrow(/expected verbose to be a boolean/);
  await expect(evaluateModel(model, validation, { batchsize: 3 } as never)).rejects.toThrow(/did you mean batchSize/);
  await expect(predictProbabilities(model, validation, { batch: 3 } as never)).rejects.toThrow(/unknown option options.batch/);
  await expect(trainClassifier(model, train, { validationSplit: 1.5 })).rejects.toThrow(/expected validationSplit to be a finite number > 0 and < 1, got 1.5/);
  await expect(trainClassifier(model, train, { validationSplit: 0.2, validationData: validation })).rejects.toThrow(/either validationData or validationSplit/);
  model.dispose();
});

it('validationSplit holds out a seeded fraction; verbose prints Keras-style lines', async () => {
  const model = smallModel('cpu', 2);
  const lines: string[] = [];
  const seen: number[] = [];
  const history = await trainClassifier(model, train, {
    epochs: 2,
    batchSize: 16,
    seed: 3,
    validationSplit: 0.25,
    earlyStopping: { monitor: 'val_loss', patience: 5 },
    verbose: (line) => void lines.push(line),
    onBatchEnd: (b) => void seen.push(b.size),
  });
  // 32 of 128 held out: 96 training examples per epoch, 6 steps of 16.
  expect(seen.slice(0, 6).reduce((a, b) => a + b, 0)).toBe(96);
  expect(seen).toHaveLength(12);
  expect(Number.isInteger(history.epochs[0].valAccuracy! * 32)).toBe(true);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^Epoch 1\/2 - 6\/6 - \d+\.\ds - loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4} - lr: 0\.001$/);
  expect(lines[1]).toContain(`val_loss: ${history.epochs[1].valLoss!.toFixed(4)}`);
  model.dispose();
});

it('a model compiled with SGD trains with SGD when no optimizer option is given', async () => {
  const model = smallModel('cpu', 4);
  model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
  const before = await weightValues(model);
  const { xs, ys } = tensorsOf(train);
  // One step on the first 16 examples (no shuffle): the update must be exactly -0.5 × the gradient of the mean loss.
  const first16 = { xs: tf.slice(xs, [0, 0, 0, 0], [16, -1, -1, -1]), ys: tf.slice(ys, [0, 0], [16, -1]) };
  const expectedGrads = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(first16.ys, tf.log(model.apply(first16.xs) as tf.Tensor)) as tf.Scalar);
  const history = await trainClassifier(model, first16, { epochs: 1, batchSize: 16, shuffle: false });
  expect(history.epochs[0].learningRate).toBe(0.5);
  const after = await weightValues(model);
  const variables = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
  const gradValues = variables.map((name) => expectedGrads.grads[name].dataSync());
  // First kernel: Δw = -0.5 g (per-parameter relative tolerance: float32 summation order differs).
  for (let j = 0; j < after[0].length; j += 97) {
    const expected = before[0][j] - 0.5 * gradValues[0][j];
    expect(Math.abs(after[0][j] - expected)).toBeLessThanOrEqual(1e-5 * Math.max(1e-3, Math.abs(expected)) + 1e-7);
  }
  tf.dispose([xs, ys, first16.xs, first16.ys, expectedGrads.value, ...Object.values(expectedGrads.grads)]);
  model.dispose();
});

it('createModel returns a compiled model (model.evaluate works) whose default optimizer trainClassifier does not reuse', async () => {
  const model = createModel('lenet5', { seed: 1 });
  const { xs, ys } = tensorsOf(validation);
  const result = model.evaluate(xs, ys) as tf.Scalar[];
  expect(result).toHaveLength(2);
  // One step on 8 images (the cpu backend's convolution gradients are slow).
  const history = await trainClassifier(model, { xs: tf.slice(xs, 0, 8), ys: tf.slice(ys, 0, 8) }, { epochs: 1, batchSize: 8, seed: 1 });
  expect(history.epochs[0].learningRate).toBe(1e-3);
  expect(tf.memory().numTensors, 'the trainer created (and disposed) its own Adam').toBeGreaterThan(0);
  tf.dispose([xs, ys, ...result]);
  model.dispose();
});

it('trainClassifier, evaluateModel and predictProbabilities accept { xs, ys } tensors, flat or not, one-hot or class indices', async () => {
  const fromDataset = smallModel('cpu', 5);
  const fromTensors = smallModel('cpu', 5);
  const options = { epochs: 2, batchSize: 32, seed: 9, shuffle: true };
  const trainTensors = tensorsOf(train, true, true);
  const validationTensors = tensorsOf(validation);
  const before = tf.memory().numTensors;
  const a = await trainClassifier(fromDataset, train, { ...options, validationData: validation });
  const b = await trainClassifier(fromTensors, trainTensors, { ...options, validationData: validationTensors });
  expect(tf.memory().numTensors).toBe(before);
  expect(b.epochs.map((e) => [e.loss, e.accuracy, e.valLoss])).toEqual(a.epochs.map((e) => [e.loss, e.accuracy, e.valLoss]));
  const evaluation = await evaluateModel(fromTensors, validationTensors);
  expect(evaluation.accuracy).toBe(b.epochs[1].valAccuracy);
  const probabilities = await predictProbabilities(fromTensors, validationTensors.xs);
  expect(Array.from(probabilities)).toEqual(Array.from(await predictProbabilities(fromTensors, { xs: tf.reshape(validationTensors.xs, [64, 784]) })));
  expect(Array.from(probabilities)).toEqual(Array.from(await predictProbabilities(fromDataset, validation)).map((_, i) => probabilities[i]));
  tf.dispose([trainTensors.xs, trainTensors.ys, validationTensors.xs, validationTensors.ys]);
  [fromDataset, fromTensors].forEach((m) => m.dispose());
});
