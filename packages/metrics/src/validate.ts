/**
 * Internal: the metric-domain argument checks — label arrays, score flattening, matrix sizes — built on the
 * primitives of `@digitkit/core` and its one message format `<function>: expected <what>, got <found>`. Each
 * throws a RangeError (a wrong number) or TypeError (a wrong type) before any work or large allocation.
 */
import { checkArrayLike, checkInteger, describeValue } from '@digitkit/core';
import type { LabelArray, ScoreInput } from './types.js';

/** Scores flattened row-major: `data[i * numClasses + c]` is the score of class `c` for example `i`. */
export interface FlatScores {
  data: ArrayLike<number>;
  count: number;
  numClasses: number;
}

const INTEGER_TYPED = [Uint8Array, Uint8ClampedArray, Uint16Array, Uint32Array, Int8Array, Int16Array, Int32Array];

function isIntegerTypedArray(values: unknown): boolean {
  for (const ctor of INTEGER_TYPED) if (values instanceof ctor) return true;
  return false;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return value !== null && typeof value === 'object' && Number.isSafeInteger((value as ArrayLike<unknown>).length);
}

/** `options.numClasses`: an integer ≥ 1. */
export function checkNumClasses(fn: string, numClasses: unknown): number {
  return checkInteger(fn, 'options.numClasses', numClasses, { min: 1 });
}

/** Throws unless both label arrays are non-empty and the same length. Returns that length. */
export function checkSameLength(fn: string, nameA: string, a: unknown, nameB: string, b: unknown): number {
  const lengthA = checkArrayLike(fn, nameA, a);
  const lengthB = checkArrayLike(fn, nameB, b);
  if (lengthA !== lengthB) {
    throw new RangeError(`${fn}: ${nameA} and ${nameB} must have the same length, got ${lengthA} and ${lengthB}`);
  }
  return lengthA;
}

/** Largest number of classes of a confusion matrix (4096² counts are 128 MiB of float64). */
export const MAX_MATRIX_CLASSES = 4096;

/** Throws unless a `[numClasses][numClasses]` count matrix is of a sane size. */
export function checkMatrixClasses(fn: string, numClasses: number, found: string): void {
  if (numClasses > MAX_MATRIX_CLASSES) {
    throw new RangeError(`${fn}: expected at most ${MAX_MATRIX_CLASSES} classes for a confusion matrix, ${found}`);
  }
}

/**
 * Checks that every entry of `labels` is an integer in `[0, numClasses)` (or, when `numClasses` is
 * undefined, a non-negative integer). Returns the largest label.
 */
export function checkLabels(fn: string, name: string, labels: LabelArray, numClasses?: number): number {
  const length = labels.length;
  let max = 0;
  const limit = numClasses ?? Number.MAX_SAFE_INTEGER;
  if (isIntegerTypedArray(labels)) {
    for (let i = 0; i < length; i++) {
      const v = labels[i];
      if (v < 0 || v >= limit) throw labelError(fn, name, i, v, numClasses);
      if (v > max) max = v;
    }
    return max;
  }
  for (let i = 0; i < length; i++) {
    const v = labels[i];
    // The fast test accepts exactly the integers in [0, limit); anything else gets a precise message.
    if (typeof v !== 'number' || !(v >= 0 && v < limit && Math.floor(v) === v)) {
      if (typeof v !== 'number') {
        throw new TypeError(`${fn}: expected ${name}[${i}] to be a number (an integer class label), got ${describeValue(v)}`);
      }
      throw labelError(fn, name, i, v, numClasses);
    }
    if (v > max) max = v;
  }
  return max;
}

function labelError(fn: string, name: string, index: number, value: number, numClasses?: number): RangeError {
  const range = numClasses === undefined ? 'a non-negative integer' : `an integer in [0, ${numClasses})`;
  return new RangeError(`${fn}: expected ${name}[${index}] to be ${range}, got ${describeValue(value)}`);
}

/**
 * Validates labels of one or two arrays and resolves the number of classes: `options.numClasses` when
 * given, otherwise the largest label + 1.
 */
