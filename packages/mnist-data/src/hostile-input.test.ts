/**
 * Issue 12: hostile input for the data-set functions a user calls with their own data — splitTrainValidation,
 * subsetDataset, batches, toTensors. Only TypeError/RangeError naming the function, before any tensor or large
 * array is made; never a crash, a huge allocation or a silent wrong answer.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import { describe, expect, it } from 'vitest';
import type { DigitDataset } from './digit-dataset.js';
import { batches, splitTrainValidation, subsetDataset, toTensors } from './index.js';

/** 20 examples of 2x2 pixels; example i has pixels all i and label i % 4. */
function numbered(count = 20, numClasses = 4): DigitDataset {
  const images = new Uint8Array(count * 4);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    images.fill(i, i * 4, i * 4 + 4);
    labels[i] = i % 4;
  }
  return { images, labels, count, rows: 2, cols: 2, numClasses };
}

const ds = numbered();
type ErrorClass = typeof TypeError | typeof RangeError;

/** Every hostile data set, with the error it must give in every function. */
const badDatasets: Array<[string, unknown, ErrorClass, RegExp]> = [
  ['null', null, TypeError, /expected dataset to be a DigitDataset, got null/],
  ['a string', 'mnist', TypeError, /expected dataset to be a DigitDataset, got the string "mnist"/],
  ['an array', [1, 2], TypeError, /expected dataset to be a DigitDataset, got an array of length 2/],
  ['images as number[]', { ...ds, images: Array.from(ds.images) }, TypeError, /expected dataset.images to be a Uint8Array, got an array of length 80/],
  ['labels as Float32Array', { ...ds, labels: Float32Array.from(ds.labels) }, TypeError, /expected dataset.labels to be a Uint8Array, got a Float32Array/],
  ['count NaN', { ...ds, count: NaN }, RangeError, /expected dataset.count to be an integer ≥ 0, got NaN/],
  ['count a string', { ...ds, count: '20' }, TypeError, /expected dataset.count to be an integer ≥ 0, got the string "20"/],
  ['count 1.5', { ...ds, count: 1.5 }, RangeError, /expected dataset.count to be an integer ≥ 0, got 1.5/],
  ['rows 0', { ...ds, rows: 0 }, RangeError, /expected dataset.rows to be an integer ≥ 1, got 0/],
  ['numClasses Infinity', { ...ds, numClasses: Infinity }, RangeError, /expected dataset.numClasses to be an integer ≥ 1, got Infinity/],
  ['fewer labels than count', { ...ds, labels: ds.labels.subarray(1) }, RangeError, /expected dataset.labels to have 20 entries \(dataset.count\), got 19/],
  ['fewer pixels than count x rows x cols', { ...ds, images: ds.images.subarray(4) }, RangeError, /expected dataset.images to have 80 bytes \(20x2x2\), got 76/],
  ['a shape whose size overflows', { ...ds, count: 2 ** 26, rows: 2 ** 14, cols: 2 ** 14, labels: new Uint8Array(2 ** 26) }, RangeError, /expected dataset.images to have 18014398509481984 bytes \(67108864x16384x16384\), got 80/],
];

const entryPoints: Array<[string, (dataset: unknown) => unknown]> = [
  ['splitTrainValidation', (d) => splitTrainValidation(d as DigitDataset)],
  ['subsetDataset', (d) => subsetDataset(d as DigitDataset, [0])],
  ['batches', (d) => batches(d as DigitDataset, { batchSize: 4 })],
  ['toTensors', (d) => toTensors(d as DigitDataset)],
];

