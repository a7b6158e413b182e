import { createRng, shuffleInPlace } from './create-rng.js';
import type { DigitDataset } from './digit-dataset.js';
import { subsetDataset } from './subset-dataset.js';
import { assertDataset, assertLabels } from './validate-dataset.js';

/** Options of {@link splitTrainValidation}. */
export interface SplitTrainValidationOptions {
  /** Share of the examples that goes to validation, in `[0, 1]`. Default: 0.2. */
  validationFraction?: number;
  /** Seed of the shuffle (see {@link createRng}); the same seed gives the same split. Default: 0. */
  seed?: number;
  /**
   * Keep each class's share in both parts: class `c` with `n_c` examples gets `floor` or `ceil`
   * of `validationFraction * n_c` validation examples. Default: true.
   */
  stratified?: boolean;
}

/** Result of {@link splitTrainValidation}. */
export interface TrainValidationSplit {
  /** The training part (a copy), in ascending order of original index. */
  train: DigitDataset;
  /** The validation part (a copy), in ascending order of original index. */
  validation: DigitDataset;
  /** Original indices of `train`, ascending. */
  trainIndices: Uint32Array;
  /** Original indices of `validation`, ascending. */
  validationIndices: Uint32Array;
}

/**
 * Splits a data set into disjoint training and validation parts that together hold every example
 * exactly once. The validation part has `Math.round(validationFraction * count)` examples; the
 * split is deterministic for a given seed.
 *
 * @throws RangeError for a fraction outside `[0, 1]` or labels ≥ `numClasses` when stratified;
 *   TypeError for a non-finite seed.
 */
export function splitTrainValidation(dataset: DigitDataset, options: SplitTrainValidationOptions = {}): TrainValidationSplit {
  const functionName = 'splitTrainValidation';
  const { validationFraction = 0.2, seed = 0, stratified = true } = options;
  assertDataset(dataset, functionName);
  if (typeof validationFraction !== 'number' || !(validationFraction >= 0 && validationFraction <= 1)) {
    throw new RangeError(`${functionName}: expected validationFraction in [0, 1], got ${String(validationFraction)}`);
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`${functionName}: expected seed to be a finite number, got ${String(seed)}`);
  }
  const { count } = dataset;
  const random = createRng(seed);
  const inValidation = new Uint8Array(count);
  const validationCount = Math.round(validationFraction * count);

  if (stratified) {
    assertLabels(dataset, functionName);
    const { numClasses, labels } = dataset;
    const byClass: number[][] = Array.from({ length: numClasses }, () => []);
    for (let i = 0; i < count; i++) byClass[labels[i]].push(i);
    // Largest-remainder allocation: floor each class's share, hand the rest to the largest remainders.
    const quotas = byClass.map((members) => Math.floor(validationFraction * members.length));
    let remaining = validationCount - quotas.reduce((sum, q) => sum + q, 0);
    const order = byClass
      .map((members, c) => ({ c, remainder: validationFraction * members.length - quotas[c] }))
      .sort((x, y) => y.remainder - x.remainder || x.c - y.c);
    for (const { c } of order) {
      if (remaining <= 0) break;
      if (quotas[c] < byClass[c].length) {
        quotas[c]++;
        remaining--;
      }
    }
    byClass.forEach((members, c) => {
      shuffleInPlace(members, random);
      for (let k = 0; k < quotas[c]; k++) inValidation[members[k]] = 1;
    });
  } else {
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    shuffleInPlace(order, random);
    for (let k = 0; k < validationCount; k++) inValidation[order[k]] = 1;
  }

  let nValidation = 0;
  for (let i = 0; i < count; i++) nValidation += inValidation[i];
  const trainIndices = new Uint32Array(count - nValidation);
  const validationIndices = new Uint32Array(nValidation);
  for (let i = 0, t = 0, v = 0; i < count; i++) {
    if (inValidation[i]) validationIndices[v++] = i;
    else trainIndices[t++] = i;
  }
  return {
    train: subsetDataset(dataset, trainIndices),
    validation: subsetDataset(dataset, validationIndices),
    trainIndices,
    validationIndices,
  };
}
