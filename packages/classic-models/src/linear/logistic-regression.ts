import { argmaxRows, checkFiniteNumber, checkInteger, checkOptions } from '@digitkit/core';
import type { ClassicClassifier } from '../classic-classifier.js';
import { readFeatures, readTrainingData, type PredictInput, type TrainingInput } from '../input/features.js';
import { configNumber, stateArray, stateToJson, type ClassicModelJson, type ModelState } from '../serialization/model-json.js';
import { minimizeLbfgs, type LbfgsResult } from './lbfgs.js';
import { logisticObjective } from './logistic-blocks.js';
import { toSparseRows, type BufferAllocator, type SparseRows } from './sparse-rows.js';

/** Options of {@link fitLogisticRegression}. */
export interface LogisticRegressionOptions {
  /**
   * Inverse penalty strength, as scikit-learn's `C`: minimizes `½‖W‖² + C · Σᵢ cross-entropyᵢ` (the bias is not
   * penalized, as in scikit-learn's lbfgs solver). Default `1`. Give `C` or `l2`, not both.
   */
  C?: number;
  /** Penalty of the mean loss instead: minimizes `mean cross-entropy + (l2 / 2)·‖W‖²` (`l2 = 1 / (C · N)`). */
  l2?: number;
  /** L-BFGS iterations at most. Default `200`. */
  maxIterations?: number;
  /** Stop when the max-norm of the mean objective's gradient falls below this. Default `1e-6`. */
  tolerance?: number;
}

/**
 * A fitted multinomial (softmax) logistic regression. Pure TypeScript: it needs no tfjs (tensors are read through
 * `dataSync()` when given).
 */
export interface LogisticRegressionModel extends ClassicClassifier<PredictInput> {
  readonly kind: 'logistic-regression';
  /** `[numFeatures, numClasses]` row-major. */
  readonly weights: Float64Array;
  /** `[numClasses]`. */
  readonly bias: Float64Array;
  /** The mean-loss penalty used (`1 / (C · N)` when fitted with `C`). */
  readonly l2: number;
  /** L-BFGS iterations run. */
  readonly iterations: number;
  /** Final objective: mean cross-entropy + (l2 / 2)·‖W‖². */
  readonly loss: number;
  /** Whether the gradient tolerance was reached before `maxIterations`. */
  readonly converged: boolean;
  /** {@link ClassicClassifier.predictProbabilities}, synchronously. */
  predictProbabilitiesSync(input: PredictInput): Float32Array;
  /** Logits `W·x + b`, `[N, K]` row-major float64. */
  decisionFunctionSync(input: PredictInput): Float64Array;
}

/** The option keys of the fit (also checked by `./node`'s parallel variant). */
export const LOGISTIC_REGRESSION_OPTION_KEYS = ['C', 'l2', 'maxIterations', 'tolerance'] as const;

/**
 * Objective and gradient at `params` (weights `[F, K]` then bias `[K]`, length `(F + 1)·K`) for features `x`
 * `[N, F]` and labels: mean cross-entropy + (l2 / 2)·‖W‖². Exported for gradient checks.
 */
export function logisticLossAndGradient(
  params: Float64Array,
  x: ArrayLike<number> | SparseRows,
  labels: ArrayLike<number>,
  numFeatures: number,
  numClasses: number,
  l2: number,
): { loss: number; gradient: Float64Array } {
  const rows = 'start' in x ? x : toSparseRows(x, labels.length, numFeatures);
  return logisticObjective(params, rows, labels, numClasses, l2);
}

function resolveOptions(functionName: string, options: LogisticRegressionOptions | undefined, count: number) {
  const checked = checkOptions(functionName, options, LOGISTIC_REGRESSION_OPTION_KEYS);
  if (checked.C !== undefined && checked.l2 !== undefined) {
    throw new TypeError(`${functionName}: expected options.C or options.l2, got both`);
  }
  const l2 =
    checked.l2 !== undefined
      ? checkFiniteNumber(functionName, 'options.l2', checked.l2, { min: 0 })
      : 1 / (checkFiniteNumber(functionName, 'options.C', checked.C ?? 1, { greaterThan: 0 }) * count);
  return {
    l2,
    maxIterations: checkInteger(functionName, 'options.maxIterations', checked.maxIterations ?? 200, { min: 1 }),
    tolerance: checkFiniteNumber(functionName, 'options.tolerance', checked.tolerance ?? 1e-6, { greaterThan: 0 }),
  };
}

/**
 * Fits a multinomial logistic regression (softmax, cross-entropy, L2 penalty on the weights) by L-BFGS — the same
 * model as scikit-learn's `LogisticRegression(multi_class='multinomial', solver='lbfgs')`. Pure TypeScript
 * (float64), synchronous, no tfjs; loops skip zero features, so MNIST pixels cost ~20 % of a dense pass.
 *
 * @param data - A `DigitDataset` (pixels scaled to `[0, 1]`) or `{ features, labels, numClasses }`.
 * @param options - {@link LogisticRegressionOptions}: `C = 1` (or `l2`), `maxIterations = 200`, `tolerance = 1e-6`.
 * @throws TypeError/RangeError for bad data or options (unknown keys included).
 */
