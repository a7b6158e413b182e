import { fitLogisticRegression, predictLogisticRegression, type LogisticRegressionModel } from './logistic-regression';
import { checkLabels, checkMemberScores, checkNumClasses, type ScoreArray } from './validate';

/** Options of {@link fitStackingClassifier}. */
export interface StackingOptions {
  /** Number of classes. */
  numClasses: number;
  /** L2 penalty of the meta-learner's weights; default 1e-3. */
  l2?: number;
  /** L-BFGS iterations at most; default 200. */
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
 */
export function fitStackingClassifier(
  memberScores: readonly ScoreArray[],
  yTrue: ArrayLike<number>,
  options: StackingOptions,
): StackingClassifier {
  const numClasses = checkNumClasses('fitStackingClassifier', options?.numClasses);
  const l2 = options.l2 ?? 1e-3;
  if (!(l2 >= 0) || !Number.isFinite(l2)) throw new RangeError(`fitStackingClassifier: expected l2 ≥ 0, got ${l2}`);
  const x = stackFeatures('fitStackingClassifier', memberScores, numClasses);
  const members = memberScores.length;
  checkLabels('fitStackingClassifier', 'yTrue', yTrue, x.length / (members * numClasses), numClasses);
  const fitted = fitLogisticRegression(x, yTrue, members * numClasses, {
    numClasses,
    l2,
    maxIterations: options.maxIterations ?? 200,
  });
  return {
    members,
    numClasses,
    model: fitted,
    trainingLoss: fitted.loss,
    predict(scores) {
      if (scores?.length !== members) {
        throw new RangeError(`StackingClassifier.predict: expected scores of ${members} members, got ${scores?.length}`);
      }
      return predictLogisticRegression(fitted, stackFeatures('StackingClassifier.predict', scores, numClasses));
    },
  };
}
