import { checkLabels, checkNumClasses, checkWeights } from './validate';

/** Options of {@link hardVote}. */
export interface HardVoteOptions {
  /** Number of classes; every prediction is an integer in `[0, numClasses)`. */
  numClasses: number;
  /** One weight ≥ 0 per member; default: equal weights. */
  weights?: readonly number[];
}

/**
 * Hard (majority) voting, as scikit-learn's `VotingClassifier(voting='hard')`: each member votes its predicted
 * label with its weight; the label with the largest total wins, ties going to the smallest label.
 * `memberPredictions[m][i]` is member m's label for example i. Returns `N` labels as an `Int32Array`.
 */
export function hardVote(memberPredictions: readonly ArrayLike<number>[], options: HardVoteOptions): Int32Array {
  const numClasses = checkNumClasses('hardVote', options?.numClasses);
  if (!Array.isArray(memberPredictions) || memberPredictions.length === 0) {
    throw new RangeError('hardVote: expected a non-empty array of member predictions');
  }
  const count = memberPredictions[0]?.length ?? 0;
  if (count === 0) throw new RangeError('hardVote: expected at least one prediction per member, got 0');
  memberPredictions.forEach((labels, m) => checkLabels('hardVote', `memberPredictions[${m}]`, labels, count, numClasses));
  const weights = checkWeights('hardVote', options.weights, memberPredictions.length);
  const votes = new Float64Array(numClasses);
  const result = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    votes.fill(0);
    for (let m = 0; m < memberPredictions.length; m++) votes[memberPredictions[m][i]] += weights[m];
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (votes[c] > votes[best]) best = c;
    result[i] = best;
  }
  return result;
}
