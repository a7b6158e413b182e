import { argmaxRows, checkArrayLike, checkDataset, checkFiniteNumber, checkFunction, checkInteger, checkOptions, type DigitDataset } from '@digitkit/core';
import { CORRUPTIONS, MAX_SEVERITY, corruptDataset, type CorruptionName } from '@digitkit/preprocess-augment';
import type * as tfl from '@tensorflow/tfjs-layers';
import { predictProbabilities } from '../evaluation/predict-probabilities.js';
import { assertModelMatchesData } from '../training/assert-model.js';

/** Progress of {@link evaluateRobustness}, after each corruption × severity. */
export interface RobustnessProgress {
  corruption: CorruptionName;
  severity: number;
  accuracy: number;
  /** Corruption × severity cells done so far, out of `total`. */
  done: number;
  total: number;
}

/** Options of {@link evaluateRobustness}. */
export interface EvaluateRobustnessOptions {
  /** Corruptions to apply. Default: all of `CORRUPTIONS` from `@digitkit/preprocess-augment`. */
  corruptions?: readonly CorruptionName[];
  /** Severities to evaluate, integers in `0..5` (0 = clean). Default `[1, 2, 3, 4, 5]`. */
  severities?: readonly number[];
  /** Seed of the corruptions' random draws (see `corruptDataset`). Default `0`. */
  seed?: number;
  /** Images per forward pass. Default `256`. */
  batchSize?: number;
  /** Called after every corruption × severity (awaited). */
  onProgress?: (progress: RobustnessProgress) => void | Promise<void>;
}

/** Accuracy of one corruption at each evaluated severity. */
export interface CorruptionAccuracy {
  corruption: CorruptionName;
  /** One entry per requested severity, in the order given. */
  severities: Array<{ severity: number; accuracy: number }>;
  /** Mean accuracy over the evaluated severities. */
  meanAccuracy: number;
}

/** What {@link evaluateRobustness} returns. Accuracies are fractions in `[0, 1]`. */
export interface RobustnessEvaluation {
  /** Examples evaluated per cell. */
  count: number;
  /** Accuracy on the unchanged data. */
  cleanAccuracy: number;
  /** Per corruption, in the order given. */
  corruptions: CorruptionAccuracy[];
  /** Mean accuracy over every corruption × severity cell (the MNIST-C / ImageNet-C headline figure). */
  meanCorruptionAccuracy: number;
  /** `meanCorruptionAccuracy / cleanAccuracy` (1 = no loss under corruption; 0 when the clean accuracy is 0). */
  relativeAccuracy: number;
  /** Every corruption, lowest mean accuracy first (ties keep the given order): the worst come first. */
  worst: Array<{ corruption: CorruptionName; meanAccuracy: number }>;
  seed: number;
  severities: number[];
}

const FN = 'evaluateRobustness';
const KNOWN_OPTIONS = ['corruptions', 'severities', 'seed', 'batchSize', 'onProgress'] as const;

function resolveRobustnessOptions(options: EvaluateRobustnessOptions) {
  checkOptions(FN, options, KNOWN_OPTIONS);
  const corruptions = options.corruptions === undefined ? [...CORRUPTIONS] : [...options.corruptions];
  checkArrayLike(FN, 'options.corruptions', corruptions);
  corruptions.forEach((name, i) => {
    if (!CORRUPTIONS.includes(name)) {
      throw new TypeError(`${FN}: expected options.corruptions[${i}] to be one of ${CORRUPTIONS.join(', ')}, got ${JSON.stringify(name)}`);
    }
  });
  if (new Set(corruptions).size !== corruptions.length) throw new RangeError(`${FN}: expected options.corruptions without duplicates`);
  const severities = options.severities === undefined ? [1, 2, 3, 4, 5] : [...options.severities];
  checkArrayLike(FN, 'options.severities', severities);
  severities.forEach((s, i) => checkInteger(FN, `options.severities[${i}]`, s, { min: 0, max: MAX_SEVERITY }));
  const seed = options.seed === undefined ? 0 : checkFiniteNumber(FN, 'options.seed', options.seed);
  const batchSize = options.batchSize === undefined ? 256 : checkInteger(FN, 'options.batchSize', options.batchSize, { min: 1 });
  const onProgress = options.onProgress === undefined ? undefined : checkFunction<NonNullable<EvaluateRobustnessOptions['onProgress']>>(FN, 'options.onProgress', options.onProgress);
  return { corruptions, severities, seed, batchSize, onProgress };
}

/** Fraction of rows whose arg-max equals the label. */
function accuracyOf(probabilities: Float32Array, labels: Uint8Array, numClasses: number): number {
  const predicted = argmaxRows(probabilities, numClasses);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return labels.length === 0 ? 0 : correct / labels.length;
}

/**
 * Robustness of a classifier to input corruptions (MNIST-C style): the accuracy on `dataset` under every requested
 * corruption at every requested severity (`corruptDataset` from `@digitkit/preprocess-augment`, deterministic per
 * seed), the clean accuracy, the mean corruption accuracy and the corruptions ranked worst first.
 *
 * Inference only (`training: false`), in batches; corrupts one copy of the data at a time, so memory stays at two
 * copies of `dataset`.
 *
 * @param model - A `tf.LayersModel` mapping `[N, rows, cols, 1]` float32 in [0, 1] to `[N, C]` probabilities.
 * @param dataset - Labelled images as bytes (e.g. the MNIST test set).
 * @param options - See {@link EvaluateRobustnessOptions}.
 * @returns The {@link RobustnessEvaluation}. Leaks no tensors.
 * @throws TypeError/RangeError for bad arguments, before any work.
 */
export async function evaluateRobustness(
  model: tfl.LayersModel,
  dataset: DigitDataset,
  options: EvaluateRobustnessOptions = {},
): Promise<RobustnessEvaluation> {
  checkDataset(FN, dataset, { name: 'dataset' });
  const settings = resolveRobustnessOptions(options);
  assertModelMatchesData(FN, model, dataset);
  const { corruptions, severities, seed, batchSize, onProgress } = settings;
  const { numClasses } = dataset;
  const cleanAccuracy = accuracyOf(await predictProbabilities(model, dataset, { batchSize }), dataset.labels, numClasses);
  const total = corruptions.length * severities.length;
  let done = 0;
  const results: CorruptionAccuracy[] = [];
  for (const corruption of corruptions) {
    const cells: CorruptionAccuracy['severities'] = [];
    for (const severity of severities) {
      const corrupted = corruptDataset(dataset, { corruption, severity, seed });
      const accuracy = accuracyOf(await predictProbabilities(model, corrupted, { batchSize }), corrupted.labels, numClasses);
      cells.push({ severity, accuracy });
      done += 1;
      await onProgress?.({ corruption, severity, accuracy, done, total });
    }
    results.push({ corruption, severities: cells, meanAccuracy: mean(cells.map((c) => c.accuracy)) });
  }
  const meanCorruptionAccuracy = mean(results.flatMap((r) => r.severities.map((c) => c.accuracy)));
  const worst = results
    .map((r, index) => ({ corruption: r.corruption, meanAccuracy: r.meanAccuracy, index }))
    .sort((a, b) => a.meanAccuracy - b.meanAccuracy || a.index - b.index)
    .map(({ corruption, meanAccuracy }) => ({ corruption, meanAccuracy }));
  return {
    count: dataset.count,
    cleanAccuracy,
    corruptions: results,
    meanCorruptionAccuracy,
    relativeAccuracy: cleanAccuracy === 0 ? 0 : meanCorruptionAccuracy / cleanAccuracy,
    worst,
    seed,
    severities,
  };
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}
