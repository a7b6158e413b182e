import { checkArrayLike, checkInteger, checkOptions, checkSeed, createRng, shuffleInPlace } from '@digitkit/core';
import { checkLabels, checkNumClasses } from './validate.js';

/** Options of {@link stratifiedFolds}. */
export interface StratifiedFoldsOptions {
  /** Number of classes, an integer ≥ 2. Required. */
  numClasses: number;
  /** Number of folds, an integer in `[2, N]`. Default 5. */
  folds?: number;
  /** Seed of the shuffle inside each class. Default 0. */
  seed?: number;
}

const STRATIFIED_FOLDS_OPTIONS = ['numClasses', 'folds', 'seed'] as const;

/**
 * Stratified k-fold assignment (the idea of scikit-learn's `StratifiedKFold(shuffle=True)`): the examples of each
 * class are shuffled (seeded) and dealt round-robin, one class after the other, so every fold holds `⌊N/k⌋` or
 * `⌈N/k⌉` examples and every class's count differs by at most one between folds. Returns the fold (`0 … folds − 1`)
 * of each example, `Int32Array [N]`.
 *
 * @throws TypeError/RangeError before any work for unknown options, bad labels or fewer examples than folds.
 */
export function stratifiedFolds(labels: ArrayLike<number>, options: StratifiedFoldsOptions): Int32Array {
  const fn = 'stratifiedFolds';
  const { numClasses: classes, folds: requested = 5, seed = 0 } = checkOptions(fn, options, STRATIFIED_FOLDS_OPTIONS);
  const numClasses = checkNumClasses(fn, classes);
  checkSeed(fn, 'options.seed', seed);
  const folds = checkInteger(fn, 'options.folds', requested, { min: 2 });
  const count = checkArrayLike(fn, 'labels', labels);
  checkLabels(fn, 'labels', labels, count, numClasses);
  if (count < folds) {
    throw new RangeError(`${fn}: expected at least options.folds (${folds}) labels, got ${count}`);
  }
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < count; i++) byClass[labels[i]].push(i);
  const random = createRng(seed);
  const fold = new Int32Array(count);
  let position = 0;
  for (const members of byClass) {
    for (const index of shuffleInPlace(members, random)) fold[index] = position++ % folds;
  }
  return fold;
}
