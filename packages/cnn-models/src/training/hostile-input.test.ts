import type { DigitDataset } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, expect, it } from 'vitest';
import { mnistSlice, smallModel, weightValues } from '../__fixtures__/test-data.js';
import { evaluateModel } from '../evaluation/evaluate-model.js';
import { predictProbabilities } from '../evaluation/predict-probabilities.js';
import { trainClassifier } from './train-classifier.js';

let data: DigitDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  data = await mnistSlice(0, 32);
});

/** Hostile inputs and the error each must produce, before any work (issue 12, "beyond the list"). */
function hostileInputs(): Array<[string, () => unknown, ErrorConstructor, RegExp]> {
  const pixels = Float32Array.from(data.images, (v) => v / 255);
  const withNaN = pixels.slice();
  withNaN[3 * 784 + 100] = Number.NaN;
  const disposed = tf.zeros([2, 28, 28, 1]);
  disposed.dispose();
  const labels = tf.tensor1d(Int32Array.from(data.labels), 'int32');
  return [
    ['null', () => null, TypeError, /expected \w+ to be a DigitDataset, got null/],
    ['a string', () => 'mnist', TypeError, /expected \w+ to be a DigitDataset, got the string "mnist"/],
    ['an empty data set', () => ({ ...data, count: 0, images: new Uint8Array(0), labels: new Uint8Array(0) }), RangeError, /count to be an integer ≥ 1, got 0/],
    ['too few image bytes', () => ({ ...data, images: data.images.subarray(0, 100) }), RangeError, /images to have 25088 bytes/],
    ['a label out of range', () => ({ ...data, labels: Uint8Array.from(data.labels, (l, i) => (i === 5 ? 10 : l)) }), RangeError, /labels below \w+\.numClasses = 10, got 10 at index 5/],
    ['14x14 images for a 28x28 model', () => ({ ...data, rows: 14, cols: 14, images: data.images.subarray(0, 32 * 196) }), RangeError, /expected a model input of shape \[null, 14, 14, 1\]/],
    ['12 classes for a 10-class model', () => ({ ...data, numClasses: 12 }), RangeError, /expected a model output of shape \[null, 12\]/],
    ['xs of rank 3', () => ({ xs: tf.tensor3d(pixels, [32, 28, 28]), ys: labels }), RangeError, /xs to be float32 of shape \[N, 28, 28, 1\] or \[N, 784\], got float32 \[32, 28, 28\]/],
    ['int32 xs', () => ({ xs: tf.zeros([32, 28, 28, 1], 'int32'), ys: labels }), RangeError, /got int32/],
    ['a NaN pixel', () => ({ xs: tf.tensor4d(withNaN, [32, 28, 28, 1]), ys: labels }), RangeError, /xs to hold finite values, got NaN in example 3/],
    ['no examples', () => ({ xs: tf.zeros([0, 784]), ys: tf.zeros([0], 'int32') }), RangeError, /at least one example, got 0/],
    ['a class index of 10', () => ({ xs: tf.tensor4d(pixels, [32, 28, 28, 1]), ys: tf.fill([32], 10, 'int32') }), RangeError, /class indices in \[0, 10\), got 10 at index 0/],
    ['ys with 9 columns', () => ({ xs: tf.tensor4d(pixels, [32, 28, 28, 1]), ys: tf.zeros([32, 9]) }), RangeError, /ys of shape \[32, 10\] \(one-hot\) or \[32\]/],
    ['ys rows of NaN', () => ({ xs: tf.tensor4d(pixels, [32, 28, 28, 1]), ys: tf.fill([32, 10], Number.NaN) }), RangeError, /probabilities ≥ 0, got NaN in row 0/],
    ['fewer labels than images', () => ({ xs: tf.tensor4d(pixels, [32, 28, 28, 1]), ys: tf.zeros([31], 'int32') }), RangeError, /ys of shape \[32, 10\]/],
    ['a disposed tensor', () => ({ xs: disposed, ys: labels }), TypeError, /not to be disposed/],
  ];
}

it('trainClassifier, evaluateModel and predictProbabilities refuse hostile data with one clear error, before any work', async () => {
  const model = smallModel('cpu', 1);
  const weights = await weightValues(model);
  let steps = 0;
  for (const [what, make, Kind, message] of hostileInputs()) {
    const input = make();
    const before = tf.memory().numTensors;
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['trainClassifier', () => trainClassifier(model, input as never, { epochs: 1, onBatchEnd: () => void steps++ })],
      ['evaluateModel', () => evaluateModel(model, input as never)],
    ];
    // predictProbabilities needs no labels: only the image problems apply to it.
    if (!/label|class|ys|classes/.test(what)) calls.push(['predictProbabilities', () => predictProbabilities(model, input as never)]);
    for (const [name, call] of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error, `${name} with ${what}`).toBeInstanceOf(Kind);
      expect((error as Error).message, `${name} with ${what}`).toMatch(new RegExp(`^${name}: `));
      expect((error as Error).message, `${name} with ${what}`).toMatch(message);
    }
    expect(tf.memory().numTensors, `no tensors left by ${what}`).toBe(before);
    const tensors = input as { xs?: tf.Tensor; ys?: tf.Tensor } | null;
    if (tensors?.xs instanceof tf.Tensor && !tensors.xs.isDisposed) tf.dispose([tensors.xs]);
  }
  expect(steps).toBe(0);
  const after = await weightValues(model);
  after.forEach((values, i) => expect(Array.from(values)).toEqual(Array.from(weights[i])));
  model.dispose();
});
