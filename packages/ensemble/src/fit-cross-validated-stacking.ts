import { checkArrayLike, checkFiniteNumber, checkInteger, checkOptions, checkSeed, describeValue } from '@digitkit/core';
import { logLossAndAccuracy } from './log-loss.js';
import { fitStackingClassifier, type StackingClassifier } from './stacking.js';
import { stratifiedFolds } from './stratified-folds.js';
import { checkLabels, checkMemberList, checkMemberScores, checkNumClasses, type ScoreArray } from './validate.js';

/** Options of {@link fitCrossValidatedStacking}. */
export interface CrossValidatedStackingOptions {
  /** Number of classes, an integer ≥ 2. Required. */
  numClasses: number;
  /** Candidate L2 penalties of the meta-learner (finite, ≥ 0, at least one). Default `[1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]`. */
  l2Values?: readonly number[];
  /** Folds of the cross-validation, an integer in `[2, N]`. Default 5. */
  folds?: number;
  /** Seed of the stratified fold assignment ({@link stratifiedFolds}). Default 0. */
  seed?: number;
  /** L-BFGS iterations at most per fit, an integer ≥ 1. Default 200. */
  maxIterations?: number;
}

/** One candidate penalty's cross-validated score. */
export interface StackingCandidate {
  l2: number;
  /** Out-of-fold mean cross-entropy (every example predicted by the meta-learner fitted without its fold). */
  logLoss: number;
  /** Out-of-fold accuracy. */
  accuracy: number;
}

/** A stacking classifier whose penalty was chosen by cross-validation, refitted on all the data with it. */
export interface CrossValidatedStacking extends StackingClassifier {
  /** The chosen penalty (smallest out-of-fold log loss; ties go to the larger penalty). */
  readonly l2: number;
  /** Every candidate's out-of-fold scores, in the order of `options.l2Values`. */
  readonly crossValidation: readonly StackingCandidate[];
  /** The chosen candidate's out-of-fold scores (an honest estimate of the meta-learner on new data). */
  readonly outOfFold: StackingCandidate;
}

const CROSS_VALIDATED_STACKING_OPTIONS = ['numClasses', 'l2Values', 'folds', 'seed', 'maxIterations'] as const;

const DEFAULT_L2_VALUES = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1];

/** Rows `indices` of a flat `[N, numClasses]` score array. */
function gatherRows(scores: ScoreArray, indices: ArrayLike<number>, numClasses: number): Float32Array {
  const out = new Float32Array(indices.length * numClasses);
  for (let j = 0; j < indices.length; j++) {
    const from = indices[j] * numClasses;
    for (let c = 0; c < numClasses; c++) out[j * numClasses + c] = scores[from + c];
  }
  return out;
}

/**
 * Stacking ({@link fitStackingClassifier}) with its meta-learner's L2 penalty chosen by stratified k-fold
 * cross-validation on the data it is given — the held-out (validation) scores of the members, never the test set:
 * for every candidate penalty, each fold is predicted by a meta-learner fitted on the other folds; the penalty with
 * the smallest out-of-fold log loss is refitted on all the data. Small held-out sets (a few thousand examples, a few
 * dozen errors) are where an unpenalized meta-learner overfits; this is scikit-learn's
 * `StackingClassifier(final_estimator=LogisticRegressionCV(...))` on pre-computed member scores.
 *
 * Cost: `folds` meta-learner fits per candidate penalty plus one refit (31 with the defaults).
 *
 * @throws TypeError/RangeError before any work for unknown or bad options, bad scores or labels, or fewer examples
 *   than folds.
 */
export function fitCrossValidatedStacking(
  memberScores: readonly ScoreArray[],
  yTrue: ArrayLike<number>,
  options: CrossValidatedStackingOptions,
): CrossValidatedStacking {
  const fn = 'fitCrossValidatedStacking';
  const { numClasses: classes, l2Values = DEFAULT_L2_VALUES, folds = 5, seed = 0, maxIterations = 200 } = checkOptions(
    fn,
    options,
    CROSS_VALIDATED_STACKING_OPTIONS,
  );
  const numClasses = checkNumClasses(fn, classes);
  const candidates = checkArrayLike(fn, 'options.l2Values', l2Values);
  for (let j = 0; j < candidates; j++) {
    const v = l2Values[j];
    if (typeof v !== 'number') throw new TypeError(`${fn}: expected options.l2Values[${j}] to be a finite number ≥ 0, got ${describeValue(v)}`);
    checkFiniteNumber(fn, `options.l2Values[${j}]`, v, { min: 0 });
  }
  checkInteger(fn, 'options.folds', folds, { min: 2 });
  checkSeed(fn, 'options.seed', seed);
  checkInteger(fn, 'options.maxIterations', maxIterations, { min: 1 });
  checkMemberList(fn, 'memberScores', memberScores, 'score arrays');
  const count = checkMemberScores(fn, memberScores, numClasses);
  checkLabels(fn, 'yTrue', yTrue, count, numClasses);
  const fold = stratifiedFolds(yTrue, { numClasses, folds, seed });

  const splits = Array.from({ length: folds }, (_, f) => {
    const fitIndices: number[] = [];
    const heldIndices: number[] = [];
    for (let i = 0; i < count; i++) (fold[i] === f ? heldIndices : fitIndices).push(i);
    return {
      heldIndices,
      fitScores: memberScores.map((s) => gatherRows(s, fitIndices, numClasses)),
      fitLabels: Int32Array.from(fitIndices, (i) => yTrue[i]),
      heldScores: memberScores.map((s) => gatherRows(s, heldIndices, numClasses)),
    };
  });
  const crossValidation: StackingCandidate[] = [];
  for (let j = 0; j < candidates; j++) {
    const l2 = l2Values[j];
    const outOfFold = new Float32Array(count * numClasses);
    for (const split of splits) {
      const meta = fitStackingClassifier(split.fitScores, split.fitLabels, { numClasses, l2, maxIterations });
      const predicted = meta.predict(split.heldScores);
      split.heldIndices.forEach((i, row) => outOfFold.set(predicted.subarray(row * numClasses, (row + 1) * numClasses), i * numClasses));
    }
    crossValidation.push({ l2, ...logLossAndAccuracy(outOfFold, yTrue, numClasses) });
  }
  let chosen = crossValidation[0];
  for (const candidate of crossValidation) {
    if (candidate.logLoss < chosen.logLoss || (candidate.logLoss === chosen.logLoss && candidate.l2 > chosen.l2)) chosen = candidate;
  }
  const fitted = fitStackingClassifier(memberScores, yTrue, { numClasses, l2: chosen.l2, maxIterations });
  return Object.assign(fitted, { l2: chosen.l2, crossValidation, outOfFold: chosen });
}
