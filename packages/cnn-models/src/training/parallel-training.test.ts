import type { DigitDataset } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, expect, it } from 'vitest';
import { mnistSlice, smallModel, weightValues } from '../__fixtures__/test-data.js';
import { withStockDropoutTopology } from '../models/seeded-dropout.js';
import { createMemoryCheckpointStore } from './checkpoint-store.js';
import { trainClassifier } from './train-classifier.js';

let train: DigitDataset;
let validation: DigitDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  train = await mnistSlice(0, 256);
  validation = await mnistSlice(1000, 64);
});

it('parallel: { workers: 2 } trains the same model as one thread, up to float32 summation order (issue 11)', async () => {
  // A dense net without dropout or BatchNorm: the two replicas' summed shard gradients equal the full-batch
  // gradient mathematically, so the weights after 2 epochs agree per parameter to float32 rounding.
  const options = { epochs: 2, batchSize: 32, seed: 4, optimizer: 'sgd' as const, learningRate: 0.1, validationData: validation };
  const single = smallModel('cpu', 8);
  const parallel = smallModel('cpu', 8);
  const a = await trainClassifier(single, train, options);
  const store = createMemoryCheckpointStore();
  const b = await trainClassifier(parallel, train, { ...options, parallel: { workers: 2, backend: 'cpu' }, checkpoint: store });
  expect(b.epochs).toHaveLength(2);
  b.epochs.forEach((e, i) => {
    expect(Math.abs(e.loss - a.epochs[i].loss) / a.epochs[i].loss).toBeLessThan(1e-4);
    expect(e.accuracy).toBeNaN(); // the workers report the loss only
    expect(Math.abs(e.valLoss! - a.epochs[i].valLoss!) / a.epochs[i].valLoss!).toBeLessThan(1e-4);
  });
  const expected = await weightValues(single);
  (await weightValues(parallel)).forEach((values, i) => {
    // Per-parameter relative tolerance (absolute floor for parameters near 0).
    for (let j = 0; j < values.length; j++) {
      expect(Math.abs(values[j] - expected[i][j]), `weight ${i}[${j}]`).toBeLessThanOrEqual(1e-4 * Math.abs(expected[i][j]) + 1e-6);
    }
  });
  expect((await store.load())?.epochsCompleted).toBe(2);
  [single, parallel].forEach((m) => m.dispose());
});

it('parallel refuses what its transport cannot do, before starting a thread', async () => {
  const model = smallModel('cpu', 1);
  await expect(trainClassifier(model, train, { parallel: { workers: 2 }, schedule: 'cosine' })).rejects.toThrow(/parallel training keeps the learning rate fixed/);
  await expect(trainClassifier(model, train, { parallel: { workerz: 2 } as never })).rejects.toThrow(/unknown option options.parallel.workerz \(did you mean workers\?\)/);
  await expect(trainClassifier(model, train, { parallel: { workers: 0 } })).rejects.toThrow(/expected parallel.workers to be an integer ≥ 1/);
  model.dispose();
});

it('parallel with a dropout model: the workers get stock Dropout without a seed (independent masks per shard), the model keeps SeededDropout', async () => {
  const model = smallModel('cpu', 2, { dropout: 0.5 });
  const history = await trainClassifier(model, train, { epochs: 1, batchSize: 32, seed: 1, parallel: { workers: 2, backend: 'cpu' } });
  expect(Number.isFinite(history.epochs[0].loss)).toBe(true);
  expect(JSON.stringify(model.toJSON(null, false))).toContain('"class_name":"SeededDropout"');
  // what the workers rebuild: a seedless stock Dropout, so two replicas never share a mask
  const topology = await withStockDropoutTopology(model, async () => model.toJSON(null, false) as object);
  expect(JSON.stringify(topology)).toContain('"class_name":"Dropout"');
  const layerConfigs = (topology as { config: { layers: Array<{ class_name: string; config: Record<string, unknown> }> } }).config.layers;
  const dropoutConfig = layerConfigs.find((l) => l.class_name === 'Dropout')!.config;
  expect(dropoutConfig.rate).toBe(0.5);
  expect(dropoutConfig.seed).toBeUndefined();
  const replicas = await Promise.all([0, 1].map(() => tfl.models.modelFromJSON({ modelTopology: topology } as never)));
  const x = tf.ones([8, 32]);
  const masks = await Promise.all(
    replicas.map(async (replica) => {
      const layer = replica.layers.find((l) => l.getClassName() === 'Dropout')!;
      const y = layer.apply(x, { training: true }) as tf.Tensor;
      const v = Array.from(await y.data());
      y.dispose();
      return v;
    }),
  );
  expect(masks[0]).not.toEqual(masks[1]);
  x.dispose();
  [model, ...replicas].forEach((m) => m.dispose());
}, 120_000);
