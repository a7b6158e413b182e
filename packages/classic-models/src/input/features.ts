import { checkArrayLike, checkDataset, checkInteger, describeValue, type DigitDataset } from '@digitkit/core';

/**
 * Features held as a plain row-major matrix: example `i` is `values.subarray(i * numFeatures, (i + 1) * numFeatures)`.
 * Values are used as they are (no scaling).
 */
export interface FeatureMatrix {
  /** `count * numFeatures` values, example-major. */
  values: Float32Array | Float64Array;
  /** Number of examples (rows). */
  count: number;
  /** Number of features (columns). */
  numFeatures: number;
}

/**
 * The part of a tfjs `Tensor` the pure-TypeScript models read (so `@digitkit/classic-models/linear` needs no tfjs):
 * a float tensor `[N, ...]` whose trailing dimensions are flattened into `N` feature rows.
 */
export interface TensorLike {
  readonly shape: readonly number[];
  readonly dtype: string;
  dataSync(): ArrayLike<number>;
}

/**
 * Training data given as features instead of images (e.g. the output of a PCA): `features` `[N, F]` and one
 * class index per row.
 */
export interface LabelledFeatures<Features = FeatureMatrix | TensorLike> {
  /** `[N, F]` features (a {@link FeatureMatrix} or a tensor `[N, ...]`, trailing dimensions flattened). */
  features: Features;
  /** `N` class indices, each an integer in `0..numClasses - 1`. */
  labels: ArrayLike<number>;
  /** Number of classes `K`. */
  numClasses: number;
}

/** What every model predicts on: images (scaled by 1/255), a feature matrix or a tensor (both used as they are). */
export type PredictInput = DigitDataset | FeatureMatrix | TensorLike;

/** What every model is fitted on: a labelled image data set (pixels scaled by 1/255) or labelled features. */
export type TrainingInput<Features = FeatureMatrix | TensorLike> = DigitDataset | LabelledFeatures<Features>;

/** Rows of features read from any {@link PredictInput}. */
export interface ReadFeatures {
  values: Float32Array | Float64Array;
  count: number;
  numFeatures: number;
}

/** True for an object shaped like a {@link DigitDataset} (has `images` and `labels`). */
export function isDigitDataset(value: unknown): value is DigitDataset {
  return typeof value === 'object' && value !== null && 'images' in value && 'labels' in value && 'rows' in value;
}

/** True for an object shaped like a tensor (has `shape` and `dataSync`). */
export function isTensorLike(value: unknown): value is TensorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as TensorLike).shape) &&
    typeof (value as TensorLike).dataSync === 'function'
  );
}

/** True for a {@link FeatureMatrix}. */
export function isFeatureMatrix(value: unknown): value is FeatureMatrix {
  return (
    typeof value === 'object' &&
    value !== null &&
    ((value as FeatureMatrix).values instanceof Float32Array || (value as FeatureMatrix).values instanceof Float64Array) &&
    typeof (value as FeatureMatrix).numFeatures === 'number'
  );
}

/** Checks a {@link FeatureMatrix}'s sizes; returns it. */
export function checkFeatureMatrix(functionName: string, name: string, matrix: FeatureMatrix, allowEmpty = false): FeatureMatrix {
  checkInteger(functionName, `${name}.count`, matrix.count, { min: allowEmpty ? 0 : 1 });
  checkInteger(functionName, `${name}.numFeatures`, matrix.numFeatures, { min: 1 });
  if (matrix.values.length !== matrix.count * matrix.numFeatures) {
    throw new RangeError(
      `${functionName}: expected ${name}.values to have ${matrix.count * matrix.numFeatures} entries (${matrix.count}x${matrix.numFeatures}), got ${matrix.values.length}`,
    );
  }
  return matrix;
}

/** Shape `[N, F]` of a tensor-like input `[N, ...]` (trailing dimensions flattened). */
export function tensorRowsShape(functionName: string, name: string, tensor: TensorLike): [number, number] {
  if (tensor.shape.length < 2) {
    throw new RangeError(`${functionName}: expected ${name} to be a tensor [N, ...features] of rank ≥ 2, got shape [${tensor.shape.join(', ')}]`);
  }
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') {
    throw new TypeError(`${functionName}: expected ${name} to be a float32 or int32 tensor, got dtype ${tensor.dtype}`);
  }
  const count = tensor.shape[0];
  const numFeatures = tensor.shape.slice(1).reduce((a, b) => a * b, 1);
  if (count < 1 || numFeatures < 1) {
    throw new RangeError(`${functionName}: expected ${name} to have at least one row and one feature, got shape [${tensor.shape.join(', ')}]`);
  }
  return [count, numFeatures];
}