export function fitLogisticRegression(data: TrainingInput, options?: LogisticRegressionOptions): LogisticRegressionModel {
  const problem = prepareLogisticRegression('fitLogisticRegression', data, options);
  const { rows, labels, numClasses, settings } = problem;
  const result = minimizeLbfgs((params) => logisticObjective(params, rows, labels, numClasses, settings.l2), problem.initial, settings);
  return finishLogisticRegression(problem, result);
}

/** A checked logistic-regression fit: sparse rows (from `allocate`), labels, settings and the starting point. */
export interface PreparedLogisticRegression {
  rows: SparseRows;
  labels: Int32Array;
  numClasses: number;
  settings: ReturnType<typeof resolveOptions>;
  /** Zeros, `(F + 1) · K`. */
  initial: Float64Array;
}

/** Checks the data and options of a logistic-regression fit and compresses the rows. */
export function prepareLogisticRegression(
  functionName: string,
  data: TrainingInput,
  options: LogisticRegressionOptions | undefined,
  allocate?: BufferAllocator,
): PreparedLogisticRegression {
  const training = readTrainingData(functionName, data);
  const settings = resolveOptions(functionName, options, training.count);
  const rows = toSparseRows(training.values, training.count, training.numFeatures, allocate);
  return { rows, labels: training.labels, numClasses: training.numClasses, settings, initial: new Float64Array((training.numFeatures + 1) * training.numClasses) };
}

/** The model from the L-BFGS result. */
export function finishLogisticRegression(problem: PreparedLogisticRegression, result: LbfgsResult): LogisticRegressionModel {
  const { numFeatures } = problem.rows;
  const k = problem.numClasses;
  return createLogisticRegression({
    numFeatures,
    numClasses: k,
    weights: result.params.slice(0, numFeatures * k),
    bias: result.params.slice(numFeatures * k),
    l2: problem.settings.l2,
    iterations: result.iterations,
    loss: result.loss,
    converged: result.converged,
  });
}

interface LogisticRegressionParts {
  numFeatures: number;
  numClasses: number;
  weights: Float64Array;
  bias: Float64Array;
  l2: number;
  iterations: number;
  loss: number;
  converged: boolean;
}

function createLogisticRegression(parts: LogisticRegressionParts): LogisticRegressionModel {
  const { numFeatures, numClasses: k, weights, bias } = parts;
  const decisionFunctionSync = (input: PredictInput): Float64Array => {
    const x = readFeatures('LogisticRegressionModel.predict', input);
    if (x.numFeatures !== numFeatures) {
      throw new RangeError(`LogisticRegressionModel.predict: expected ${numFeatures} features per example, got ${x.numFeatures}`);
    }
    const out = new Float64Array(x.count * k);
    for (let i = 0; i < x.count; i++) {
      const o = i * k;
      for (let c = 0; c < k; c++) out[o + c] = bias[c];
      const base = i * numFeatures;
      for (let f = 0; f < numFeatures; f++) {
        const v = x.values[base + f];
        if (v === 0) continue;
        const w = f * k;
        for (let c = 0; c < k; c++) out[o + c] += v * weights[w + c];
      }
    }
    return out;
  };
  const predictProbabilitiesSync = (input: PredictInput): Float32Array => softmaxRows(decisionFunctionSync(input), k);
  return {
    kind: 'logistic-regression',
    ...parts,
    decisionFunctionSync,
    predictProbabilitiesSync,
    predictProbabilities: async (input) => predictProbabilitiesSync(input),
    predict: async (input) => argmaxRows(decisionFunctionSync(input), k),
    toJSON: (): ClassicModelJson =>
      stateToJson(
        {
          kind: 'logistic-regression',
          config: {
            numFeatures,
            numClasses: k,
            l2: parts.l2,
            iterations: parts.iterations,
            loss: parts.loss,
            converged: parts.converged,
          },
          arrays: { weights, bias },
        },
        { weights: [numFeatures, k], bias: [k] },
      ),
  };
}

/** Row-wise softmax of `[N, K]` logits into float32 probabilities. */
export function softmaxRows(logits: Float64Array, k: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let o = 0; o < logits.length; o += k) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (logits[o + c] > max) max = logits[o + c];
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(logits[o + c] - max);
    for (let c = 0; c < k; c++) out[o + c] = Math.exp(logits[o + c] - max) / sum;
  }
  return out;
}

/** Restores a model from its {@link ModelState} (see `classicModelFromJson`). */
export function logisticRegressionFromState(state: ModelState): LogisticRegressionModel {
  const fn = 'classicModelFromJson';
  const numFeatures = configNumber(fn, state, 'numFeatures');
  const numClasses = configNumber(fn, state, 'numClasses');
  return createLogisticRegression({
    numFeatures,
    numClasses,
    weights: stateArray(fn, state, 'weights', Float64Array, numFeatures * numClasses),
    bias: stateArray(fn, state, 'bias', Float64Array, numClasses),
    l2: configNumber(fn, state, 'l2'),
    iterations: configNumber(fn, state, 'iterations'),
    loss: configNumber(fn, state, 'loss'),
    converged: state.config.converged === true,
  });
}
