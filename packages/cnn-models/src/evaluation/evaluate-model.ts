import { evaluateClassifier, type ClassifierEvaluation, type EvaluateClassifierOptions } from '@digitkit/metrics';
import { checkInteger, checkOptions, describeValue } from '@digitkit/core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { assertModelMatchesData, modelDataShape } from '../training/assert-model.js';
import { toExampleSource, type ExampleInput } from '../training/example-source.js';
import { predictSource } from './predict-probabilities.js';

/** Options of {@link evaluateModel}. */
export interface EvaluateModelOptions extends Omit<EvaluateClassifierOptions, 'numClasses'> {
  /** Images per forward pass. Default `256`. */
  batchSize?: number;
  /**
   * Cancels the evaluation: looked at before every batch; the call then rejects with core's `AbortedError`
   * (name `'AbortError'`, `cause` = `signal.reason`) saying how many images were done, with no tensor left.
   */
  signal?: AbortSignal;
}

/** Per-example predictions, for figures (prediction grids, misclassified galleries). */
export interface ModelPredictions {
  /** True labels, length N. */
  labels: Uint8Array;
  /** Predicted (arg-max) labels, length N. */
  predicted: Uint8Array;
  /** Probability of the predicted label, length N. */
  confidence: Float32Array;
  /** All class probabilities, `[N × C]` row-major. */
  probabilities: Float32Array;
  /** Indices of the misclassified examples, ascending. */
  misclassified: number[];
}

/** What {@link evaluateModel} returns: the `@digitkit/metrics` evaluation plus predictions and timing. */
export interface ModelEvaluation extends ClassifierEvaluation {
  /** Per-example predictions. */
  predictions: ModelPredictions;
  /** Seconds spent on inference. */
  seconds: number;
  /** Inference throughput. */
  imagesPerSecond: number;
}

/**
 * Evaluates a classifier on a labelled data set: inference in batches, then `evaluateClassifier` from
 * `@digitkit/metrics` (accuracy, macro P/R/F1, confusion matrix, ROC AUC, log loss, calibration, ...).
 *
 * @param model - A `tf.LayersModel` producing `[N, numClasses]` probabilities.
 * @param testData - The examples to evaluate on: a `DigitDataset` or `{ xs, ys }` tensors (`xs` `[N, 28, 28, 1]` or
 *   `[N, 784]` float32, `ys` one-hot `[N, K]` or `[N]` class indices).
 * @param options - `batchSize` (default 256), `labelNames`, and the other `evaluateClassifier` options.
 * @returns Metrics, per-example predictions, seconds and images/s. Leaks no tensors.
 * @throws TypeError/RangeError for a wrong model, data that does not fit it, wrong shapes, non-finite pixels,
 *   labels out of range, an empty data set or an unknown option.
 */
export async function evaluateModel(
  model: tfl.LayersModel,
  testData: ExampleInput,
  options: EvaluateModelOptions = {},
): Promise<ModelEvaluation> {
  const fn = 'evaluateModel';
  const shape = modelDataShape(fn, model);
  const opts = checkOptions(fn, options, ['batchSize', 'labelNames', 'digits', 'bins', 'top', 'zeroDivision', 'signal']);
  const source = toExampleSource(fn, 'testData', testData, shape);
  assertModelMatchesData(fn, model, source);
  const { batchSize = 256, signal, ...metricOptions } = opts;
  checkInteger(fn, 'batchSize', batchSize, { min: 1 });
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof (signal as AbortSignal).aborted !== 'boolean')) {
    throw new TypeError(`${fn}: expected signal to be an AbortSignal, got ${describeValue(signal)}`);
  }
  const start = performance.now();
  const probabilities = await predictSource(model, source, batchSize, shape.numClasses, signal ? { signal, functionName: fn } : undefined);
  const seconds = (performance.now() - start) / 1000;
  const { count, numClasses, labels } = source;
  assertFiniteProbabilities(fn, probabilities, numClasses);
  const predicted = new Uint8Array(count);
  const confidence = new Float32Array(count);
  const misclassified: number[] = [];
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++) {
      if (probabilities[i * numClasses + c] > probabilities[i * numClasses + best]) best = c;
    }
    predicted[i] = best;
    confidence[i] = probabilities[i * numClasses + best];
    if (best !== labels[i]) misclassified.push(i);
  }
  const evaluation = evaluateClassifier(labels, probabilities, { ...metricOptions, numClasses });
  return {
    ...evaluation,
    predictions: { labels: labels.slice(), predicted, confidence, probabilities, misclassified },
    seconds,
    imagesPerSecond: count / Math.max(seconds, 1e-9),
  };
}

/**
 * A model with NaN/Infinity weights (a diverged run) predicts NaN: say so in the caller's terms, before
 * `evaluateClassifier` refuses its scores in its own.
 */
function assertFiniteProbabilities(fn: string, probabilities: Float32Array, numClasses: number): void {
  for (let i = 0; i < probabilities.length; i++) {
    if (!Number.isFinite(probabilities[i])) {
      throw new RangeError(
        `${fn}: expected the model to output finite probabilities, got ${probabilities[i]} for example ${Math.floor(i / numClasses)} ` +
          `(class ${i % numClasses}); its weights are probably NaN or Infinity (a diverged training run)`,
      );
    }
  }
}
