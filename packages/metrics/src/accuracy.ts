import type { LabelArray } from './types.js';
import { checkLabels, checkSameLength } from './validate.js';

/**
 * Fraction of examples whose predicted label equals the true label (scikit-learn `accuracy_score`).
 *
 * @param yTrue - true labels, length `N`, non-negative integers.
 * @param yPred - predicted labels, length `N`, non-negative integers.
 * @returns accuracy in `[0, 1]`.
 * @throws RangeError/TypeError on empty or mismatched arrays or labels that are not non-negative integers.
 */
export function accuracy(yTrue: LabelArray, yPred: LabelArray): number {
  const length = checkSameLength('accuracy', 'yTrue', yTrue, 'yPred', yPred);
  checkLabels('accuracy', 'yTrue', yTrue);
  checkLabels('accuracy', 'yPred', yPred);
  let correct = 0;
  for (let i = 0; i < length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / length;
}
