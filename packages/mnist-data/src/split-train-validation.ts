import { checkBoolean, checkDataset, checkFiniteNumber, checkOptions, checkSeed, createRng, shuffleInPlace, subsetDataset } from '@digitkit/core';
import type { DigitDataset } from './digit-dataset.js';

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

const SPLIT_OPTION_KEYS = ['validationFraction', 'seed', 'stratified'] as const;

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
 *   TypeError for a non-finite seed or an unknown option.
 */
export function splitTrainValidation(dataset: DigitDataset, options: SplitTrainValidationOptions = {}): TrainValidationSplit {
  const functionName = 'splitTrainValidation';
  const { validationFraction = 0.2, seed = 0, stratified = true } = checkOptions(functionName, options, SPLIT_OPTION_KEYS);
  checkFiniteNumber(functionName, 'validationFraction', validationFraction, { min: 0, max: 1 });
  checkSeed(functionName, 'seed', seed);
  checkBoolean(functionName, 'stratified', stratified);
  checkDataset(functionName, dataset, { allowEmpty: true, checkLabels: stratified });
  const { count } = dataset;
  const random = createRng(seed);
  const inValidation = new Uint8Array(count);
  const validationCount = Math.round(validationFraction * count);

  if (stratified) {
    const { labels } = dataset;
    // Labels are bytes: classes above 255 have no examples (and get no quota), so at most 256 buckets are needed
    // whatever numClasses says.
    const byClass: number[][] = Array.from({ length: Math.min(dataset.numClasses, 256) }, () => []);
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
