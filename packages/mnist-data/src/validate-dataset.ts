import type { DigitDataset } from './digit-dataset.js';

/** Throws a TypeError/RangeError naming `functionName` unless `dataset` is a consistent {@link DigitDataset}. */
export function assertDataset(dataset: DigitDataset, functionName: string): void {
  if (typeof dataset !== 'object' || dataset === null) {
    throw new TypeError(`${functionName}: expected a DigitDataset, got ${dataset === null ? 'null' : typeof dataset}`);
  }
  const { images, labels, count, rows, cols, numClasses } = dataset;
  if (!(images instanceof Uint8Array) || !(labels instanceof Uint8Array)) {
    throw new TypeError(`${functionName}: expected images and labels to be Uint8Arrays`);
  }
  for (const [name, value] of [['count', count], ['rows', rows], ['cols', cols], ['numClasses', numClasses]] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`${functionName}: expected dataset.${name} to be an integer ≥ 0, got ${String(value)}`);
    }
  }
  if (labels.length !== count) {
    throw new RangeError(`${functionName}: expected ${count} labels (dataset.count), got ${labels.length}`);
  }
  if (images.length !== count * rows * cols) {
    throw new RangeError(`${functionName}: expected ${count * rows * cols} image bytes for ${count}x${rows}x${cols}, got ${images.length}`);
  }
}

/** Throws a RangeError unless every label is below `dataset.numClasses`. */
export function assertLabels(dataset: DigitDataset, functionName: string): void {
  const { labels, numClasses } = dataset;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= numClasses) {
      throw new RangeError(`${functionName}: expected labels below numClasses = ${numClasses}, got ${labels[i]} at index ${i}`);
    }
  }
}
