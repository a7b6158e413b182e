import { validateScores } from './one-vs-rest.js';
import type { LabelArray, ScoreInput } from './types.js';
import type { FlatScores } from './validate.js';
import { checkInteger, checkOptions } from '@digitkit/core';

/** Options of {@link expectedCalibrationError}. */
export interface ExpectedCalibrationErrorOptions {
  /** Number of equal-width confidence bins over [0, 1], an integer in `1..100000`. Default 15. */
  bins?: number;
  /** Number of classes `C` (columns of `yScore`). Default: row width, or `yScore.length / N` for flat scores. */
  numClasses?: number;
}

/** One reliability bin: examples whose confidence lies in `(lower, upper]` (the first bin also holds 0). */
export interface CalibrationBin {
  /** Lower edge, `i / bins`. */
  lower: number;
  /** Upper edge, `(i + 1) / bins`. */
  upper: number;
  /** Number of examples in the bin. */
  count: number;
  /** Mean confidence (highest score) of the bin's examples; null when empty. */
  confidence: number | null;
  /** Fraction of the bin's examples whose top-scoring class is the true class; null when empty. */
  accuracy: number | null;
}

/** Result of {@link expectedCalibrationError}. */
export interface CalibrationResult {
  /** `Σ (count / N) · |accuracy - confidence|` over non-empty bins, in [0, 1]. */
  ece: number;
  /** All `bins` reliability bins in increasing confidence (the data of a reliability diagram). */
  bins: CalibrationBin[];
}

/**
 * Expected calibration error with equal-width bins (Guo et al. 2017): the confidence of an example is
 * its highest score, its prediction the class with that score (lowest index on ties).
 *
 * @param yTrue - true labels, length `N`, integers in `[0, C)`.
 * @param yScore - `[N][C]` rows or a flat `N * C` array of probabilities in [0, 1].
 * @throws RangeError when a score exceeds 1 (beyond float32 rounding, 1e-6): the scores are not probabilities.
 */
export function expectedCalibrationError(
  yTrue: LabelArray,
  yScore: ScoreInput,
  options: ExpectedCalibrationErrorOptions = {},
): CalibrationResult {
  const fn = 'expectedCalibrationError';
  const { bins = 15, numClasses } = checkOptions(fn, options, ['bins', 'numClasses']);
  checkBins(fn, bins);
  const { scores } = validateScores(fn, yTrue, yScore, numClasses);
  return calibrationFromScores(fn, yTrue, scores, bins);
}

/** Most reliability bins accepted: each costs three float64 counters and one returned object. */
export const MAX_BINS = 100_000;

/** Internal: `options.bins`, an integer in `[1, MAX_BINS]` (checked before the bins are allocated). */
export function checkBins(fn: string, bins: unknown): number {
  return checkInteger(fn, 'options.bins', bins, { min: 1, max: MAX_BINS });
}

/** Internal: ECE of validated flat scores. */
export function calibrationFromScores(
  fn: string,
  yTrue: LabelArray,
  scores: FlatScores,
  binCount: number,
): CalibrationResult {
  const { data, count, numClasses } = scores;
  const counts = new Float64Array(binCount);
  const confidenceSums = new Float64Array(binCount);
  const correctCounts = new Float64Array(binCount);
  for (let i = 0, offset = 0; i < count; i++, offset += numClasses) {
    let best = 0;
    let confidence = data[offset];
    for (let c = 1; c < numClasses; c++) {
      const v = data[offset + c];
      if (v > confidence) {
        confidence = v;
        best = c;
      }
    }
    if (confidence > 1 + 1e-6) {
      throw new RangeError(`${fn}: expected probabilities in [0, 1], got yScore[${i}][${best}] = ${confidence}`);
    }
    const bin = binIndex(confidence, binCount);
    counts[bin]++;
    confidenceSums[bin] += confidence;
    if (best === yTrue[i]) correctCounts[bin]++;
  }
  let ece = 0;
  const bins: CalibrationBin[] = [];
  for (let b = 0; b < binCount; b++) {
    const n = counts[b];
    const confidence = n > 0 ? confidenceSums[b] / n : null;
    const accuracy = n > 0 ? correctCounts[b] / n : null;
    if (n > 0) ece += (n / count) * Math.abs((accuracy as number) - (confidence as number));
    bins.push({ lower: b / binCount, upper: (b + 1) / binCount, count: n, confidence, accuracy });
  }
  return { ece, bins };
}

/** Bin `b` holds confidences in `(b / binCount, (b + 1) / binCount]`; 0 goes to bin 0, above 1 to the last. */
function binIndex(confidence: number, binCount: number): number {
  let b = Math.ceil(confidence * binCount) - 1;
  // Correct rounding of the product so that the edges b / binCount decide, exactly as documented.
  if (b >= 0 && b < binCount && confidence <= b / binCount) b--;
  else if (b + 1 < binCount && confidence > (b + 1) / binCount) b++;
  return b < 0 ? 0 : b >= binCount ? binCount - 1 : b;
}
