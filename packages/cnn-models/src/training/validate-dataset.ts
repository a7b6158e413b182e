import type { DigitDataset } from '@digitkit/mnist-data';
import { describe } from '../models/model-options';

/**
 * Checks that `dataset` is a consistent `DigitDataset` (sizes agree, labels in range, at least one example);
 * throws `TypeError`/`RangeError` naming `functionName` and `argumentName`.
 */
export function assertDigitDataset(functionName: string, argumentName: string, dataset: unknown): asserts dataset is DigitDataset {
  const where = `${functionName}: ${argumentName}`;
  if (dataset == null || typeof dataset !== 'object') {
    throw new TypeError(`${where}: expected a DigitDataset { images, labels, count, rows, cols, numClasses }, got ${describe(dataset)}`);
  }
  const ds = dataset as Partial<DigitDataset>;
  if (!(ds.images instanceof Uint8Array)) throw new TypeError(`${where}.images: expected a Uint8Array, got ${describe(ds.images)}`);
  if (!(ds.labels instanceof Uint8Array)) throw new TypeError(`${where}.labels: expected a Uint8Array, got ${describe(ds.labels)}`);
  for (const key of ['count', 'rows', 'cols', 'numClasses'] as const) {
    const v = ds[key];
    if (!Number.isInteger(v) || (v as number) < 1) {
      throw new RangeError(`${where}.${key}: expected a positive integer, got ${describe(v)}`);
    }
  }
  const { images, labels, count, rows, cols, numClasses } = ds as DigitDataset;
  if (images.length !== count * rows * cols) {
    throw new RangeError(
      `${where}: expected ${count * rows * cols} image bytes for ${count}x${rows}x${cols}, got ${images.length}`,
    );
  }
  if (labels.length !== count) throw new RangeError(`${where}: expected ${count} labels, got ${labels.length}`);
  for (let i = 0; i < count; i++) {
    if (labels[i] >= numClasses) {
      throw new RangeError(`${where}: expected labels < numClasses ${numClasses}, got ${labels[i]} at index ${i}`);
    }
  }
}
