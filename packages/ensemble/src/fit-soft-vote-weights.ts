import { checkInteger, checkOptions } from '@digitkit/core';
import { logLossAndAccuracy, PROBABILITY_FLOOR } from './log-loss.js';
import { softVote } from './soft-vote.js';
import { checkLabels, checkMemberScores, checkNumClasses, type ScoreArray } from './validate.js';

/** Options of {@link fitSoftVoteWeights}. */
export interface SoftVoteWeightsOptions {
  /** Number of classes, an integer ≥ 2. Required. */
  numClasses: number;
  /** Grid resolution: every weight is a multiple of `1 / divisions`, an integer ≥ 1. Default 20 (steps of 0.05). */
  divisions?: number;
}

/** Weights of a soft vote chosen on held-out data by {@link fitSoftVoteWeights}. */
export interface SoftVoteWeights {
  /** One weight per member, ≥ 0, summing to 1 (pass as `softVote`'s `weights`). */
  weights: number[];
  /** Mean cross-entropy of the weighted soft vote on the data it was chosen on. */
  logLoss: number;
  /** Accuracy of the weighted soft vote on the data it was chosen on. */
  accuracy: number;
  /** Weight vectors tried (the grid's size). */
  candidates: number;
}

const SOFT_VOTE_WEIGHTS_OPTIONS = ['numClasses', 'divisions'] as const;

/** Largest grid searched: `C(divisions + members − 1, members − 1)` weight vectors. */
const MAX_CANDIDATES = 1_000_000;

/** Binomial coefficient C(n, k) as a float (exact below 2^53, here bounded by MAX_CANDIDATES long before that). */
function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

/**
 * Soft-vote weights chosen on held-out data (a validation part; never the test set): an exhaustive search of the
 * simplex grid (weights ≥ 0, multiples of `1 / divisions`, summing to 1) for the smallest mean cross-entropy of the
 * weighted mean of the members' probabilities. Of equally good vectors the one nearest to equal weights wins, so
 * members that agree everywhere keep equal weights. A member that only adds noise gets weight 0.
 *
 * Cost: `candidates × N × members` additions (the log loss needs only the true class's probability), e.g. 231
 * candidates for 3 members at the default 20 divisions.
 *
 * @throws TypeError/RangeError before any work for unknown options, bad scores or labels, or a grid above 1,000,000
 *   candidates.
 */
export function fitSoftVoteWeights(memberScores: readonly ScoreArray[], yTrue: ArrayLike<number>, options: SoftVoteWeightsOptions): SoftVoteWeights {
  const fn = 'fitSoftVoteWeights';
  const { numClasses: classes, divisions: requested = 20 } = checkOptions(fn, options, SOFT_VOTE_WEIGHTS_OPTIONS);
  const numClasses = checkNumClasses(fn, classes);
  const divisions = checkInteger(fn, 'options.divisions', requested, { min: 1 });
  const count = checkMemberScores(fn, memberScores, numClasses);
  checkLabels(fn, 'yTrue', yTrue, count, numClasses);
  const members = memberScores.length;
  const candidates = binomial(divisions + members - 1, members - 1);
  if (candidates > MAX_CANDIDATES) {
    throw new RangeError(
      `${fn}: expected at most ${MAX_CANDIDATES} weight vectors (C(divisions + members - 1, members - 1)), got ${candidates} for ${members} members and ${divisions} divisions; lower options.divisions`,
    );
  }
  // Only the true class's probability enters the log loss.
  const truth = new Float64Array(members * count);
  for (let m = 0; m < members; m++) {
    const scores = memberScores[m];
    for (let i = 0; i < count; i++) truth[m * count + i] = scores[i * numClasses + yTrue[i]];
  }
  const units = new Int32Array(members);
  const best = { loss: Infinity, distance: Infinity, units: new Int32Array(members) };
  const mixed = new Float64Array(count);
  const evaluate = () => {
    mixed.fill(0);
    for (let m = 0; m < members; m++) {
      const w = units[m] / divisions;
      if (w === 0) continue;
      for (let i = 0; i < count; i++) mixed[i] += w * truth[m * count + i];
    }
    let loss = 0;
    for (let i = 0; i < count; i++) loss -= Math.log(Math.max(mixed[i], PROBABILITY_FLOOR));
    loss /= count;
    let distance = 0;
    for (let m = 0; m < members; m++) distance += (units[m] / divisions - 1 / members) ** 2;
    // Float sums of equal mixtures can differ in the last bits: a relative 1e-12 counts as a tie.
    const tie = Math.abs(loss - best.loss) <= 1e-12 * Math.max(1, Math.abs(loss));
    if ((!tie && loss < best.loss) || (tie && distance < best.distance)) {
      best.loss = loss;
      best.distance = distance;
      best.units.set(units);
    }
  };
  // Every composition of `divisions` into `members` non-negative parts.
  const walk = (member: number, left: number) => {
    if (member === members - 1) {
      units[member] = left;
      evaluate();
      return;
    }
    for (let u = left; u >= 0; u--) {
      units[member] = u;
      walk(member + 1, left - u);
    }
  };
  walk(0, divisions);
  const weights = Array.from(best.units, (u) => u / divisions);
  const { logLoss, accuracy } = logLossAndAccuracy(softVote(memberScores, { numClasses, weights }), yTrue, numClasses);
  return { weights, logLoss, accuracy, candidates };
}
