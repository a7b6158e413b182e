import { checkArrayLike, checkOptions } from '@digitkit/core';
import { checkLabels, checkMemberList, checkNumClasses, checkWeights } from './validate.js';

/** Options of {@link hardVote}. */
export interface HardVoteOptions {
  /** Number of classes, an integer ≥ 2; every prediction is an integer in `[0, numClasses)`. Required. */
  numClasses: number;
  /** One weight ≥ 0 per member, not all zero. Default: equal weights. */
  weights?: readonly number[];
}

const HARD_VOTE_OPTIONS = ['numClasses', 'weights'] as const;

/**
 * Hard (majority) voting, as scikit-learn's `VotingClassifier(voting='hard')`: each member votes its predicted
 * label with its weight; the label with the largest total wins, ties going to the smallest label.
 * `memberPredictions[m][i]` is member m's label for example i. Returns `N` labels as an `Int32Array`.
 * Memory is `O(N + members)` whatever `numClasses` is (votes are tallied over the labels actually voted for).
 *
 * @throws TypeError/RangeError (before any work) for unknown options, a bad `numClasses`, members of different
 *   lengths, labels that are not integers in `[0, numClasses)`, or bad weights.
 */
export function hardVote(memberPredictions: readonly ArrayLike<number>[], options: HardVoteOptions): Int32Array {
  const fn = 'hardVote';
  const { numClasses: classes, weights: requested } = checkOptions(fn, options, HARD_VOTE_OPTIONS);
  const numClasses = checkNumClasses(fn, classes);
  const members = checkMemberList(fn, 'memberPredictions', memberPredictions, 'label arrays');
  const count = checkArrayLike(fn, 'memberPredictions[0]', memberPredictions[0], { nonEmpty: false });
  if (count === 0) throw new RangeError('hardVote: expected at least one prediction per member, got 0');
  memberPredictions.forEach((labels, m) => checkLabels(fn, `memberPredictions[${m}]`, labels, count, numClasses));
  const weights = checkWeights(fn, requested, members);
  // At most `members` distinct labels get votes per example: tally them in two small arrays.
  const labelsVoted = new Float64Array(members);
  const votes = new Float64Array(members);
  const result = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let distinct = 0;
    for (let m = 0; m < members; m++) {
      const label = memberPredictions[m][i];
      let slot = 0;
      while (slot < distinct && labelsVoted[slot] !== label) slot++;
      if (slot === distinct) {
        labelsVoted[distinct] = label;
        votes[distinct++] = 0;
      }
      votes[slot] += weights[m];
    }
    let best = labelsVoted[0];
    let bestVotes = votes[0];
    for (let slot = 1; slot < distinct; slot++) {
      if (votes[slot] > bestVotes || (votes[slot] === bestVotes && labelsVoted[slot] < best)) {
        best = labelsVoted[slot];
        bestVotes = votes[slot];
      }
    }
    result[i] = best;
  }
  return result;
}
