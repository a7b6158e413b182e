/**
 * Internal: the ensemble-domain argument checks (score arrays, label arrays, member weights), built on the
 * primitives of `@digitkit/core` and its one message format `<function>: expected <what>, got <found>`. Every
 * ensemble function runs them before any work or allocation.
 */
import { checkArrayLike, checkInteger, describeValue } from '@digitkit/core';

/** Flat row-major class scores: `N * numClasses` values, one row of class probabilities per example. */
export type ScoreArray = Float32Array | Float64Array | readonly number[];

/** `options.numClasses`: an integer ≥ 2 (an ensemble of one-class classifiers decides nothing). */
export function checkNumClasses(fn: string, numClasses: unknown): number {
  return checkInteger(fn, 'options.numClasses', numClasses, { min: 2 });
}

/** Checks that `memberScores` is a non-empty array (one entry per member), whose length it returns. */
export function checkMemberList(fn: string, name: string, members: unknown, what: string): number {
  if (!Array.isArray(members)) {
    throw new TypeError(`${fn}: expected ${name} to be a non-empty array of ${what} (one per member), got ${describeValue(members)}`);
  }
  if (members.length === 0) {
    throw new RangeError(`${fn}: expected ${name} to be a non-empty array of ${what} (one per member), got an empty array`);
  }
  return members.length;
}

/**
 * Checks that every member's scores are finite, non-negative numbers, all of the same length `N * numClasses`
 * (N ≥ 1); returns N.
 */
export function checkMemberScores(fn: string, memberScores: readonly ScoreArray[], numClasses: number): number {
  checkMemberList(fn, 'memberScores', memberScores, 'score arrays');
  const length = checkArrayLike(fn, 'memberScores[0]', memberScores[0], { nonEmpty: false });
  if (length === 0 || length % numClasses !== 0) {
    throw new RangeError(`${fn}: expected member 0's scores to hold N*${numClasses} values (N ≥ 1), got ${length} values`);
  }
  memberScores.forEach((scores, member) => {
    const memberLength = checkArrayLike(fn, `memberScores[${member}]`, scores, { nonEmpty: false });
    if (memberLength !== length) {
      throw new RangeError(`${fn}: expected member ${member}'s scores to hold ${length} values like member 0, got ${memberLength}`);
    }
    for (let i = 0; i < length; i++) {
      const v = scores[i];
      if (typeof v === 'number' && v >= 0 && v < Infinity) continue;
      const error = typeof v === 'number' ? RangeError : TypeError;
      throw new error(`${fn}: expected finite non-negative scores, got ${describeValue(v)} at member ${member}, index ${i}`);
    }
  });
  return length / numClasses;
}

/** Checks one weight ≥ 0 per member, not all zero (default: all 1). */
export function checkWeights(fn: string, weights: unknown, members: number): Float64Array {
  if (weights === undefined) return new Float64Array(members).fill(1);
  const length = checkArrayLike(fn, 'options.weights', weights, { nonEmpty: false });
  if (length !== members) {
    throw new RangeError(`${fn}: expected ${members} weights (one per member), got ${length}`);
  }
  const values = weights as ArrayLike<unknown>;
  let total = 0;
  const out = new Float64Array(members);
  for (let i = 0; i < members; i++) {
    const w = values[i];
    if (typeof w !== 'number' || !(w >= 0 && w < Infinity)) {
      const error = typeof w === 'number' ? RangeError : TypeError;
      throw new error(`${fn}: expected finite weights ≥ 0, got ${describeValue(w)} at member ${i}`);
    }
    out[i] = w;
    total += w;
  }
  if (total === 0) throw new RangeError(`${fn}: expected at least one positive weight, got all zeros`);
  return out;
}

/** Checks `count` labels, each an integer in `[0, numClasses)`. */
export function checkLabels(fn: string, name: string, labels: unknown, count: number, numClasses: number): void {
  const length = checkArrayLike(fn, name, labels, { nonEmpty: false });
  if (length !== count) {
    throw new RangeError(`${fn}: expected ${name} to hold ${count} labels, got ${length}`);
  }
  const values = labels as ArrayLike<unknown>;
  for (let i = 0; i < count; i++) {
    const y = values[i];
    if (typeof y === 'number' && Number.isInteger(y) && y >= 0 && y < numClasses) continue;
    const error = typeof y === 'number' ? RangeError : TypeError;
    throw new error(`${fn}: expected ${name}[${i}] to be an integer in [0, ${numClasses}), got ${describeValue(y)}`);
  }
}
