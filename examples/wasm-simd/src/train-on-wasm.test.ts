import '@tensorflow/tfjs-backend-wasm';
import { loadMnist } from '@digitkit/mnist-data/node';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { trainOnWasm } from './train-on-wasm.js';

it('trains the first paper’s CNN on the wasm SIMD backend and classifies held-out MNIST well above chance', async () => {
  const data = await loadMnist({ limit: 2000 });
  await tf.setBackend('wasm');
  const before = tf.memory().numTensors;
  const summary = await trainOnWasm(data, { model: 'paper-cnn', trainCount: 2000, testCount: 1000, epochs: 3 });
  expect(summary.backend).toBe('wasm');
  expect(summary.simd).toBe(true);
  expect(summary.registeredKernels).toContain('Conv2DBackpropFilter');
  expect(summary.testAccuracy).toBeGreaterThan(0.9);
  expect(tf.memory().numTensors).toBe(before);
});
