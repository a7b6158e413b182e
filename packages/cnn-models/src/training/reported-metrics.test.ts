import type { DigitDataset } from '@digitkit/core';
import { describeBackends } from '@digitkit/test-utils';
import { enableWasmTraining } from '@digitkit/wasm-training';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { mnistSlice, smallModel, weightValues } from '../__fixtures__/test-data.js';
import { trainClassifier } from './train-classifier.js';

let train: DigitDataset;
let validation: DigitDataset;

beforeAll(async () => {
  train = await mnistSlice(0, 256);
  validation = await mnistSlice(2000, 200);
});

/**
 * Mean cross-entropy and accuracy of the model's current weights on a data set, recomputed here independently
 * of the trainer: one forward pass per 50 examples with plain tf ops, then float64 arithmetic in JS
 * (`-log(max(p_true, 1e-7))`, arg-max with the first maximum).
 */
async function recompute(model: import('@tensorflow/tfjs-layers').LayersModel, data: DigitDataset): Promise<{ loss: number; accuracy: number }> {
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < data.count; start += 50) {
    const n = Math.min(50, data.count - start);
    const xs = tf.tensor4d(Float32Array.from(data.images.subarray(start * 784, (start + n) * 784), (v) => v / 255), [n, 28, 28, 1]);
    const probabilities = model.predict(xs) as tf.Tensor;
    const p = await probabilities.data();
    tf.dispose([xs, probabilities]);
    for (let i = 0; i < n; i++) {
      const label = data.labels[start + i];
      lossSum += -Math.log(Math.min(Math.max(p[i * 10 + label], 1e-7), 1 - 1e-7));
      let best = 0;
      for (let c = 1; c < 10; c++) if (p[i * 10 + c] > p[i * 10 + best]) best = c;
      if (best === label) correct += 1;
    }
  }
  return { loss: lossSum / data.count, accuracy: correct / data.count };
}

describeBackends('reported epoch metrics against an independent recomputation (issue 19)', (backend) => {
  beforeAll(() => {
    if (backend === 'wasm') enableWasmTraining();
  });

  it('valLoss / valAccuracy of every epoch equal a recomputation on the weights the epoch ended with', async () => {
    const model = smallModel(backend, 3);
    const recomputed: Array<{ loss: number; accuracy: number }> = [];
    const history = await trainClassifier(model, train, {
      epochs: 3,
      batchSize: 32,
      seed: 3,
      validationData: validation,
      validationBatchSize: 64,
      onEpochEnd: async () => void recomputed.push(await recompute(model, validation)),
    });
    history.epochs.forEach((e, i) => {
      expect(Math.abs(e.valLoss! - recomputed[i].loss) / recomputed[i].loss, `valLoss of epoch ${e.epoch}`).toBeLessThan(1e-5);
      expect(e.valAccuracy, `valAccuracy of epoch ${e.epoch}`).toBe(recomputed[i].accuracy);
    });
    // Training must have moved the numbers, or the comparison above proves little.
    expect(history.epochs[2].valLoss!).toBeLessThan(history.epochs[0].valLoss! * 0.9);
    model.dispose();
  });

  it('loss / accuracy of an epoch equal the mean over its examples (weights held fixed by a 1e-30 learning rate)', async () => {
    const model = smallModel(backend, 4);
    const expected = await recompute(model, train);
    // SGD at 1e-30 leaves every weight of magnitude > 1e-21 bit-identical, so every batch sees the same weights and
    // the epoch's mean batch loss must be the data set's mean loss, whatever the shuffle and batch sizes (256 = 4×60 + 16).
    const history = await trainClassifier(model, train, { epochs: 1, batchSize: 60, seed: 5, optimizer: 'sgd', learningRate: 1e-30 });
    const [epoch] = history.epochs;
    expect(Math.abs(epoch.loss - expected.loss) / expected.loss).toBeLessThan(1e-5);
    expect(epoch.accuracy).toBe(expected.accuracy);
    model.dispose();
  });
});

it('restoreBestWeights: a schedule that makes the last epochs worse forces an early best epoch, whose weights come back', async () => {
  await tf.setBackend('cpu');
  const model = smallModel('cpu', 2);
  const snapshots: Float32Array[][] = [];
  let lastEpochWeights: Float32Array[] = [];
  // Cosine with a 3-epoch warm-up to a learning rate too high for SGD (2): epoch 1 (small rates) improves the
  // validation loss, the later epochs (huge rates) ruin it. The best epoch is therefore before the last.
  const history = await trainClassifier(model, train, {
    epochs: 4,
    batchSize: 32,
    seed: 2,
    optimizer: 'sgd',
    learningRate: 2,
    schedule: { type: 'cosine', warmupEpochs: 3 },
    validationData: validation,
    earlyStopping: { monitor: 'val_loss', patience: 10, restoreBestWeights: true },
    onEpochEnd: async () => void snapshots.push(await weightValues(model)),
    // The last epoch's own weights, before the restore at the end of training.
    onBatchEnd: async (b) => {
      if (b.epoch === 4 && b.batch === b.batches - 1) lastEpochWeights = await weightValues(model);
    },
  });
  const losses = history.epochs.map((e) => (Number.isNaN(e.valLoss!) ? Infinity : e.valLoss!));
  const best = losses.indexOf(Math.min(...losses)) + 1;
  expect(history.bestEpoch).toBe(best);
  expect(best, `validation losses ${losses.join(', ')}`).toBeLessThan(4);
  const final = await weightValues(model);
  final.forEach((values, i) => expect(Array.from(values)).toEqual(Array.from(snapshots[best - 1][i])));
  expect(final.some((values, i) => values.some((v, j) => !Object.is(v, lastEpochWeights[i][j]))), 'the last epoch differs').toBe(true);
  expect((await recompute(model, validation)).loss).toBeCloseTo(history.epochs[best - 1].valLoss!, 5);
  model.dispose();
});
