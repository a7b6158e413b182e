import { checkNumClasses, type ScoreArray } from './validate';

/**
 * Index of the largest score in each row of a flat `[N, numClasses]` score array (first index wins ties,
 * like `numpy.argmax`). Returns `N` labels as an `Int32Array`.
 */
export function argmaxRows(scores: ScoreArray, numClasses: number): Int32Array {
  checkNumClasses('argmaxRows', numClasses);
  if (scores.length % numClasses !== 0) {
    throw new RangeError(`argmaxRows: expected N*${numClasses} scores, got ${scores.length}`);
  }
  const count = scores.length / numClasses;
  const labels = new Int32Array(count);
  for (let row = 0, offset = 0; row < count; row++, offset += numClasses) {
    let best = 0;
    let bestScore = scores[offset];
    for (let c = 1; c < numClasses; c++) {
      if (scores[offset + c] > bestScore) {
        bestScore = scores[offset + c];
        best = c;
      }
    }
    labels[row] = best;
  }
  return labels;
}
