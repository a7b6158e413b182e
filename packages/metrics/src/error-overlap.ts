import type { LabelArray } from './types.js';
import { checkLabels, checkSameLength } from './validate.js';
import { checkArrayLike } from '@digitkit/core';

/** Most models {@link errorOverlap} compares (the result is a models × models matrix). */
export const MAX_OVERLAP_MODELS = 1024;

/**
 * Error overlap (diversity) of several classifiers on the same examples: `matrix[i][j]` is the number of examples
 * both model `i` and model `j` get wrong; the diagonal holds each model's error count. Few shared errors between two
 * accurate models is what lets an ensemble beat both.
 *
 * @param yTrue - True labels, length `N`, non-negative integers.
 * @param yPreds - One predicted-label array (length `N`) per model, 1 to 1024 models.
 * @returns A symmetric `models × models` matrix of counts.
 * @throws RangeError/TypeError on empty or mismatched arrays, labels that are not non-negative integers, or no models.
 */
export function errorOverlap(yTrue: LabelArray, yPreds: readonly LabelArray[]): number[][] {
  const models = checkArrayLike('errorOverlap', 'yPreds', yPreds);
  if (models > MAX_OVERLAP_MODELS) {
    throw new RangeError(`errorOverlap: expected at most ${MAX_OVERLAP_MODELS} models, got ${models}`);
  }
  checkLabels('errorOverlap', 'yTrue', yTrue);
  const wrong: Uint8Array[] = [];
  for (let m = 0; m < models; m++) {
    const length = checkSameLength('errorOverlap', 'yTrue', yTrue, `yPreds[${m}]`, yPreds[m]);
    checkLabels('errorOverlap', `yPreds[${m}]`, yPreds[m]);
    const errors = new Uint8Array(length);
    for (let i = 0; i < length; i++) errors[i] = yPreds[m][i] === yTrue[i] ? 0 : 1;
    wrong.push(errors);
  }
  const matrix = Array.from({ length: models }, () => new Array<number>(models).fill(0));
  for (let a = 0; a < models; a++) {
    for (let b = a; b < models; b++) {
      let both = 0;
      const x = wrong[a];
      const y = wrong[b];
      for (let i = 0; i < x.length; i++) both += x[i] & y[i];
      matrix[a][b] = both;
      matrix[b][a] = both;
    }
  }
  return matrix;
}
