/**
 * Integer class labels in `[0, numClasses)`, one per example: a plain `number[]` or any typed array
 * (`Uint8Array`, `Int32Array`, `Float64Array` holding integers, ...). Length `N`.
 */
export type LabelArray = ArrayLike<number>;

/**
 * Class scores (probabilities or other non-negative scores), one row of `numClasses` values per example.
 *
 * Either rows (`number[][]` or an array of typed arrays, shape `[N][numClasses]`) or one flat row-major
 * array (`Float32Array`, `Float64Array` or `number[]` of length `N * numClasses`; the width is then
 * `options.numClasses` when given, otherwise `length / N`).
 */
export type ScoreInput = ArrayLike<number> | ArrayLike<ArrayLike<number>>;

/** Averaging modes of {@link precisionRecallF1}. */
export type Average = 'macro' | 'micro' | 'weighted' | 'none';

/** Precision, recall and F1 of one class or one average, plus its support (number of true examples). */
export interface PrecisionRecallF1Scores {
  /** `tp / (tp + fp)`; `zeroDivision` when the class was never predicted. */
  precision: number;
  /** `tp / (tp + fn)`; `zeroDivision` when the class never occurs in the truth. */
  recall: number;
  /** Harmonic mean `2·p·r / (p + r)`; 0 when `p + r = 0`. */
  f1: number;
  /** Number of examples whose true label is the class (for averages: all examples). */
  support: number;
}
