import { checkMemberScores, checkNumClasses, checkWeights, type ScoreArray } from './validate';

/** Options of {@link softVote}. */
export interface SoftVoteOptions {
  /** Number of classes (columns of each member's score rows). */
  numClasses: number;
  /** One weight ≥ 0 per member; default: equal weights. */
  weights?: readonly number[];
}

/**
 * Soft voting (scikit-learn's `VotingClassifier(voting='soft')`): the weighted mean of the members' class
 * probabilities. Each member's scores are a flat `[N, numClasses]` array; returns the averaged `[N, numClasses]`
 * probabilities as a `Float32Array` (take {@link argmaxRows} for labels).
 */
export function softVote(memberScores: readonly ScoreArray[], options: SoftVoteOptions): Float32Array {
  const numClasses = checkNumClasses('softVote', options?.numClasses);
  checkMemberScores('softVote', memberScores, numClasses);
  const weights = checkWeights('softVote', options.weights, memberScores.length);
  const total = weights.reduce((a, b) => a + b, 0);
  const sum = new Float64Array(memberScores[0].length);
  memberScores.forEach((scores, member) => {
    const w = weights[member] / total;
    if (w === 0) return;
    for (let i = 0; i < sum.length; i++) sum[i] += w * scores[i];
  });
  return Float32Array.from(sum);
}
