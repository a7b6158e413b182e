import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { expectNoTensorLeak } from '@digitkit/test-utils';
import { describe, expect, it } from 'vitest';
import { enableWasmTraining } from './enable-wasm-training.js';
import { relativeError, seededValues } from '../test-support/kernel-check.js';

/** A small BatchNorm CNN with the second paper's layer types (no dropout, so runs are deterministic). */
function createSmallBatchNormCnn(): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [14, 14, 1], filters: 8, kernelSize: 3 }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 12, kernelSize: 3, padding: 'same', strides: 2 }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.activation({ activation: 'relu' }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 16, activation: 'relu' }));
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  return model;
}

const BATCH = 16;
const STEPS = 3;

async function train(backend: 'cpu' | 'wasm', initial: Float32Array[]): Promise<{ losses: number[]; weights: Float32Array[] }> {
  await tf.setBackend(backend);
  await tf.ready();
  const model = createSmallBatchNormCnn();
  model.setWeights(initial.map((values, i) => tf.tensor(values, model.getWeights()[i].shape)));
  const xs = tf.tensor4d(seededValues(BATCH * 14 * 14, 1).map((v) => (v + 1) / 2), [BATCH, 14, 14, 1]);
  const labels = Int32Array.from({ length: BATCH }, (_, i) => (i * 7) % 10);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const losses: number[] = [];
  for (let step = 0; step < STEPS; step++) losses.push((await model.trainOnBatch(xs, ys)) as number);
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  tf.dispose([xs, ys]);
  model.dispose();
  return { losses, weights };
}

describe('training a small BatchNorm CNN', () => {
  for (const fast of [false, true]) {
    it(`gives the same losses and weights on wasm (fast: ${fast}) as on cpu`, async () => {
      await tf.setBackend('cpu');
      const initialModel = createSmallBatchNormCnn();
      const initial = initialModel.getWeights().map((w) => Float32Array.from(w.dataSync()));
      initialModel.dispose();
      const reference = await train('cpu', initial);
      await tf.setBackend('wasm');
      enableWasmTraining({ fast });
      const actual = await train('wasm', initial);
      expect(relativeError(actual.losses, reference.losses)).toBeLessThanOrEqual(1e-4);
      // All weights as one vector: a convolution bias followed by BatchNorm has a zero true gradient, so alone it
      // holds only rounding noise and has no meaningful relative error of its own.
      const flat = (ws: Float32Array[]) => Float32Array.from(ws.flatMap((w) => Array.from(w)));
      expect(relativeError(flat(actual.weights), flat(reference.weights))).toBeLessThanOrEqual(1e-4);
      for (let i = 0; i < reference.weights.length; i++) {
        expect(actual.weights[i].length, `weight ${i}`).toBe(reference.weights[i].length);
      }
      // Training changed the weights, so the comparison is not vacuous.
      expect(relativeError(reference.weights[0], initial[0])).toBeGreaterThan(1e-3);
    });
  }

  it('leaks no tensors during a training step on wasm', async () => {
    await tf.setBackend('wasm');
    enableWasmTraining();
    const model = createSmallBatchNormCnn();
    const xs = tf.randomUniform([BATCH, 14, 14, 1]);
    const ys = tf.oneHot(tf.tensor1d(Int32Array.from({ length: BATCH }, (_, i) => i % 10), 'int32'), 10);
    await model.trainOnBatch(xs, ys); // creates the optimizer's slots once
    await expectNoTensorLeak(async () => {
      await model.trainOnBatch(xs, ys);
    });
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