export function resolveNumClasses(fn: string, numClasses: unknown, labelSets: Array<[string, LabelArray]>): number {
  if (numClasses !== undefined) {
    const classes = checkNumClasses(fn, numClasses);
    for (const [name, labels] of labelSets) checkLabels(fn, name, labels, classes);
    return classes;
  }
  let max = 0;
  for (const [name, labels] of labelSets) max = Math.max(max, checkLabels(fn, name, labels));
  return max + 1;
}

/**
 * Validates and flattens class scores for `count` examples. Every score must be finite and >= 0.
 * A flat typed array is used as is (no copy); rows are checked, then copied into one Float64Array (so memory
 * is bounded by the input whatever `numClasses` says).
 */
export function flattenScores(fn: string, yScore: ScoreInput, count: number, numClasses?: number): FlatScores {
  checkArrayLike(fn, 'yScore', yScore);
  if (numClasses !== undefined) checkNumClasses(fn, numClasses);
  if (isArrayLike((yScore as ArrayLike<unknown>)[0])) {
    return flattenRows(fn, yScore as ArrayLike<ArrayLike<number>>, count, numClasses);
  }
  const flat = yScore as ArrayLike<number>;
  const length = flat.length;
  let width: number;
  if (numClasses !== undefined) {
    width = numClasses;
    if (length !== count * width) {
      throw new RangeError(`${fn}: expected flat yScore of length ${count} x ${width} = ${count * width}, got ${length}`);
    }
  } else {
    width = length / count;
    if (!Number.isInteger(width)) {
      throw new RangeError(
        `${fn}: flat yScore length ${length} is not a multiple of yTrue length ${count}; pass options.numClasses or rows`,
      );
    }
  }
  checkScoreValues(fn, flat, width);
  return { data: flat, count, numClasses: width };
}

function flattenRows(
  fn: string,
  rows: ArrayLike<ArrayLike<number>>,
  count: number,
  numClasses: number | undefined,
): FlatScores {
  if (rows.length !== count) {
    throw new RangeError(`${fn}: expected yScore to have ${count} rows (one per label in yTrue), got ${rows.length}`);
  }
  const width = numClasses ?? rows[0].length;
  if (width === 0) throw new RangeError(`${fn}: expected yScore rows to hold at least 1 score, got yScore[0] of width 0`);
  // Shapes first, so that nothing is allocated for a width the rows do not have.
  for (let i = 0; i < count; i++) {
    const row = rows[i];
    if (!isArrayLike(row)) {
      throw new TypeError(`${fn}: expected yScore[${i}] to be an array of ${width} scores, got ${describeValue(row)}`);
    }
    if (row.length !== width) {
      throw new RangeError(`${fn}: expected yScore[${i}] to hold ${width} scores (one per class), got ${row.length}`);
    }
  }
  const data = new Float64Array(count * width);
  for (let i = 0; i < count; i++) {
    const row = rows[i];
    const offset = i * width;
    for (let c = 0; c < width; c++) {
      const v = row[c];
      if (!(typeof v === 'number' && v >= 0 && v < Infinity)) throw scoreError(fn, `yScore[${i}][${c}]`, v);
      data[offset + c] = v;
    }
  }
  return { data, count, numClasses: width };
}

function scoreError(fn: string, where: string, value: unknown): Error {
  if (typeof value !== 'number') return new TypeError(`${fn}: expected ${where} to be a number, got ${describeValue(value)}`);
  return new RangeError(`${fn}: expected ${where} to be a finite score >= 0, got ${describeValue(value)}`);
}

function checkScoreValues(fn: string, flat: ArrayLike<number>, width: number): void {
  const length = flat.length;
  // Number-typed arrays hold only numbers; anything else (number[], BigInt64Array, array-likes) is checked per entry.
  const typed = flat instanceof Float32Array || flat instanceof Float64Array || isIntegerTypedArray(flat);
  for (let j = 0; j < length; j++) {
    const v = flat[j];
    if ((!typed && typeof v !== 'number') || !(v >= 0 && v < Infinity)) {
      throw scoreError(fn, `yScore[${Math.floor(j / width)}][${j % width}]`, v);
    }
  }
}
