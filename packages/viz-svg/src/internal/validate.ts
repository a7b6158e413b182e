/** Internal argument checks shared by the renderers. Each throws a RangeError/TypeError naming the function. */

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value;
}

export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return (
    Array.isArray(value) ||
    (ArrayBuffer.isView(value) && !(value instanceof DataView))
  );
}

export function assertArrayLike(fn: string, name: string, value: unknown): asserts value is ArrayLike<number> {
  if (!isArrayLike(value)) {
    throw new TypeError(`${fn}: expected ${name} to be an array or typed array, got ${describe(value)}`);
  }
}

export function assertFiniteNumber(fn: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${fn}: expected ${name} to be a finite number, got ${describe(value)}`);
  }
}

export function assertPositiveInteger(fn: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${fn}: expected ${name} to be a positive integer, got ${describe(value)}`);
  }
}

export function assertNonEmpty(fn: string, name: string, value: ArrayLike<unknown>): void {
  if (value.length === 0) throw new RangeError(`${fn}: expected ${name} to be non-empty, got length 0`);
}

/** Checks every entry is a finite number (optionally within [min, max]) and returns a plain number array. */
export function toFiniteArray(
  fn: string,
  name: string,
  value: unknown,
  range?: { min?: number; max?: number },
): number[] {
  assertArrayLike(fn, name, value);
  const out = new Array<number>(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${fn}: expected ${name}[${i}] to be a finite number, got ${describe(v)}`);
    }
    if (range?.min !== undefined && v < range.min) {
      throw new RangeError(`${fn}: expected ${name}[${i}] >= ${range.min}, got ${v}`);
    }
    if (range?.max !== undefined && v > range.max) {
      throw new RangeError(`${fn}: expected ${name}[${i}] <= ${range.max}, got ${v}`);
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
 * Validates a matrix (rectangular, finite unless allowNaN) and returns its rows as number arrays.
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
    const first = value[0];
    if (!isArrayLike(first)) {
      throw new TypeError(`${fn}: expected ${name}[0] to be an array or typed array, got ${describe(first)}`);
    }
    cols = first.length;
    for (let r = 0; r < rows; r++) {
      const row = value[r];
      if (!isArrayLike(row)) {
        throw new TypeError(`${fn}: expected ${name}[${r}] to be an array or typed array, got ${describe(row)}`);
      }
      if (row.length !== cols) {
        throw new RangeError(`${fn}: ragged ${name}: row 0 has ${cols} columns, row ${r} has ${row.length}`);
      }
    }
    get = (r, c) => (value[r] as ArrayLike<unknown>)[c];
  } else if (value !== null && typeof value === 'object' && 'data' in value) {
    const m = value as { data: unknown; rows: unknown; cols: unknown };
    assertPositiveInteger(fn, `${name}.rows`, m.rows);
    assertPositiveInteger(fn, `${name}.cols`, m.cols);
    assertArrayLike(fn, `${name}.data`, m.data);
    rows = m.rows;
    cols = m.cols;
    if (m.data.length !== rows * cols) {
      throw new RangeError(
        `${fn}: expected ${name}.data to hold ${rows}x${cols} = ${rows * cols} values, got ${m.data.length}`,
      );
    }
    const data = m.data;
    get = (r, c) => data[r * cols + c];
  } else {
    throw new TypeError(`${fn}: expected ${name} to be an array of rows or { data, rows, cols }, got ${describe(value)}`);
  }
  if (cols === 0) throw new RangeError(`${fn}: expected ${name} to have at least one column, got 0`);
  if (options.square && rows !== cols) {
    throw new RangeError(`${fn}: expected ${name} to be square, got ${rows}x${cols}`);
  }
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = get(r, c);
      if (typeof v !== 'number') {
        throw new TypeError(`${fn}: expected ${name}[${r}][${c}] to be a number, got ${describe(v)}`);
      }
      if (Number.isNaN(v)) {
        if (!options.allowNaN) throw new RangeError(`${fn}: ${name}[${r}][${c}] is NaN`);
      } else if (!Number.isFinite(v)) {
        throw new RangeError(`${fn}: expected ${name}[${r}][${c}] to be finite, got ${v}`);
      } else if (options.min !== undefined && v < options.min) {
        throw new RangeError(`${fn}: expected ${name}[${r}][${c}] >= ${options.min}, got ${v}`);
      }
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
    throw new TypeError(`${fn}: expected ${name} to be an array of strings, got ${describe(labelNames)}`);
  }
  if (labelNames.length !== count) {
    throw new RangeError(`${fn}: expected ${name} to have ${count} entries, got ${labelNames.length}`);
  }
  return labelNames.map((l) => String(l));
}
