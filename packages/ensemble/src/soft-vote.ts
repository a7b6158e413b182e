import { checkOptions } from '@digitkit/core';
import { checkMemberScores, checkNumClasses, checkWeights, type ScoreArray } from './validate.js';

/** Options of {@link softVote}. */
export interface SoftVoteOptions {
  /** Number of classes (columns of each member's score rows), an integer ≥ 2. Required. */
  numClasses: number;
  /** One weight ≥ 0 per member, not all zero. Default: equal weights. */
  weights?: readonly number[];
}

const SOFT_VOTE_OPTIONS = ['numClasses', 'weights'] as const;

/**
 * Soft voting (scikit-learn's `VotingClassifier(voting='soft')`): the weighted mean of the members' class
 * probabilities. Each member's scores are a flat `[N, numClasses]` array; returns the averaged `[N, numClasses]`
 * probabilities as a `Float32Array` (take {@link argmaxRows} for labels).
 *
 * @throws TypeError/RangeError (before any work) for unknown options, a bad `numClasses`, members of different
 *   lengths, NaN, infinite or negative scores, or bad weights.
 */
export function softVote(memberScores: readonly ScoreArray[], options: SoftVoteOptions): Float32Array {
  const fn = 'softVote';
  const { numClasses: classes, weights: requested } = checkOptions(fn, options, SOFT_VOTE_OPTIONS);
  const numClasses = checkNumClasses(fn, classes);
  checkMemberScores(fn, memberScores, numClasses);
  const weights = checkWeights(fn, requested, memberScores.length);
  const total = weights.reduce((a, b) => a + b, 0);
  const sum = new Float64Array(memberScores[0].length);
  memberScores.forEach((scores, member) => {
    const w = weights[member] / total;
    if (w === 0) return;
    for (let i = 0; i < sum.length; i++) sum[i] += w * scores[i];
  });
  return Float32Array.from(sum);
}
