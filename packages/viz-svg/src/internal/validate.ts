/**
 * The renderers' domain checks (matrices, value lists, label names), built on @digitkit/core's checks and
 * written in its one message format: `<function>: expected <name> to be <what>, got <found>`.
 */
import { checkInteger, describeValue } from '@digitkit/core';

/** True for an array or a typed array (not a DataView, string or array-like object). */
export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** Checks that `value` is an array or typed array (TypeError otherwise). */
export function assertArrayLike(fn: string, name: string, value: unknown): asserts value is ArrayLike<number> {
  if (!isArrayLike(value)) {
    throw new TypeError(`${fn}: expected ${name} to be an array or typed array, got ${describeValue(value)}`);
  }
}

/** Checks every entry is a finite number (optionally within [min, max]) and returns a plain number array. */
export function toFiniteArray(
  fn: string,
  name: string,
  value: unknown,
  range: { min?: number; max?: number } = {},
): number[] {
  assertArrayLike(fn, name, value);
  const bounds = [
    range.min === undefined ? '' : `>= ${range.min}`,
    range.max === undefined ? '' : `<= ${range.max}`,
  ].filter(Boolean);
  const expected = `a finite number${bounds.length > 0 ? ` ${bounds.join(' and ')}` : ''}`;
  const out = new Array<number>(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number') throw new TypeError(`${fn}: expected ${name}[${i}] to be ${expected}, got ${describeValue(v)}`);
    if (!Number.isFinite(v) || (range.min !== undefined && v < range.min) || (range.max !== undefined && v > range.max)) {
      throw new RangeError(`${fn}: expected ${name}[${i}] to be ${expected}, got ${describeValue(v)}`);
    }
    out[i] = v;
  }
  return out;
}

/** A dense matrix given as rows of numbers, or as flat data with its shape. */
export type MatrixInput =
  | ReadonlyArray<ArrayLike<number>>
  | { data: ArrayLike<number>; rows: number; cols: number };

/**
 * Validates a matrix (rectangular, finite unless allowNaN, ≥ `min` when given) and returns it row-major.
 * NaN entries are kept only when `allowNaN` is true.
 */
export function toMatrix(
  fn: string,
  name: string,
  value: unknown,
  options: { allowNaN?: boolean; min?: number; square?: boolean } = {},
): { rows: number; cols: number; values: Float64Array } {
  let rows: number;
  let cols: number;
  let get: (r: number, c: number) => unknown;
  if (isArrayLike(value)) {
    rows = value.length;
    if (rows === 0) throw new RangeError(`${fn}: expected ${name} to have at least one row, got 0 rows`);
    for (let r = 0; r < rows; r++) assertArrayLike(fn, `${name}[${r}]`, value[r]);
    cols = (value[0] as ArrayLike<unknown>).length;
    for (let r = 1; r < rows; r++) {
      const length = (value[r] as ArrayLike<unknown>).length;
      if (length !== cols) {
        throw new RangeError(`${fn}: expected ${name}[${r}] to have ${cols} columns like row 0 (a ragged ${name}), got ${length}`);
      }
    }
    get = (r, c) => (value[r] as ArrayLike<unknown>)[c];
  } else if (value !== null && typeof value === 'object' && 'data' in value) {
    const m = value as { data: unknown; rows: unknown; cols: unknown };
    rows = checkInteger(fn, `${name}.rows`, m.rows, { min: 1 });
    cols = checkInteger(fn, `${name}.cols`, m.cols, { min: 1 });
    assertArrayLike(fn, `${name}.data`, m.data);
    if (m.data.length !== rows * cols) {
      throw new RangeError(`${fn}: expected ${name}.data to hold ${rows}x${cols} = ${rows * cols} values, got ${m.data.length}`);
    }
    const data = m.data;
    get = (r, c) => data[r * cols + c];
  } else {
    throw new TypeError(`${fn}: expected ${name} to be an array of rows or { data, rows, cols }, got ${describeValue(value)}`);
  }
  if (cols === 0) throw new RangeError(`${fn}: expected ${name} to have at least one column, got 0`);
  if (options.square && rows !== cols) throw new RangeError(`${fn}: expected ${name} to be square, got ${rows}x${cols}`);
  const expected = `a finite number${options.min === undefined ? '' : ` >= ${options.min}`}`;
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = get(r, c);
      if (typeof v !== 'number') throw new TypeError(`${fn}: expected ${name}[${r}][${c}] to be ${expected}, got ${describeValue(v)}`);
      const allowed = Number.isNaN(v) ? options.allowNaN : Number.isFinite(v) && (options.min === undefined || v >= options.min);
      if (!allowed) throw new RangeError(`${fn}: expected ${name}[${r}][${c}] to be ${expected}, got ${describeValue(v)}`);
      values[r * cols + c] = v;
    }
  }
  return { rows, cols, values };
}

/** Validates optional label names: length must match `count`; returns strings. */
export function resolveLabelNames(
  fn: string,
  name: string,
  labelNames: ReadonlyArray<unknown> | undefined,
  count: number,
): string[] {
  if (labelNames === undefined) return Array.from({ length: count }, (_, i) => String(i));
  if (!Array.isArray(labelNames)) {
    throw new TypeError(`${fn}: expected ${name} to be an array of strings, got ${describeValue(labelNames)}`);
  }
  if (labelNames.length !== count) {
    throw new RangeError(`${fn}: expected ${name} to have ${count} entries, got ${labelNames.length}`);
  }
  return labelNames.map((l) => String(l));
}

/** A text option (any string, `''` included): `fallback` when undefined, TypeError when not a string. */
export function optionalText(fn: string, name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new TypeError(`${fn}: expected ${name} to be a string, got ${describeValue(value)}`);
  return value;
}
