import { checkArrayLike, checkInteger, checkOptions, checkSeed, createRng, describeValue } from '@digitkit/core';

/** Options of {@link bootstrapIndices}. */
export interface BootstrapOptions {
  /** Seed of the PRNG (any finite number); the same seed gives the same sample. Required. */
  seed: number;
  /** How many indices to draw (with replacement), an integer in `1..2^31 - 1`. Default: `count`. */
  size?: number;
}

const BOOTSTRAP_OPTIONS = ['seed', 'size'] as const;

/** Indices are `Int32Array` entries: counts and sizes above this cannot be represented. */
const MAX_INDEX_COUNT = 2 ** 31 - 1;

/**
 * A bootstrap sample: `size` indices drawn uniformly with replacement from `[0, count)`, deterministic per seed.
 * About 63.2% of the examples appear at least once when `size === count`.
 *
 * @param count - Number of examples to draw from, an integer in `1..2^31 - 1`.
 * @throws TypeError/RangeError (before allocating) for a bad `count`, `size` or `seed`, or an unknown option.
 */
export function bootstrapIndices(count: number, options: BootstrapOptions): Int32Array {
  const fn = 'bootstrapIndices';
  checkInteger(fn, 'count', count, { min: 1, max: MAX_INDEX_COUNT });
  if (options === undefined) throw new TypeError(`${fn}: expected options with a seed, got undefined`);
  const { seed, size = count } = checkOptions(fn, options, BOOTSTRAP_OPTIONS);
  checkInteger(fn, 'options.size', size, { min: 1, max: MAX_INDEX_COUNT });
  const random = createRng(checkSeed(fn, 'options.seed', seed));
  const indices = new Int32Array(size);
  for (let i = 0; i < size; i++) indices[i] = Math.floor(random() * count);
  return indices;
}

/**
 * The indices in `[0, count)` that a bootstrap sample did not draw (the out-of-bag examples), ascending.
 *
 * @throws TypeError/RangeError (before allocating) for a bad `count`, or a sample entry that is not an integer in
 *   `[0, count)`.
 */
export function outOfBagIndices(count: number, sample: ArrayLike<number>): Int32Array {
  const fn = 'outOfBagIndices';
  checkInteger(fn, 'count', count, { min: 1, max: MAX_INDEX_COUNT });
  const length = checkArrayLike(fn, 'sample', sample, { nonEmpty: false });
  for (let i = 0; i < length; i++) {
    const index = sample[i];
    if (typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < count) continue;
    const error = typeof index === 'number' ? RangeError : TypeError;
    throw new error(`${fn}: expected sample[${i}] to be an index in [0, ${count}), got ${describeValue(index)}`);
  }
  const drawn = new Uint8Array(count);
  for (let i = 0; i < length; i++) drawn[sample[i]] = 1;
  let missing = 0;
  for (let i = 0; i < count; i++) missing += 1 - drawn[i];
  const out = new Int32Array(missing);
  for (let i = 0, j = 0; i < count; i++) if (!drawn[i]) out[j++] = i;
  return out;
}
