import { evaluateClassifier, type ClassifierEvaluation, type EvaluateClassifierOptions } from '@digitkit/metrics';
import type { DigitDataset } from '@digitkit/mnist-data';
import type * as tfl from '@tensorflow/tfjs-layers';
import { assertModelMatchesData } from '../training/assert-model';
import { assertDigitDataset } from '../training/validate-dataset';
import { predictProbabilities } from './predict-probabilities';

/** Options of {@link evaluateModel}. */
export interface EvaluateModelOptions extends Omit<EvaluateClassifierOptions, 'numClasses'> {
  /** Images per forward pass. Default `256`. */
  batchSize?: number;
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
 * @param testData - The examples to evaluate on.
 * @param options - `batchSize` (default 256), `labelNames`, and the other `evaluateClassifier` options.
 * @returns Metrics, per-example predictions, seconds and images/s. Leaks no tensors.
 */
export async function evaluateModel(
  model: tfl.LayersModel,
  testData: DigitDataset,
  options: EvaluateModelOptions = {},
): Promise<ModelEvaluation> {
  const fn = 'evaluateModel';
  assertDigitDataset(fn, 'testData', testData);
  assertModelMatchesData(fn, model, testData);
  const { batchSize, ...metricOptions } = options;
  const start = performance.now();
  const probabilities = await predictProbabilities(model, testData, { batchSize });
  const seconds = (performance.now() - start) / 1000;
  const { count, numClasses, labels } = testData;
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
