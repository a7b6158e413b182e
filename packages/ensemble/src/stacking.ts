import { checkFiniteNumber, checkInteger, checkOptions } from '@digitkit/core';
import { fitLogisticRegression, type LogisticRegressionModel } from '@digitkit/classic-models/linear';
import { checkLabels, checkMemberList, checkMemberScores, checkNumClasses, type ScoreArray } from './validate.js';

/** Options of {@link fitStackingClassifier}. */
export interface StackingOptions {
  /** Number of classes, an integer ≥ 2. Required. */
  numClasses: number;
  /** L2 penalty of the meta-learner's weights, a finite number ≥ 0. Default 1e-3. */
  l2?: number;
  /** L-BFGS iterations at most, an integer ≥ 1. Default 200. */
  maxIterations?: number;
}

/** A fitted stacking meta-learner. */
export interface StackingClassifier {
  /** Number of members whose scores it combines. */
  readonly members: number;
  readonly numClasses: number;
  /** The meta-learner (multinomial logistic regression over the members' log-probabilities). */
  readonly model: LogisticRegressionModel;
  /** Mean training cross-entropy (+ penalty) at the end of the fit. */
  readonly trainingLoss: number;
  /** Combined class probabilities `[N, numClasses]` (flat) from each member's `[N, numClasses]` scores. */
  predict(memberScores: readonly ScoreArray[]): Float32Array;
}

const STACKING_OPTIONS = ['numClasses', 'l2', 'maxIterations'] as const;

/**
 * Largest meta-learner the fit accepts: `(members * numClasses + 1) * numClasses` parameters. L-BFGS keeps about
 * 25 float64 vectors of that size (8 MB per million parameters each), so this bounds the fit's memory to ~200 MB
 * whatever `numClasses` a caller passes. MNIST with 100 members needs 10,010.
 */
const MAX_META_PARAMETERS = 1_000_000;

const LOG_FLOOR = 1e-7;

function stackFeatures(fn: string, memberScores: readonly ScoreArray[], numClasses: number): Float64Array {
  const count = checkMemberScores(fn, memberScores, numClasses);
  const members = memberScores.length;
  const numFeatures = members * numClasses;
  const x = new Float64Array(count * numFeatures);
  for (let m = 0; m < members; m++) {
    const scores = memberScores[m];
    for (let i = 0; i < count; i++) {
      for (let c = 0; c < numClasses; c++) {
        x[i * numFeatures + m * numClasses + c] = Math.log(Math.max(scores[i * numClasses + c], LOG_FLOOR));
      }
    }
  }
  return x;
}

/**
 * Stacking (Wolpert 1992; scikit-learn's `StackingClassifier` with a logistic-regression final estimator):
 * fits a multinomial logistic regression on the members' log-probabilities. Fit it on scores for examples the
 * members did NOT train on (a validation split or out-of-fold predictions), then `predict` on new scores.
 *
 * @throws TypeError/RangeError before any work for unknown or bad options, bad scores or labels, or a
 *   meta-learner above {@link MAX_META_PARAMETERS} parameters.
 */
export function fitStackingClassifier(
  memberScores: readonly ScoreArray[],
  yTrue: ArrayLike<number>,
  options: StackingOptions,
): StackingClassifier {
  const fn = 'fitStackingClassifier';
  const { numClasses: classes, l2 = 1e-3, maxIterations = 200 } = checkOptions(fn, options, STACKING_OPTIONS);
  const numClasses = checkNumClasses(fn, classes);
  checkFiniteNumber(fn, 'options.l2', l2, { min: 0 });
  checkInteger(fn, 'options.maxIterations', maxIterations, { min: 1 });
  const members = checkMemberList(fn, 'memberScores', memberScores, 'score arrays');
  const parameters = (members * numClasses + 1) * numClasses;
  if (parameters > MAX_META_PARAMETERS) {
    throw new RangeError(
      `${fn}: expected at most ${MAX_META_PARAMETERS} meta-learner parameters ((members * numClasses + 1) * numClasses), got ${parameters} for ${members} members and ${numClasses} classes`,
    );
  }
  const x = stackFeatures(fn, memberScores, numClasses);
  checkLabels(fn, 'yTrue', yTrue, x.length / (members * numClasses), numClasses);
  const numFeatures = members * numClasses;
  const fitted = fitLogisticRegression(
    { features: { values: x, count: x.length / numFeatures, numFeatures }, labels: yTrue, numClasses },
    { l2, maxIterations },
  );
  return {
    members,
    numClasses,
    model: fitted,
    trainingLoss: fitted.loss,
    predict(scores) {
      const given = checkMemberList('StackingClassifier.predict', 'memberScores', scores, 'score arrays');
      if (given !== members) {
        throw new RangeError(`StackingClassifier.predict: expected scores of ${members} members, got ${given}`);
      }
      const features = stackFeatures('StackingClassifier.predict', scores, numClasses);
      return fitted.predictProbabilitiesSync({ values: features, count: features.length / numFeatures, numFeatures });
    },
  };
}
