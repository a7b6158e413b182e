/** Shared argument checks: every ensemble function validates before any work or allocation. */

/** Flat row-major class scores: `N * numClasses` values, one row of class probabilities per example. */
export type ScoreArray = Float32Array | Float64Array | readonly number[];

export function checkNumClasses(fn: string, numClasses: unknown): number {
  if (typeof numClasses !== 'number' || !Number.isInteger(numClasses) || numClasses < 2) {
    throw new RangeError(`${fn}: expected numClasses to be an integer ≥ 2, got ${String(numClasses)}`);
  }
  return numClasses;
}

/** Checks that every member's scores are finite, non-negative and of the same length `N * numClasses`; returns N. */
export function checkMemberScores(fn: string, memberScores: readonly ScoreArray[], numClasses: number): number {
  if (!Array.isArray(memberScores) || memberScores.length === 0) {
    throw new RangeError(`${fn}: expected a non-empty array of member scores, got ${describe(memberScores)}`);
  }
  const length = memberScores[0]?.length;
  if (typeof length !== 'number' || length === 0 || length % numClasses !== 0) {
    throw new RangeError(
      `${fn}: expected member 0's scores to hold N*${numClasses} values (N ≥ 1), got ${String(length)} values`,
    );
  }
  memberScores.forEach((scores, member) => {
    if (scores?.length !== length) {
      throw new RangeError(`${fn}: expected member ${member}'s scores to hold ${length} values like member 0, got ${scores?.length}`);
    }
    for (let i = 0; i < length; i++) {
      const v = scores[i];
      if (!(v >= 0) || !Number.isFinite(v)) {
        throw new RangeError(`${fn}: expected finite non-negative scores, got ${v} at member ${member}, index ${i}`);
      }
    }
  });
  return length / numClasses;
}

export function checkWeights(fn: string, weights: readonly number[] | undefined, members: number): Float64Array {
  if (weights === undefined) return new Float64Array(members).fill(1);
  if (weights.length !== members) {
    throw new RangeError(`${fn}: expected ${members} weights (one per member), got ${weights.length}`);
  }
  let total = 0;
  const out = new Float64Array(members);
  weights.forEach((w, i) => {
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`${fn}: expected finite weights ≥ 0, got ${w} at member ${i}`);
    out[i] = w;
    total += w;
  });
  if (total === 0) throw new RangeError(`${fn}: expected at least one positive weight, got all zeros`);
  return out;
}

export function checkLabels(fn: string, name: string, labels: ArrayLike<number>, count: number, numClasses: number): void {
  if (labels?.length !== count) {
    throw new RangeError(`${fn}: expected ${name} to hold ${count} labels, got ${labels?.length}`);
  }
  for (let i = 0; i < count; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= numClasses) {
      throw new RangeError(`${fn}: expected ${name}[${i}] to be an integer in [0, ${numClasses}), got ${y}`);
    }
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return value === null ? 'null' : typeof value;
}
