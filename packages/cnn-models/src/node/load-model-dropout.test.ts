import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { IntegrityError } from '@digitkit/core';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mnistSlice, smallModel } from '../__fixtures__/test-data.js';
import { predictProbabilities } from '../evaluation/predict-probabilities.js';
import { createModel } from '../models/registry.js';
import { SeededDropout, seededDropoutLayers } from '../models/seeded-dropout.js';
import { trainClassifier } from '../training/train-classifier.js';
import { loadModel } from './load-model.js';
import { saveModel } from './save-model.js';

let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'cnn-models-dropout-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

it('saveModel → loadModel keeps SeededDropout (rate, seed) and the predictions, with no tensor left', async () => {
  const model = createModel('paper-bn-cnn', { seed: 3 });
  await saveModel(model, join(root, 'seeded'));
  const before = tf.memory().numTensors;
  const loaded = await loadModel(join(root, 'seeded'));
  const [a, b] = [seededDropoutLayers(model)[0], seededDropoutLayers(loaded)[0]];
  expect(b).toBeInstanceOf(SeededDropout);
  expect([b.rate, b.seed]).toEqual([0.5, a.seed]);
  const images = (await mnistSlice(0, 4, 'test'));
  expect(Array.from(await predictProbabilities(loaded, images))).toEqual(Array.from(await predictProbabilities(model, images)));
  loaded.dispose();
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
});

it('a model.json whose SeededDropout config is hostile (rate 7, noiseShape [-1]) is an IntegrityError, leaving nothing', async () => {
  const model = createModel('paper-cnn', { seed: 4 });
  const dir = join(root, 'hostile');
  await saveModel(model, dir);
  model.dispose();
  const json = await readFile(join(dir, 'model.json'), 'utf8');
  const edits = [
    ['"rate":0.25', '"rate":7'],
    ['"noise_shape":null', '"noise_shape":[-1]'],
  ];
  for (const [from, to] of edits) {
    expect(json).toContain(from);
    await writeFile(join(dir, 'model.json'), json.replace(from, to));
    const before = tf.memory().numTensors;
    const error = await loadModel(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error as Error).message).toMatch(/SeededDropout: expected (rate|noiseShape)/);
    expect(tf.memory().numTensors).toBe(before);
  }
});

it('a model saved with the stock tfjs Dropout (older files) loads, as SeededDropout with its rate and predictions', async () => {
  const stock = tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [28, 28, 1] }),
      tfl.layers.dense({ units: 16, activation: 'relu' }),
      tfl.layers.dropout({ rate: 0.4 }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  await saveModel(stock, join(root, 'stock'));
  const loaded = await loadModel(join(root, 'stock'));
  const layers = seededDropoutLayers(loaded);
  expect(layers).toHaveLength(1);
  expect(layers[0].rate).toBe(0.4);
  const images = await mnistSlice(0, 4, 'test');
  expect(Array.from(await predictProbabilities(loaded, images))).toEqual(Array.from(await predictProbabilities(stock, images)));
  [stock, loaded].forEach((m) => m.dispose());
});

it('training and predicting a dropout model leaves no tensor behind', async () => {
  const train = await mnistSlice(0, 64);
  const model = smallModel('cpu', 4, { dropout: 0.5 });
  const before = tf.memory().numTensors;
  await trainClassifier(model, train, { epochs: 1, batchSize: 16, seed: 2 });
  await predictProbabilities(model, train);
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
});
