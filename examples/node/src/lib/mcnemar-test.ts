/** Result of {@link mcnemarTest}. */
export interface McNemarResult {
  /** Examples model A classifies right and model B wrong. */
  onlyARight: number;
  /** Examples model B classifies right and model A wrong. */
  onlyBRight: number;
  /** `'exact'` (binomial, when `onlyARight + onlyBRight < 25`) or `'chi-squared'` (with continuity correction). */
  method: 'exact' | 'chi-squared';
  /** The χ² statistic `(|b − c| − 1)² / (b + c)` (for `exact`: `min(b, c)`, as statsmodels reports). */
  statistic: number;
  /** Two-sided p-value: the chance of a difference at least this large if both models were equally accurate. */
  pValue: number;
}

/**
 * McNemar's test of two classifiers on the same examples: do they differ in accuracy beyond chance? Only the
 * examples exactly one of them gets right count. Exact binomial test when there are fewer than 25 of them, else the
 * χ² test with Edwards' continuity correction — statsmodels' `mcnemar(table, exact=…, correction=True)`.
 * @digitkit/metrics has no McNemar test; this is the CLI's until it does.
 *
 * @param labels - True labels, length N.
 * @param predictedA - Model A's labels, length N.
 * @param predictedB - Model B's labels, length N.
 */
export function mcnemarTest(labels: ArrayLike<number>, predictedA: ArrayLike<number>, predictedB: ArrayLike<number>): McNemarResult {
  if (predictedA.length !== labels.length || predictedB.length !== labels.length) {
    throw new RangeError(`mcnemarTest: expected ${labels.length} predictions of each model, got ${predictedA.length} and ${predictedB.length}`);
  }
  let b = 0;
  let c = 0;
  for (let i = 0; i < labels.length; i++) {
    const aRight = predictedA[i] === labels[i];
    const bRight = predictedB[i] === labels[i];
    if (aRight && !bRight) b++;
    else if (bRight && !aRight) c++;
  }
  const n = b + c;
  if (n < 25) {
    // P(X <= min(b, c)) for X ~ Binomial(n, 1/2), doubled, at most 1.
    let tail = 0;
    let term = 0.5 ** n; // C(n, 0) / 2^n
    for (let k = 0; k <= Math.min(b, c); k++) {
      tail += term;
      term *= (n - k) / (k + 1);
    }
    return { onlyARight: b, onlyBRight: c, method: 'exact', statistic: Math.min(b, c), pValue: Math.min(1, 2 * tail) };
  }
  const statistic = (Math.abs(b - c) - 1) ** 2 / n;
  return { onlyARight: b, onlyBRight: c, method: 'chi-squared', statistic, pValue: chiSquaredOneSurvival(statistic) };
}

/** Survival function of the χ² distribution with one degree of freedom: `erfc(√(x/2))`. */
function chiSquaredOneSurvival(x: number): number {
  return erfc(Math.sqrt(x / 2));
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
