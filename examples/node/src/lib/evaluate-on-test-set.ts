import { predictProbabilities } from '@digitkit/cnn-models';
import type { DigitDataset } from '@digitkit/mnist-data';
import { evaluateClassifier, type ClassifierEvaluation } from '@digitkit/metrics';
import type * as tfl from '@tensorflow/tfjs-layers';
import { writeProbabilities, type RunPaths } from './run-folder.js';
import { toTestMetrics, type TestMetrics } from './test-metrics.js';

/**
 * Predicts the test set with `model` (then disposes it), computes every metric and stores the probabilities in the
 * run folder (what `report` rebuilds from). Shared by `train` and `evaluate`.
 */
export async function evaluateOnTestSet(
  model: tfl.LayersModel,
  test: DigitDataset,
  paths: RunPaths,
): Promise<{ evaluation: ClassifierEvaluation; test: TestMetrics; probabilities: Float32Array; seconds: number }> {
  const started = performance.now();
  const probabilities = await predictProbabilities(model, test, { batchSize: 500 });
  model.dispose();
  const evaluation = evaluateClassifier(test.labels, probabilities, { numClasses: test.numClasses });
  await writeProbabilities(paths, probabilities);
  return { evaluation, test: toTestMetrics(evaluation, test.count), probabilities, seconds: (performance.now() - started) / 1000 };
}
