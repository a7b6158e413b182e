import type { LabelArray } from './types.js';
import { checkLabels, checkSameLength } from './validate.js';

/** Result of {@link mcnemarTest}. */
export interface McNemarResult {
  /** Examples model A classifies right and model B wrong. */
  onlyARight: number;
  /** Examples model B classifies right and model A wrong. */
  onlyBRight: number;
  /** `'exact'` (binomial, when `onlyARight + onlyBRight < 25`) or `'chi-squared'` (with continuity correction). */
  method: 'exact' | 'chi-squared';
  /** The χ² statistic `(|b − c| − 1)² / (b + c)`; for `'exact'`, `min(b, c)` (as statsmodels reports it). */
  statistic: number;
  /** Two-sided p-value: the chance of a difference at least this large if both models were equally accurate. */
  pValue: number;
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7 everywhere). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const polynomial =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
      t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + polynomial);
  return x >= 0 ? r : 2 - r;
}

/**
 * McNemar's test of two classifiers on the same examples: do they differ in accuracy beyond chance? Only the
 * examples exactly one of them gets right count (`b`, `c`). Exact two-sided binomial test when `b + c < 25`, else the
 * χ² test with Edwards' continuity correction — statsmodels' `mcnemar(table, exact=b + c < 25, correction=True)`.
 *
 * @param yTrue - True labels, length `N`, non-negative integers.
 * @param yPredA - Model A's predicted labels, length `N`.
 * @param yPredB - Model B's predicted labels, length `N`.
 * @returns The discordant counts, the method, the statistic and the two-sided p-value in `[0, 1]`.
 * @throws RangeError/TypeError on empty or mismatched arrays or labels that are not non-negative integers.
 */
export function mcnemarTest(yTrue: LabelArray, yPredA: LabelArray, yPredB: LabelArray): McNemarResult {
  const length = checkSameLength('mcnemarTest', 'yTrue', yTrue, 'yPredA', yPredA);
  checkSameLength('mcnemarTest', 'yTrue', yTrue, 'yPredB', yPredB);
  checkLabels('mcnemarTest', 'yTrue', yTrue);
  checkLabels('mcnemarTest', 'yPredA', yPredA);
  checkLabels('mcnemarTest', 'yPredB', yPredB);
  let b = 0;
  let c = 0;
  for (let i = 0; i < length; i++) {
    const aRight = yPredA[i] === yTrue[i];
    const bRight = yPredB[i] === yTrue[i];
    if (aRight && !bRight) b++;
    else if (bRight && !aRight) c++;
  }
  const n = b + c;
  if (n < 25) {
    // 2 · P(X ≤ min(b, c)) for X ~ Binomial(n, 1/2), at most 1.
    let tail = 0;
    let term = 0.5 ** n;
    for (let k = 0; k <= Math.min(b, c); k++) {
      tail += term;
      term *= (n - k) / (k + 1);
    }
    return { onlyARight: b, onlyBRight: c, method: 'exact', statistic: Math.min(b, c), pValue: Math.min(1, 2 * tail) };
  }
  const statistic = (Math.abs(b - c) - 1) ** 2 / n;
  // Survival function of χ² with one degree of freedom: erfc(√(x / 2)).
  return { onlyARight: b, onlyBRight: c, method: 'chi-squared', statistic, pValue: erfc(Math.sqrt(statistic / 2)) };
}
