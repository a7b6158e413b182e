/**
 * Multinomial logistic regression fitted by L-BFGS: the meta-learner of {@link fitStackingClassifier}.
 * Minimizes mean cross-entropy + (l2 / 2)·‖W‖² (the bias is not penalized), a smooth convex objective.
 */

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

/**
 * Objective and gradient at `params` (weights then bias, length `(F + 1) * K`), for features `x` `[N, F]` and labels.
 * Exported for the gradient check in the tests.
 */
export function logisticLossAndGradient(
  params: Float64Array,
  x: Float64Array,
  labels: ArrayLike<number>,
  numFeatures: number,
  numClasses: number,
  l2: number,
): { loss: number; gradient: Float64Array } {
  const count = labels.length;
  const k = numClasses;
  const biasOffset = numFeatures * k;
  const gradient = new Float64Array(params.length);
  const logits = new Float64Array(k);
  let loss = 0;
  for (let i = 0; i < count; i++) {
    const row = i * numFeatures;
    for (let c = 0; c < k; c++) logits[c] = params[biasOffset + c];
    for (let f = 0; f < numFeatures; f++) {
      const v = x[row + f];
      if (v === 0) continue;
      const w = f * k;
      for (let c = 0; c < k; c++) logits[c] += v * params[w + c];
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (logits[c] > max) max = logits[c];
    let sum = 0;
    for (let c = 0; c < k; c++) {
      logits[c] = Math.exp(logits[c] - max);
      sum += logits[c];
    }
    const y = labels[i];
    loss += Math.log(sum) - Math.log(logits[y]);
    for (let c = 0; c < k; c++) {
      const delta = logits[c] / sum - (c === y ? 1 : 0);
      gradient[biasOffset + c] += delta;
      for (let f = 0; f < numFeatures; f++) gradient[f * k + c] += delta * x[row + f];
    }
  }
  loss /= count;
  for (let j = 0; j < gradient.length; j++) gradient[j] /= count;
  for (let j = 0; j < biasOffset; j++) {
    loss += 0.5 * l2 * params[j] * params[j];
    gradient[j] += l2 * params[j];
  }
  return { loss, gradient };
}

/** Fits the model by L-BFGS (memory 10) with a backtracking Armijo line search. */
export function fitLogisticRegression(
  x: Float64Array,
  labels: ArrayLike<number>,
  numFeatures: number,
  options: LogisticRegressionOptions,
): LogisticRegressionModel & { iterations: number; loss: number } {
  const k = options.numClasses;
  const l2 = options.l2 ?? 1e-3;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  const size = (numFeatures + 1) * k;
  const evaluate = (p: Float64Array) => logisticLossAndGradient(p, x, labels, numFeatures, k, l2);

  let params = new Float64Array(size);
  let { loss, gradient } = evaluate(params);
  const history: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    if (maxAbs(gradient) < tolerance) break;
    const direction = twoLoopDirection(gradient, history);
    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      history.length = 0;
      for (let j = 0; j < size; j++) direction[j] = -gradient[j];
      slope = -dot(gradient, gradient);
    }
    let step = 1;
    let next = params;
    let nextEval = { loss, gradient };
    for (let tries = 0; tries < 40; tries++) {
      next = new Float64Array(size);
      for (let j = 0; j < size; j++) next[j] = params[j] + step * direction[j];
      nextEval = evaluate(next);
      if (nextEval.loss <= loss + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextEval.loss <= loss)) break;
    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      s[j] = next[j] - params[j];
      y[j] = nextEval.gradient[j] - gradient[j];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      history.push({ s, y, rho: 1 / sy });
      if (history.length > 10) history.shift();
    }
    const improvement = loss - nextEval.loss;
    params = next;
    loss = nextEval.loss;
    gradient = nextEval.gradient;
    if (improvement < 1e-14 * Math.max(1, Math.abs(loss))) break;
  }
  return {
    numFeatures,
    numClasses: k,
    weights: params.slice(0, numFeatures * k),
    bias: params.slice(numFeatures * k),
    iterations,
    loss,
  };
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

function twoLoopDirection(gradient: Float64Array, history: { s: Float64Array; y: Float64Array; rho: number }[]): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas = new Float64Array(history.length);
  for (let h = history.length - 1; h >= 0; h--) {
    const { s, y, rho } = history[h];
    alphas[h] = rho * dot(s, q);
    for (let j = 0; j < q.length; j++) q[j] -= alphas[h] * y[j];
  }
  if (history.length > 0) {
    const { s, y } = history[history.length - 1];
    const gamma = dot(s, y) / dot(y, y);
    for (let j = 0; j < q.length; j++) q[j] *= gamma;
  }
  for (let h = 0; h < history.length; h++) {
    const { s, y, rho } = history[h];
    const beta = rho * dot(y, q);
    for (let j = 0; j < q.length; j++) q[j] += s[j] * (alphas[h] - beta);
  }
  for (let j = 0; j < q.length; j++) q[j] = -q[j];
  return q;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
  return sum;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let j = 0; j < a.length; j++) max = Math.max(max, Math.abs(a[j]));
  return max;
}
