import { checkInteger, checkOptions } from '@digitkit/core';
import { checkLabels } from './internal/validate.js';

/** Result of {@link classDistribution}. */
export interface ClassDistribution {
  /** Examples per class, length `numClasses`. */
  counts: number[];
  /** `counts / total` (0 when `total` is 0), length `numClasses`. */
  fractions: number[];
  /** Number of labels. */
  total: number;
  /** Label with the most examples (the smallest such label on ties); -1 when empty. */
  majority: number;
  /** Label with the fewest examples, counting empty classes (the smallest such label on ties); -1 when empty. */
  minority: number;
  /** `counts[majority] / counts[minority]` (Infinity when a class is empty, NaN when there are no labels). */
  imbalanceRatio: number;
}

/**
 * Counts the examples of each class (the data for the papers' bar and pie charts).
 * @param labels integer labels in `[0, numClasses)`
 * @param options `{ numClasses = 10 }` (at most 2^20 classes)
 */
export function classDistribution(labels: ArrayLike<number>, options: { numClasses?: number } = {}): ClassDistribution {
  checkOptions('classDistribution', options, ['numClasses']);
  const numClasses = checkInteger('classDistribution', 'options.numClasses', options.numClasses ?? 10, { min: 1, max: 2 ** 20 });
  checkLabels('classDistribution', labels, numClasses);
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const total = labels.length;
  let majority = -1;
  let minority = -1;
  if (total > 0) {
    majority = 0;
    minority = 0;
    for (let c = 1; c < numClasses; c++) {
      if (counts[c] > counts[majority]) majority = c;
      if (counts[c] < counts[minority]) minority = c;
    }
  }
  return {
    counts,
    fractions: counts.map((c) => (total === 0 ? 0 : c / total)),
    total,
    majority,
    minority,
    imbalanceRatio: total === 0 ? Number.NaN : counts[majority] / counts[minority],
  };
}
