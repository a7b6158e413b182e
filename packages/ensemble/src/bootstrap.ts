import { createRng } from '@digitkit/mnist-data';

/** Options of {@link bootstrapIndices}. */
export interface BootstrapOptions {
  /** Seed of the PRNG; the same seed gives the same sample. */
  seed: number;
  /** How many indices to draw (with replacement); default: `count`. */
  size?: number;
}

/**
 * A bootstrap sample: `size` indices drawn uniformly with replacement from `[0, count)`, deterministic per seed.
 * About 63.2% of the examples appear at least once when `size === count`.
 */
export function bootstrapIndices(count: number, options: BootstrapOptions): Int32Array {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`bootstrapIndices: expected count to be a positive integer, got ${count}`);
  }
  const size = options?.size ?? count;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`bootstrapIndices: expected size to be a positive integer, got ${size}`);
  }
  if (!Number.isFinite(options?.seed)) {
    throw new TypeError(`bootstrapIndices: expected a finite numeric seed, got ${String(options?.seed)}`);
  }
  const random = createRng(options.seed);
  const indices = new Int32Array(size);
  for (let i = 0; i < size; i++) indices[i] = Math.floor(random() * count);
  return indices;
}

/** The indices in `[0, count)` that a bootstrap sample did not draw (the out-of-bag examples), ascending. */
export function outOfBagIndices(count: number, sample: ArrayLike<number>): Int32Array {
  const drawn = new Uint8Array(count);
  for (let i = 0; i < sample.length; i++) {
    const index = sample[i];
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new RangeError(`outOfBagIndices: expected sample indices in [0, ${count}), got ${index} at ${i}`);
    }
    drawn[index] = 1;
  }
  let missing = 0;
  for (let i = 0; i < count; i++) missing += 1 - drawn[i];
  const out = new Int32Array(missing);
  for (let i = 0, j = 0; i < count; i++) if (!drawn[i]) out[j++] = i;
  return out;
}
