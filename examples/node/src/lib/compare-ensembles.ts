import { argmaxRows, type DigitDataset } from '@digitkit/core';
import { fitCrossValidatedStacking, fitSoftVoteWeights, hardVote, softVote, stratifiedFolds } from '@digitkit/ensemble';
import { accuracy, logLoss } from '@digitkit/metrics';
import type { MemberOutcome } from './compare-members.js';

/** Folds of every cross-validation on the validation part. */
export const VALIDATION_FOLDS = 5;

/** How an ensemble scored on the validation part (out of fold where it fits anything), the basis of the selection. */
export interface ValidationScore {
  /** Mean cross-entropy on the validation part; out of fold for the fitted combiners. */
  logLoss: number;
  /** Accuracy on the validation part, the same way. */
  accuracy: number;
  /** `'plain'` (nothing fitted) or `'out-of-fold'` (5-fold cross-validation on the validation part). */
  how: 'plain' | 'out-of-fold';
}

/** One ensemble of the CNNs, fitted on the validation part only. */
export interface FittedEnsemble {
  /** `soft-vote`, `weighted-vote`, `hard-vote` or `stacking`. */
  name: string;
  /** `[test count, 10]` scores (one-hot for the hard vote). */
  testScores: Float32Array;
  /** Labels only (no probabilities): no ROC AUC, not selectable by log loss. */
  labelsOnly: boolean;
  /** Validation score; undefined for the hard vote. */
  validation: ValidationScore | undefined;
  /** Seconds of fitting the combiner. */
  fitSeconds: number;
  /** Bytes of the combiner's own parameters (float32). */
  parameterBytes: number;
  /** What was fitted (weights, chosen penalty). */
  detail: string;
}

/** The CNN ensembles and the one chosen on validation. */
export interface CnnEnsembles {
  ensembles: FittedEnsemble[];
  /** Name of the ensemble with the smallest validation log loss (out of fold). */
  selected: string;
}

/** Validation log loss (probabilities floored at 1e-7, as the ensemble package's combiners) and accuracy. */
function logLossAndAccuracy(scores: Float32Array, labels: ArrayLike<number>, numClasses: number) {
  return { logLoss: logLoss(labels, scores, { numClasses, eps: 1e-7 }), accuracy: accuracy(labels, argmaxRows(scores, numClasses)) };
}

function rows(scores: Float32Array, indices: number[], numClasses: number): Float32Array {
  const out = new Float32Array(indices.length * numClasses);
  indices.forEach((i, j) => out.set(scores.subarray(i * numClasses, (i + 1) * numClasses), j * numClasses));
  return out;
}

/** Out-of-fold validation score of the weighted soft vote: weights fitted on 4 folds, applied to the fifth. */
function weightedVoteOutOfFold(validationScores: Float32Array[], labels: ArrayLike<number>, numClasses: number, folds: number, seed: number): ValidationScore {
  const fold = stratifiedFolds(labels, { numClasses, folds, seed });
  const outOfFold = new Float32Array(labels.length * numClasses);
  for (let f = 0; f < folds; f++) {
    const fit: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < labels.length; i++) (fold[i] === f ? held : fit).push(i);
    const { weights } = fitSoftVoteWeights(
      validationScores.map((s) => rows(s, fit, numClasses)),
      fit.map((i) => labels[i]),
      { numClasses },
    );
    const voted = softVote(validationScores.map((s) => rows(s, held, numClasses)), { numClasses, weights });
    held.forEach((i, j) => outOfFold.set(voted.subarray(j * numClasses, (j + 1) * numClasses), i * numClasses));
  }
  return { ...logLossAndAccuracy(outOfFold, labels, numClasses), how: 'out-of-fold' };
}

/**
 * The ensembles of the CNNs (`@digitkit/ensemble`), every combiner fitted on the validation part only — the test
 * set is only predicted: the soft vote (equal weights), the weighted soft vote (weights with the smallest validation
 * log loss), the hard vote, and stacking (logistic-regression meta-learner, its penalty chosen by 5-fold
 * cross-validation on the validation part). The selected ensemble is the one with the smallest validation log loss,
 * out of fold for the fitted combiners, so a combiner that overfits the validation part is not preferred.
 */
export function fitCnnEnsembles(cnns: MemberOutcome[], validation: DigitDataset, seed: number): CnnEnsembles {
  const numClasses = validation.numClasses;
  const validationScores = cnns.map((m) => m.validationProbabilities!);
  const testScores = cnns.map((m) => m.testProbabilities);
  const labels = validation.labels;
  const ensembles: FittedEnsemble[] = [];
  const timed = <T>(fit: () => T): [T, number] => {
    const start = performance.now();
    const value = fit();
    return [value, (performance.now() - start) / 1000];
  };

  ensembles.push({
    name: 'soft-vote',
    testScores: softVote(testScores, { numClasses }),
    labelsOnly: false,
    validation: { ...logLossAndAccuracy(softVote(validationScores, { numClasses }), labels, numClasses), how: 'plain' },
    fitSeconds: 0,
    parameterBytes: 0,
    detail: 'equal weights',
  });

  const voted = hardVote(testScores.map((s) => argmaxRows(s, numClasses)), { numClasses });
  const oneHot = new Float32Array(voted.length * numClasses);
  voted.forEach((label, i) => (oneHot[i * numClasses + label] = 1));
  const hard: FittedEnsemble = { name: 'hard-vote', testScores: oneHot, labelsOnly: true, validation: undefined, fitSeconds: 0, parameterBytes: 0, detail: 'majority, ties to the smaller label' };
  // A validation part too small to cross-validate (a --limit of a few dozen images): the parameter-free votes only.
  const folds = Math.min(VALIDATION_FOLDS, validation.count);
  if (folds < 2) return { ensembles: [...ensembles, hard], selected: 'soft-vote' };

  const [weights, weightsSeconds] = timed(() => fitSoftVoteWeights(validationScores, labels, { numClasses }));
  const names = cnns.map((m) => m.name);
  ensembles.push({
    name: 'weighted-vote',
    testScores: softVote(testScores, { numClasses, weights: weights.weights }),
    labelsOnly: false,
    validation: weightedVoteOutOfFold(validationScores, labels, numClasses, folds, seed),
    fitSeconds: weightsSeconds,
    parameterBytes: 4 * cnns.length,
    detail: `weights ${weights.weights.map((w, m) => `${names[m]} ${w.toFixed(2)}`).join(', ')} (grid of 0.05, smallest validation log loss)`,
  });

  ensembles.push(hard);

  const [stacking, stackingSeconds] = timed(() =>
    fitCrossValidatedStacking(validationScores, labels, { numClasses, folds, seed }),
  );
  ensembles.push({
    name: 'stacking',
    testScores: stacking.predict(testScores),
    labelsOnly: false,
    validation: { logLoss: stacking.outOfFold.logLoss, accuracy: stacking.outOfFold.accuracy, how: 'out-of-fold' },
    fitSeconds: stackingSeconds,
    parameterBytes: 4 * (cnns.length * numClasses + 1) * numClasses,
    detail: `L2 penalty ${stacking.l2} chosen by ${folds}-fold cross-validation (out-of-fold log loss ${stacking.crossValidation
      .map((c) => `${c.l2}: ${c.logLoss.toFixed(4)}`)
      .join(', ')})`,
  });

  const selectable = ensembles.filter((e) => e.validation !== undefined);
  const selected = selectable.reduce((a, b) => (b.validation!.logLoss < a.validation!.logLoss ? b : a)).name;
  return { ensembles, selected };
}
