import { evaluateModel, type ModelEvaluation } from '@digitkit/cnn-models';
import type { DigitDataset } from '@digitkit/core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { writeProbabilities, type RunPaths } from './run-folder.js';
import { toTestMetrics, type TestMetrics } from './test-metrics.js';

/**
 * Evaluates `model` on the test set with `evaluateModel` of @digitkit/cnn-models (then disposes the model) and stores
 * the probabilities in the run folder (what `report` rebuilds from). Shared by `train` and `evaluate`.
 */
export async function evaluateOnTestSet(
  model: tfl.LayersModel,
  test: DigitDataset,
  paths: RunPaths,
  protect: <T>(write: () => Promise<T>) => Promise<T> = (write) => write(),
): Promise<{ evaluation: ModelEvaluation; test: TestMetrics; seconds: number }> {
  const started = performance.now();
  let evaluation: ModelEvaluation;
  try {
    evaluation = await evaluateModel(model, test, { batchSize: 500 });
  } finally {
    model.dispose();
  }
  await protect(() => writeProbabilities(paths, evaluation.predictions.probabilities));
  return { evaluation, test: toTestMetrics(evaluation, test.count), seconds: (performance.now() - started) / 1000 };
}
