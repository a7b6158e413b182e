import { checkArrayLike, checkInteger, checkOptions, describeValue } from '@digitkit/core';

/** Options of {@link mostConfusedPairs}. */
export interface MostConfusedPairsOptions {
  /** Maximum number of pairs returned. Default 5. */
  top?: number;
}

/** Two classes the classifier mixes up, counting both directions. */
export interface ConfusedPair {
  /** The smaller class index. */
  a: number;
  /** The larger class index. */
  b: number;
  /** `aAsB + bAsA`: examples of either class predicted as the other. */
  count: number;
  /** Examples of true class `a` predicted as `b` (`matrix[a][b]`). */
  aAsB: number;
  /** Examples of true class `b` predicted as `a` (`matrix[b][a]`). */
  bAsA: number;
}

/**
 * The class pairs confused most often (e.g. 4↔9, 3↔5, 1↔7 on MNIST), counting both directions.
 *
 * @param matrix - `[C][C]` confusion matrix (rows = true class) of non-negative counts, e.g. from
 *   {@link confusionMatrix}.
 * @returns at most `top` pairs with `count > 0`, by decreasing count; ties by ascending `a`, then `b`.
 */
export function mostConfusedPairs(
  matrix: ArrayLike<ArrayLike<number>>,
  options: MostConfusedPairsOptions = {},
): ConfusedPair[] {
  const fn = 'mostConfusedPairs';
  const { top = 5 } = checkOptions(fn, options, ['top']);
  checkInteger(fn, 'options.top', top, { min: 0 });
  const size = checkArrayLike(fn, 'matrix', matrix, { nonEmpty: false });
  if (size === 0) throw new RangeError(`${fn}: expected a non-empty square matrix, got 0 rows`);
  for (let r = 0; r < size; r++) {
    const row = matrix[r];
    if (row === null || typeof row !== 'object' || !Number.isSafeInteger(row.length)) {
      throw new TypeError(`${fn}: expected matrix[${r}] to be an array of ${size} counts, got ${describeValue(row)}`);
    }
    if (row.length !== size) {
      throw new RangeError(
        `${fn}: expected a square matrix, matrix has ${size} rows but matrix[${r}] has ${row.length} columns`,
      );
    }
    for (let c = 0; c < size; c++) {
      const v = row[c];
      if (typeof v !== 'number' || !(v >= 0 && v < Infinity)) {
        const error = typeof v === 'number' ? RangeError : TypeError;
        throw new error(`${fn}: expected matrix[${r}][${c}] to be a finite count >= 0, got ${describeValue(v)}`);
      }
    }
  }
  const pairs: ConfusedPair[] = [];
  for (let a = 0; a < size; a++) {
    for (let b = a + 1; b < size; b++) {
      const aAsB = matrix[a][b];
      const bAsA = matrix[b][a];
      if (aAsB + bAsA > 0) pairs.push({ a, b, count: aAsB + bAsA, aAsB, bAsA });
    }
  }
  pairs.sort((x, y) => y.count - x.count || x.a - y.a || x.b - y.b);
  return pairs.slice(0, top);
}