/**
 * Checks that every feature value is finite with magnitude at most `maxMagnitude` (default: any finite value);
 * throws a `RangeError` naming the first row and feature that is not.
 */
export function checkFeatureValues(functionName: string, name: string, values: ArrayLike<number>, numFeatures: number, maxMagnitude = Number.MAX_VALUE): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v <= maxMagnitude && v >= -maxMagnitude) continue;
    const expected = Number.isFinite(v) ? `finite values of magnitude at most ${maxMagnitude}` : 'finite values';
    throw new RangeError(`${functionName}: expected ${name} to hold ${expected}, got ${describeValue(v)} at row ${Math.floor(i / numFeatures)}, feature ${i % numFeatures}`);
  }
}

/**
 * Reads `N × F` features (float32, or float64 for a float64 feature matrix) from any {@link PredictInput},
 * synchronously; refuses values that are not finite or (for a caller's limit) above `maxMagnitude` — images are
 * in `[0, 1]` by construction.
 */
export function readFeatures(functionName: string, input: unknown, name = 'input', maxMagnitude = Number.MAX_VALUE): ReadFeatures {
  if (isDigitDataset(input)) {
    const dataset = checkDataset(functionName, input, { name, checkLabels: false });
    const values = new Float32Array(dataset.images.length);
    for (let i = 0; i < values.length; i++) values[i] = dataset.images[i] / 255;
    return { values, count: dataset.count, numFeatures: dataset.rows * dataset.cols };
  }
  if (isFeatureMatrix(input)) {
    checkFeatureMatrix(functionName, name, input);
    checkFeatureValues(functionName, `${name}.values`, input.values, input.numFeatures, maxMagnitude);
    return { values: input.values, count: input.count, numFeatures: input.numFeatures };
  }
  if (isTensorLike(input)) {
    const [count, numFeatures] = tensorRowsShape(functionName, name, input);
    const data = input.dataSync();
    checkFeatureValues(functionName, name, data, numFeatures, maxMagnitude);
    return { values: data instanceof Float32Array ? data : Float32Array.from(data), count, numFeatures };
  }
  throw new TypeError(
    `${functionName}: expected ${name} to be a DigitDataset, a FeatureMatrix or a tensor [N, ...], got ${describeValue(input)}`,
  );
}

/** Labels and class count of a {@link TrainingInput}, checked (`labels.length === count`, each below `numClasses`). */
export function readLabels(
  functionName: string,
  data: DigitDataset | LabelledFeatures<unknown>,
  count: number,
): { labels: Int32Array; numClasses: number } {
  const name = 'data';
  const numClasses = checkInteger(functionName, `${name}.numClasses`, data.numClasses, { min: 1 });
  const length = checkArrayLike(functionName, `${name}.labels`, data.labels);
  if (length !== count) {
    throw new RangeError(`${functionName}: expected ${name}.labels to have ${count} entries (one per example), got ${length}`);
  }
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = data.labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new RangeError(
        `${functionName}: expected ${name}.labels to be integers in 0..${numClasses - 1}, got ${describeValue(label)} at index ${i}`,
      );
    }
    labels[i] = label;
  }
  return { labels, numClasses };
}

/** Reads features and labels from a {@link TrainingInput} synchronously (features checked as {@link readFeatures} does). */
export function readTrainingData(
  functionName: string,
  data: unknown,
  maxMagnitude = Number.MAX_VALUE,
): ReadFeatures & { labels: Int32Array; numClasses: number } {
  if (isDigitDataset(data)) {
    const features = readFeatures(functionName, data, 'data');
    return { ...features, ...readLabels(functionName, data, features.count) };
  }
  if (typeof data !== 'object' || data === null || !('features' in data)) {
    throw new TypeError(
      `${functionName}: expected data to be a DigitDataset or { features, labels, numClasses }, got ${describeValue(data)}`,
    );
  }
  const labelled = data as LabelledFeatures<unknown>;
  const features = readFeatures(functionName, labelled.features, 'data.features', maxMagnitude);
  return { ...features, ...readLabels(functionName, labelled, features.count) };
}
