import { MismatchError, checkDataset, checkInteger, checkOptions, checkSeed, createRng, shuffleInPlace, type DigitDataset } from '@digitkit/core';
import type { UnlabelledImages } from './unlabelled-images.js';

/** Options of {@link splitFewLabels}. */
export interface SplitFewLabelsOptions {
  /** Labelled training images per class (the "few labels"). Required, ≥ 1. */
  labelsPerClass: number;
  /** Labelled validation images per class, for model selection only. Default `10`. */
  validationPerClass?: number;
  /** Seed of the draw. Default `0`. */
  seed?: number;
}

/** What {@link splitFewLabels} returns: three disjoint parts of the data set. */
export interface FewLabelsSplit {
  /** `labelsPerClass` images of every class, with labels (class order). */
  labelled: DigitDataset;
  /** `validationPerClass` images of every class, with labels (class order). */
  validation: DigitDataset;
  /** Every other image, without labels (in data-set order). */
  unlabelled: UnlabelledImages;
}

/**
 * The few-labels experiment's split of a training set: a seeded, class-balanced draw of `labelsPerClass` labelled
 * images and `validationPerClass` labelled validation images per class; the rest keep their pixels only (labels
 * dropped, so a semi-supervised trainer cannot read them).
 *
 * @param dataset - A labelled training set.
 * @param options - See {@link SplitFewLabelsOptions}.
 * @throws MismatchError when a class has fewer than `labelsPerClass + validationPerClass` images.
 */
export function splitFewLabels(dataset: DigitDataset, options: SplitFewLabelsOptions): FewLabelsSplit {
  const fn = 'splitFewLabels';
  checkDataset(fn, dataset);
  if (options === undefined) throw new TypeError(`${fn}: expected options { labelsPerClass, validationPerClass?, seed? }, got undefined`);
  checkOptions(fn, options, ['labelsPerClass', 'validationPerClass', 'seed']);
  const perClass = checkInteger(fn, 'options.labelsPerClass', options.labelsPerClass, { min: 1 });
  const validationPerClass = checkInteger(fn, 'options.validationPerClass', options.validationPerClass ?? 10, { min: 1 });
  const seed = checkSeed(fn, 'options.seed', options.seed ?? 0);
  const byClass: number[][] = Array.from({ length: dataset.numClasses }, () => []);
  for (let i = 0; i < dataset.count; i++) byClass[dataset.labels[i]].push(i);
  const rng = createRng(seed);
  const labelledIndices: number[] = [];
  const validationIndices: number[] = [];
  byClass.forEach((indices, c) => {
    if (indices.length < perClass + validationPerClass) {
      throw new MismatchError({
        functionName: fn, subject: `class ${c}`, expected: `at least ${perClass + validationPerClass} images (labelled + validation)`,
        found: `${indices.length}`, fix: 'ask for fewer labels or validation images per class, or pass more data',
      });
    }
    shuffleInPlace(indices, rng);
    labelledIndices.push(...indices.slice(0, perClass));
    validationIndices.push(...indices.slice(perClass, perClass + validationPerClass));
  });
  const taken = new Uint8Array(dataset.count);
  for (const i of [...labelledIndices, ...validationIndices]) taken[i] = 1;
  const rest: number[] = [];
  for (let i = 0; i < dataset.count; i++) if (!taken[i]) rest.push(i);
  const size = dataset.rows * dataset.cols;
  const gather = (indices: readonly number[]): Uint8Array => {
    const out = new Uint8Array(indices.length * size);
    indices.forEach((index, j) => out.set(dataset.images.subarray(index * size, (index + 1) * size), j * size));
    return out;
  };
  const labelledPart = (indices: readonly number[]): DigitDataset => ({
    images: gather(indices),
    labels: Uint8Array.from(indices, (i) => dataset.labels[i]),
    count: indices.length,
    rows: dataset.rows,
    cols: dataset.cols,
    numClasses: dataset.numClasses,
  });
  return {
    labelled: labelledPart(labelledIndices),
    validation: labelledPart(validationIndices),
    unlabelled: { images: gather(rest), count: rest.length, rows: dataset.rows, cols: dataset.cols },
  };
}
