import { describeValue } from '../checks/describe-value.js';
import type { DigitDataset } from './digit-dataset.js';

/** Options of {@link checkDataset}. */
export interface CheckDatasetOptions {
  /** How the argument is called in messages. Default `'dataset'`. */
  name?: string;
  /** Accept `count = 0`. Default `false`: every function that learns from or evaluates data needs one example. */
  allowEmpty?: boolean;
  /** Also check that every label is below `numClasses` (one pass over the labels). Default `true`. */
  checkLabels?: boolean;
}

/**
 * The one validator of {@link DigitDataset}: `images`/`labels` are `Uint8Array`s, `count`, `rows`, `cols`,
 * `numClasses` are integers (`count ≥ 1` unless `allowEmpty`, the others ≥ 1), the array lengths agree with them
 * and every label is below `numClasses`. Returns the dataset, typed.
 *
 * @throws TypeError for a wrong type, RangeError for a wrong number, each naming `functionName`, the field,
 *   what was expected and what was found: `trainClassifier: expected dataset.labels to have 100 entries
 *   (dataset.count), got 99`.
 */
export function checkDataset(functionName: string, dataset: unknown, options: CheckDatasetOptions = {}): DigitDataset {
  const name = options.name ?? 'dataset';
  if (typeof dataset !== 'object' || dataset === null || Array.isArray(dataset)) {
    throw new TypeError(`${functionName}: expected ${name} to be a DigitDataset, got ${describeValue(dataset)}`);
  }
  const { images, labels, count, rows, cols, numClasses } = dataset as Partial<DigitDataset>;
  for (const [field, value] of [['images', images], ['labels', labels]] as const) {
    if (!(value instanceof Uint8Array)) {
      throw new TypeError(`${functionName}: expected ${name}.${field} to be a Uint8Array, got ${describeValue(value)}`);
    }
  }
  const minCount = options.allowEmpty ? 0 : 1;
  for (const [field, value, min] of [
    ['count', count, minCount],
    ['rows', rows, 1],
    ['cols', cols, 1],
    ['numClasses', numClasses, 1],
  ] as const) {
    if (typeof value !== 'number') {
      throw new TypeError(`${functionName}: expected ${name}.${field} to be an integer ≥ ${min}, got ${describeValue(value)}`);
    }
    if (!Number.isSafeInteger(value) || value < min) {
      throw new RangeError(`${functionName}: expected ${name}.${field} to be an integer ≥ ${min}, got ${describeValue(value)}`);
    }
  }
  const checked = dataset as DigitDataset;
  if (checked.labels.length !== checked.count) {
    throw new RangeError(
      `${functionName}: expected ${name}.labels to have ${checked.count} entries (${name}.count), got ${checked.labels.length}`,
    );
  }
  const pixels = checked.count * checked.rows * checked.cols;
  if (checked.images.length !== pixels) {
    throw new RangeError(
      `${functionName}: expected ${name}.images to have ${pixels} bytes (${checked.count}x${checked.rows}x${checked.cols}), got ${checked.images.length}`,
    );
  }
  if (options.checkLabels ?? true) {
    const { labels: values, numClasses: classes } = checked;
    for (let i = 0; i < values.length; i++) {
      if (values[i] >= classes) {
        throw new RangeError(
          `${functionName}: expected ${name}.labels below ${name}.numClasses = ${classes}, got ${values[i]} at index ${i}`,
        );
      }
    }
  }
  return checked;
}
