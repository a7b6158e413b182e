import { checkFiniteNumber, checkOptions, createRng, describeValue, type DigitDataset } from '@digitkit/core';
import { checkByteDataset } from './internal/validate.js';

/**
 * Which classes to over-sample, as in imbalanced-learn's `RandomOverSampler(sampling_strategy=...)`:
 * - `'auto'` / `'not majority'`: every class but the majority, up to the majority's count;
 * - `'minority'`: only the smallest class, up to the majority's count (on ties, the class seen first in the labels);
 * - `'not minority'`: every class but the minority, up to the majority's count;
 * - `'all'`: every class up to the majority's count (the majority gets no new samples);
 * - `{ [label]: count }`: the wanted number of examples of each listed class (>= its current count);
 *   unlisted classes are left as they are.
 */
export type OverSampleStrategy = 'auto' | 'not majority' | 'minority' | 'not minority' | 'all' | Readonly<Record<number, number>>;

/** Options of {@link randomOverSample}. */
export interface RandomOverSampleOptions {
  /** Seed of the draws; the same seed gives the same result. Required, so that runs are reproducible. */
  seed: number;
  /** Default `'auto'`. See {@link OverSampleStrategy}. */
  strategy?: OverSampleStrategy;
}

/** Result of {@link randomOverSample}. */
export interface RandomOverSampleResult<D extends DigitDataset = DigitDataset> {
  /** The resampled dataset: all original examples in order, then the duplicates, class by class in label order. */
  dataset: D;
  /**
   * For every example of `dataset`, the index of the original example it copies (`sample_indices_` in
   * imbalanced-learn): `0..count-1` first, then the drawn duplicates.
   */
  sampleIndices: Int32Array;
  /** Examples per class before resampling (length `numClasses`). */
  countsBefore: number[];
  /** Examples per class after resampling (length `numClasses`). */
  countsAfter: number[];
}

/** Largest image buffer {@link randomOverSample} builds: 2^31 - 1 bytes (2.7 million MNIST digits). */
const MAX_RESULT_BYTES = 2 ** 31 - 1;

/**
 * Random over-sampling with the semantics of imbalanced-learn's `RandomOverSampler`: each class selected by
 * the strategy gets `target - count` extra examples drawn uniformly WITH replacement from that class's
 * ORIGINAL examples, appended after the untouched originals. Only classes present in the data are considered.
 *
 * @param dataset a `DigitDataset` (images `count * rows * cols` bytes, labels `count`)
 * @param options `{ seed, strategy = 'auto' }`
 * @returns a new dataset (other fields of `dataset` are copied over) and the sample indices
 * @throws TypeError/RangeError for a malformed dataset, a bad strategy, or a requested count below the current one
 */
export function randomOverSample<D extends DigitDataset>(dataset: D, options: RandomOverSampleOptions): RandomOverSampleResult<D> {
  const fn = 'randomOverSample';
  checkByteDataset(fn, dataset, { allowEmpty: true });
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: expected options to be { seed, strategy? }, got ${describeValue(options)}`);
  }
  checkOptions(fn, options, ['seed', 'strategy']);
  checkFiniteNumber(fn, 'options.seed', options.seed);
  const strategy = options.strategy ?? 'auto';
  const { labels, count, numClasses, rows, cols } = dataset;

  const members: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < count; i++) members[labels[i]].push(i);
  const countsBefore = members.map((m) => m.length);
  const present = countsBefore.map((c, label) => (c > 0 ? label : -1)).filter((label) => label >= 0);
  const wanted = new Array<number>(numClasses).fill(0);

  if (typeof strategy === 'string') {
    if (present.length === 0) {
      throw new RangeError(`${fn}: expected a dataset with at least one example, got 0`);
    }
    const majorityCount = Math.max(...present.map((l) => countsBefore[l]));
    const minorityCount = Math.min(...present.map((l) => countsBefore[l]));
    // Like imbalanced-learn (max/min over a Counter), ties go to the class that appears first in the labels.
    const byAppearance = [...new Set(labels)];
    const majority = byAppearance.find((l) => countsBefore[l] === majorityCount)!;
    const minority = byAppearance.find((l) => countsBefore[l] === minorityCount)!;
    let selected: number[];
    switch (strategy) {
      case 'auto':
      case 'not majority':
        selected = present.filter((l) => l !== majority);
        break;
      case 'minority':
        selected = [minority];
        break;
      case 'not minority':
        selected = present.filter((l) => l !== minority);
        break;
      case 'all':
        selected = present;
        break;
      default:
        throw new TypeError(`${fn}: expected options.strategy 'auto', 'not majority', 'minority', 'not minority', 'all' or a { label: count } object, got ${describeValue(strategy)}`);
    }
    for (const label of selected) wanted[label] = majorityCount - countsBefore[label];
  } else if (strategy !== null && typeof strategy === 'object' && !Array.isArray(strategy)) {
    for (const [key, target] of Object.entries(strategy)) {
      const label = /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : Number.NaN;
      if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
        throw new RangeError(`${fn}: expected strategy keys to be labels in [0, ${numClasses}), got '${key}'`);
      }
      if (typeof target !== 'number' || !Number.isInteger(target) || target < 0) {
        throw new RangeError(`${fn}: expected strategy[${label}] to be a non-negative integer count, got ${describeValue(target)}`);
      }
      if (countsBefore[label] === 0 && target > 0) {
        throw new RangeError(`${fn}: class ${label} has no examples to duplicate, but strategy asks for ${target}`);
      }
      if (target < countsBefore[label]) {
        throw new RangeError(`${fn}: over-sampling cannot remove examples: strategy[${label}] = ${target} is below the current count ${countsBefore[label]}`);
      }
      wanted[label] = target - countsBefore[label];
    }
  } else {
    throw new TypeError(`${fn}: expected options.strategy to be a string or a { label: count } object, got ${describeValue(strategy)}`);
  }

  const extra = wanted.reduce((a, b) => a + b, 0);
  const total = count + extra;
  const size = rows * cols;
  if (total * size > MAX_RESULT_BYTES) {
    throw new RangeError(
      `${fn}: expected the over-sampled dataset to fit in ${MAX_RESULT_BYTES} bytes of images, got ${total} examples of ${rows}x${cols} = ${total * size} bytes`,
    );
  }
  const sampleIndices = new Int32Array(total);
  for (let i = 0; i < count; i++) sampleIndices[i] = i;
  const rng = createRng(options.seed);
  let cursor = count;
  for (let label = 0; label < numClasses; label++) {
    const pool = members[label];
    for (let k = 0; k < wanted[label]; k++) {
      sampleIndices[cursor++] = pool[Math.floor(rng() * pool.length)];
    }
  }
  const images = new Uint8Array(total * size);
  images.set(dataset.images.subarray(0, count * size));
  const newLabels = new Uint8Array(total);
  newLabels.set(labels.subarray(0, count));
  for (let i = count; i < total; i++) {
    const source = sampleIndices[i];
    images.set(dataset.images.subarray(source * size, (source + 1) * size), i * size);
    newLabels[i] = labels[source];
  }
  const countsAfter = countsBefore.map((c, label) => c + wanted[label]);
  return {
    dataset: { ...dataset, images, labels: newLabels, count: total },
    sampleIndices,
    countsBefore,
    countsAfter,
  };
}
