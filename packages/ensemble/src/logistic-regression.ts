/**
 * Transitional adapter: the L-BFGS multinomial logistic regression moved to `@digitkit/classic-models/linear`
 * (pure TypeScript, no tfjs). This file keeps the old `(x, labels, numFeatures, options)` signatures that
 * `index.ts` re-exports; the stacking meta-learner imports the moved model directly.
 */
import { fitLogisticRegression as fitModel, logisticLossAndGradient } from '@digitkit/classic-models/linear';

export { logisticLossAndGradient };

/** A fitted model: `weights` is `[numFeatures, numClasses]` row-major, `bias` is `[numClasses]`. */
export interface LogisticRegressionModel {
  numFeatures: number;
  numClasses: number;
  weights: Float64Array;
  bias: Float64Array;
}

/** Options of {@link fitLogisticRegression}. */
export interface LogisticRegressionOptions {
  numClasses: number;
  /** L2 penalty on the weights; default 1e-3. */
  l2?: number;
  /** L-BFGS iterations at most; default 200. */
  maxIterations?: number;
  /** Stop when the gradient's max-norm falls below this; default 1e-6. */
  tolerance?: number;
}

/** Fits the model by L-BFGS (memory 10) with a backtracking Armijo line search (`@digitkit/classic-models/linear`). */
export function fitLogisticRegression(
  x: Float64Array,
  labels: ArrayLike<number>,
  numFeatures: number,
  options: LogisticRegressionOptions,
): LogisticRegressionModel & { iterations: number; loss: number } {
  const model = fitModel(
    { features: { values: x, count: labels.length, numFeatures }, labels, numClasses: options.numClasses },
    { l2: options.l2 ?? 1e-3, maxIterations: options.maxIterations ?? 200, tolerance: options.tolerance ?? 1e-6 },
  );
  return { numFeatures, numClasses: options.numClasses, weights: model.weights, bias: model.bias, iterations: model.iterations, loss: model.loss };
}

/** Class probabilities `[N, K]` (flat) of a fitted model for features `[N, F]`. */
export function predictLogisticRegression(model: LogisticRegressionModel, x: Float64Array): Float32Array {
  const { numFeatures, numClasses: k, weights, bias } = model;
  const count = x.length / numFeatures;
  const out = new Float32Array(count * k);
  const logits = new Float64Array(k);
  for (let i = 0; i < count; i++) {
    logits.set(bias);
    for (let f = 0; f < numFeatures; f++) {
      const v = x[i * numFeatures + f];
      for (let c = 0; c < k; c++) logits[c] += v * weights[f * k + c];
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (logits[c] > max) max = logits[c];
    let sum = 0;
    for (let c = 0; c < k; c++) sum += logits[c] = Math.exp(logits[c] - max);
    for (let c = 0; c < k; c++) out[i * k + c] = logits[c] / sum;
  }
  return out;
}
