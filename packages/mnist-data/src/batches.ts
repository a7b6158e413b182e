import type { Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { checkBoolean, checkInteger, checkOptions, checkSeed, createRng, describeValue, shuffleInPlace } from '@digitkit/core';
import type { DigitDataset } from './digit-dataset.js';
import { TENSOR_OPTION_KEYS, type TensorOptions, checkTensorDataset, makeTensors, resolveTensorOptions } from './tensor-fill.js';

/** Options of {@link batches}. */
export interface BatchesOptions extends TensorOptions {
  /** Examples per batch, an integer ≥ 1. Required. */
  batchSize: number;
  /** Visit the examples in a seeded random order instead of `0..count-1`. Default: false. */
  shuffle?: boolean;
  /** Seed of the shuffle (see {@link createRng}). Default: 0. */
  seed?: number;
  /** Skip the last batch when it holds fewer than `batchSize` examples. Default: false. */
  dropRemainder?: boolean;
}

const BATCHES_OPTION_KEYS = ['batchSize', 'shuffle', 'seed', 'dropRemainder', ...TENSOR_OPTION_KEYS] as const;

/** One batch; the caller owns (and must dispose) `xs` and `ys`. */
export interface DigitBatch {
  /** Images, `[size, rows, cols, 1]` float32. */
  xs: Tensor4D;
  /** Labels, `[size, numClasses]` float32 one-hot, or `[size]` int32 when `oneHot: false`. */
  ys: Tensor2D | Tensor1D;
  /** Indices of this batch's examples in the data set. */
  indices: Uint32Array;
  /** Number of examples in the batch (`batchSize`, or fewer for the last one). */
  size: number;
}

/**
 * Iterates over a data set in batches, making each batch's tensors only when it is reached, so
 * training never needs a float copy of the whole data set. The iterable can be iterated again and
 * gives the same order each time (use a new `seed` per epoch for a new order). Options are checked
 * when `batches` is called, before any iteration.
 *
 * @example
 * for (const { xs, ys } of batches(train, { batchSize: 64, shuffle: true, seed: epoch })) {
 *   await model.trainOnBatch(xs, ys);
 *   xs.dispose(); ys.dispose();
 * }
 * @throws RangeError/TypeError for unknown or bad options, an inconsistent data set, labels ≥ `numClasses`, or
 *   more than 256 classes one-hot.
 */
export function batches(dataset: DigitDataset, options: BatchesOptions): Iterable<DigitBatch> {
  const functionName = 'batches';
  if (options === undefined || options === null) {
    throw new TypeError(`${functionName}: expected options with a batchSize, got ${describeValue(options)}`);
  }
  const checked = checkOptions(functionName, options, BATCHES_OPTION_KEYS);
  const { shuffle = false, seed = 0, dropRemainder = false } = checked;
  const batchSize = checkInteger(functionName, 'batchSize', checked.batchSize, { min: 1 });
  checkBoolean(functionName, 'shuffle', shuffle);
  checkBoolean(functionName, 'dropRemainder', dropRemainder);
  checkSeed(functionName, 'seed', seed);
  const tensorOptions = resolveTensorOptions(checked, functionName);
  checkTensorDataset(functionName, dataset, tensorOptions.oneHot);

  const { count } = dataset;
  const batchCount = dropRemainder ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
  return {
    *[Symbol.iterator](): Iterator<DigitBatch> {
      const order = new Uint32Array(count);
      for (let i = 0; i < count; i++) order[i] = i;
      if (shuffle) shuffleInPlace(order, createRng(seed));
      for (let b = 0; b < batchCount; b++) {
        const indices = order.slice(b * batchSize, Math.min(count, (b + 1) * batchSize));
        const { xs, ys } = makeTensors(dataset, indices.length, indices, tensorOptions);
        yield { xs, ys, indices, size: indices.length };
      }
    },
  };
}