function expectError(call: () => unknown, type: ErrorClass, message: RegExp): void {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected ${type.name}`).toBeInstanceOf(type);
  expect((thrown as Error).message).toMatch(message);
}

describe('hostile data sets', () => {
  for (const [fn, call] of entryPoints) {
    it(`${fn}: every malformed data set is refused with the field named`, () => {
      for (const [, dataset, type, message] of badDatasets) {
        expectError(() => call(dataset), type, new RegExp(`^${fn}: ${message.source}`));
      }
    });
  }
});

describe('splitTrainValidation', () => {
  it.each([
    ['fraction below 0', () => splitTrainValidation(ds, { validationFraction: -0.1 }), RangeError, /validationFraction to be a finite number ≥ 0 and ≤ 1, got -0.1/],
    ['fraction a string', () => splitTrainValidation(ds, { validationFraction: 'half' as never }), TypeError, /got the string "half"/],
    ['seed Infinity', () => splitTrainValidation(ds, { seed: Infinity }), TypeError, /seed to be a finite number \(a seed\), got Infinity/],
    ['stratified a string', () => splitTrainValidation(ds, { stratified: 'yes' as never }), TypeError, /stratified to be a boolean/],
    ['options null', () => splitTrainValidation(ds, null as never), TypeError, /expected options to be an object, got null/],
  ] as const)('%s', (_, call, type, message) => expectError(call, type, message));

  it('a huge numClasses costs no memory and gives the same split as the true class count', () => {
    const huge = splitTrainValidation({ ...ds, numClasses: 1e9 }, { seed: 3 });
    const exact = splitTrainValidation(ds, { seed: 3 });
    expect(huge.validationIndices).toEqual(exact.validationIndices);
    expect(huge.validation.numClasses).toBe(1e9);
  });

  it('an empty data set splits into two empty parts', () => {
    const empty = splitTrainValidation(numbered(0));
    expect([empty.train.count, empty.validation.count]).toEqual([0, 0]);
  });
});

describe('subsetDataset', () => {
  it.each([
    ['an index past the end', () => subsetDataset(ds, [0, 20]), RangeError, /^subsetDataset: expected indices\[1\] to be an integer in 0..19, got 20$/],
    ['NaN index', () => subsetDataset(ds, [NaN]), RangeError, /got NaN/],
    ['2^53 index', () => subsetDataset(ds, [2 ** 53]), RangeError, /got 9007199254740992/],
    ['a string index', () => subsetDataset(ds, ['3'] as never), TypeError, /got the string "3"/],
    ['indices a number', () => subsetDataset(ds, 3 as never), TypeError, /indices to be an array or typed array, got 3/],
    ['indices of absurd length, refused at the first entry', () => subsetDataset(ds, { length: 2 ** 40 } as never), TypeError, /indices\[0\] .* got undefined/],
  ] as const)('%s', (_, call, type, message) => expectError(call, type, message));
});

describeBackends('batches and toTensors with hostile input', () => {
  it('refuse bad options and data before making any tensor', async () => {
    await expectNoTensorLeak(async () => {
      const before = tf.memory().numTensors;
      const cases: Array<[() => unknown, ErrorClass, RegExp]> = [
        [() => batches(ds, undefined as never), TypeError, /^batches: expected options with a batchSize, got undefined$/],
        [() => batches(ds, { batchSize: NaN }), RangeError, /batchSize to be an integer ≥ 1, got NaN/],
        [() => batches(ds, { batchSize: Infinity }), RangeError, /got Infinity/],
        [() => batches(ds, { batchSize: '8' as never }), TypeError, /got the string "8"/],
        [() => batches(ds, { batchSize: 4, seed: '1' as never }), TypeError, /seed to be a finite number \(a seed\)/],
        [() => batches(ds, { batchSize: 4, oneHot: 1 as never }), TypeError, /oneHot to be a boolean, got 1/],
        [() => toTensors(ds, null as never), TypeError, /^toTensors: expected options to be an object, got null$/],
        [() => toTensors({ ...ds, numClasses: 3 }), RangeError, /dataset.labels below dataset.numClasses = 3, got 3 at index 3/],
        // 1e9 classes one-hot would be 4 GB per example: refused before allocating.
        [() => toTensors({ ...ds, numClasses: 1e9 }), RangeError, /^toTensors: expected dataset.numClasses ≤ 256 for one-hot labels \(labels are bytes\), got 1000000000; pass oneHot: false$/],
        [() => batches({ ...ds, numClasses: 1e9 }, { batchSize: 4 }), RangeError, /^batches: expected dataset.numClasses ≤ 256/],
      ];
      for (const [call, type, message] of cases) expectError(call, type, message);
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  it('edge cases that are valid give exact answers: huge numClasses with index labels, huge batchSize, empty', async () => {
    await expectNoTensorLeak(async () => {
      const { xs, ys } = toTensors({ ...ds, numClasses: 1e9 }, { oneHot: false });
      expect(ys.shape).toEqual([20]);
      expect(Array.from(await ys.data())).toEqual(Array.from(ds.labels));
      tf.dispose([xs, ys]);
      const all = [...batches(ds, { batchSize: 2 ** 40, oneHot: false })];
      expect(all.map((b) => b.size)).toEqual([20]);
      tf.dispose(all.flatMap((b) => [b.xs, b.ys]));
      expect([...batches(numbered(0), { batchSize: 4 })]).toHaveLength(0);
      const empty = toTensors(numbered(0));
      expect(empty.xs.shape).toEqual([0, 2, 2, 1]);
      tf.dispose([empty.xs, empty.ys]);
    });
  });
});
