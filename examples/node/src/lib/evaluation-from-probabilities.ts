import type { ModelEvaluation } from '@digitkit/cnn-models';
import { argmaxRows, type DigitDataset } from '@digitkit/core';
import { evaluateClassifier } from '@digitkit/metrics';

/**
 * The evaluation `report` needs without a model: `evaluateClassifier` of @digitkit/metrics on the stored test
 * probabilities, plus the per-example predictions in the shape `evaluateModel` of @digitkit/cnn-models returns
 * (arg-max with `argmaxRows` of @digitkit/core). Neither library offers this for stored probabilities.
 */
export function evaluationFromProbabilities(test: DigitDataset, probabilities: Float32Array): ModelEvaluation {
  const { count, numClasses, labels } = test;
  const evaluation = evaluateClassifier(labels, probabilities, { numClasses });
  const predicted = Uint8Array.from(argmaxRows(probabilities, numClasses));
  const confidence = Float32Array.from(predicted, (label, i) => probabilities[i * numClasses + label]);
  const misclassified: number[] = [];
  predicted.forEach((label, i) => {
    if (label !== labels[i]) misclassified.push(i);
  });
  return {
    ...evaluation,
    predictions: { labels: labels.slice(0, count), predicted, confidence, probabilities, misclassified },
    seconds: 0,
    imagesPerSecond: 0,
  };
}
