import type { Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { createRng, shuffleInPlace } from './create-rng.js';
import type { DigitDataset } from './digit-dataset.js';
import { type TensorOptions, makeTensors, resolveTensorOptions } from './tensor-fill.js';
import { assertDataset, assertLabels } from './validate-dataset.js';

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
 * @throws RangeError/TypeError for bad options, an inconsistent data set or labels ≥ `numClasses`.
 */
export function batches(dataset: DigitDataset, options: BatchesOptions): Iterable<DigitBatch> {
  const functionName = 'batches';
  assertDataset(dataset, functionName);
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${functionName}: expected options with a batchSize, got ${options === null ? 'null' : typeof options}`);
  }
  const { batchSize, shuffle = false, seed = 0, dropRemainder = false } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`${functionName}: expected batchSize to be an integer ≥ 1, got ${String(batchSize)}`);
  }
  if (typeof shuffle !== 'boolean') throw new TypeError(`${functionName}: expected shuffle to be a boolean, got ${typeof shuffle}`);
  if (typeof dropRemainder !== 'boolean') {
    throw new TypeError(`${functionName}: expected dropRemainder to be a boolean, got ${typeof dropRemainder}`);
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`${functionName}: expected seed to be a finite number, got ${String(seed)}`);
  }
  const tensorOptions = resolveTensorOptions(options, functionName);
  if (tensorOptions.oneHot) assertLabels(dataset, functionName);

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
