/** Internal: confusion counts in one flat typed array, the basis of every label-based metric. */
import type { LabelArray } from './types.js';

/**
 * Counts `(true, predicted)` pairs. Labels must already be validated to lie in `[0, numClasses)`.
 * Returns a row-major `[numClasses * numClasses]` Float64Array: `counts[t * numClasses + p]`.
 */
export function countMatrix(yTrue: LabelArray, yPred: LabelArray, numClasses: number): Float64Array {
  const counts = new Float64Array(numClasses * numClasses);
  const length = yTrue.length;
  for (let i = 0; i < length; i++) counts[yTrue[i] * numClasses + yPred[i]]++;
  return counts;
}

/** Per-class totals derived from flat confusion counts. */
export interface ClassTotals {
  /** Diagonal: correctly predicted examples per class. */
  truePositives: Float64Array;
  /** Row sums: examples per true class (support). */
  trueCounts: Float64Array;
  /** Column sums: examples per predicted class. */
  predictedCounts: Float64Array;
  /** Number of examples. */
  total: number;
}

/** Diagonal, row sums and column sums of flat confusion counts. */
export function classTotals(counts: Float64Array, numClasses: number): ClassTotals {
  const truePositives = new Float64Array(numClasses);
  const trueCounts = new Float64Array(numClasses);
  const predictedCounts = new Float64Array(numClasses);
  let total = 0;
  for (let t = 0; t < numClasses; t++) {
    const offset = t * numClasses;
    let row = 0;
    for (let p = 0; p < numClasses; p++) {
      const v = counts[offset + p];
      row += v;
      predictedCounts[p] += v;
    }
    trueCounts[t] = row;
    truePositives[t] = counts[offset + t];
    total += row;
  }
  return { truePositives, trueCounts, predictedCounts, total };
}

/** Converts flat counts to `number[][]` (rows = true class). */
export function toRows(counts: Float64Array, numClasses: number): number[][] {
  const rows: number[][] = new Array(numClasses);
  for (let t = 0; t < numClasses; t++) rows[t] = Array.from(counts.subarray(t * numClasses, (t + 1) * numClasses));
  return rows;
}
