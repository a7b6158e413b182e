/** Argument checks shared by the package: each throws a RangeError/TypeError naming the function. */

/** Short, readable rendering of a value found in bad input. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as Uint8Array).length})`;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

/** Throws unless `value` is a finite number. */
export function assertFinite(fn: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${fn}: expected ${name} to be a finite number, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is an integer in `[min, max]`. */
export function assertInteger(fn: string, name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new RangeError(`${fn}: expected ${name} to be an integer ${range}, got ${describeValue(value)}`);
  }
}

/** Image-batch geometry: `count` images of `rows x cols` in one flat array. */
export interface ImageGeometry {
  count: number;
  rows: number;
  cols: number;
}

/**
 * Checks a flat `Uint8Array` of images against `rows x cols` and returns the geometry.
 * `count` defaults to `length / (rows * cols)`.
 */
export function checkUint8Images(fn: string, images: unknown, rows: unknown, cols: unknown, count?: unknown): ImageGeometry {
  if (!(images instanceof Uint8Array)) {
    throw new TypeError(`${fn}: expected images to be a Uint8Array of pixel values 0..255, got ${describeValue(images)}`);
  }
  assertInteger(fn, 'rows', rows, 1);
  assertInteger(fn, 'cols', cols, 1);
  const size = rows * cols;
  if (count === undefined) {
    if (images.length % size !== 0) {
      throw new RangeError(`${fn}: expected images.length to be a multiple of ${rows}x${cols} = ${size}, got ${images.length}`);
    }
    return { count: images.length / size, rows, cols };
  }
  assertInteger(fn, 'count', count, 0);
  if (images.length !== count * size) {
    throw new RangeError(`${fn}: expected ${count * size} bytes for ${count}x${rows}x${cols} images, got ${images.length}`);
  }
  return { count, rows, cols };
}

/** Checks the fields of a `DigitDataset`-shaped object (images, labels, count, rows, cols, numClasses). */
export function checkDataset(fn: string, dataset: unknown): void {
  if (dataset === null || typeof dataset !== 'object') {
    throw new TypeError(`${fn}: expected a dataset { images, labels, count, rows, cols, numClasses }, got ${describeValue(dataset)}`);
  }
  const ds = dataset as Record<string, unknown>;
  checkUint8Images(fn, ds.images, ds.rows, ds.cols, ds.count);
  assertInteger(fn, 'dataset.numClasses', ds.numClasses, 1, 256);
  if (!(ds.labels instanceof Uint8Array)) {
    throw new TypeError(`${fn}: expected dataset.labels to be a Uint8Array, got ${describeValue(ds.labels)}`);
  }
  checkLabels(fn, ds.labels, ds.numClasses as number, ds.count as number);
}

/** Checks labels: integers in `[0, numClasses)`, `count` of them when given. */
export function checkLabels(fn: string, labels: unknown, numClasses: number, count?: number): void {
  if (!(labels instanceof Uint8Array) && !(labels instanceof Int32Array) && !Array.isArray(labels)) {
    throw new TypeError(`${fn}: expected labels to be a Uint8Array, Int32Array or number[], got ${describeValue(labels)}`);
  }
  const list = labels as ArrayLike<number>;
  if (count !== undefined && list.length !== count) {
    throw new RangeError(`${fn}: expected ${count} labels, got ${list.length}`);
  }
  for (let i = 0; i < list.length; i++) {
    const label = list[i];
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new RangeError(`${fn}: expected labels in [0, ${numClasses}), got ${describeValue(label)} at index ${i}`);
    }
  }
}
