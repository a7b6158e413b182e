import { checkFiniteNumber, checkOneOf, checkOptions, describeValue } from '@digitkit/core';

/** Options of {@link normalize}. */
export interface NormalizeOptions {
  /**
   * `'unit'` (default): `x / maxValue`, into [0, 1].
   * `'standardize'`: `(x / maxValue - mean) / std`, zero mean and unit variance.
   */
  mode?: 'unit' | 'standardize';
  /** Mean of the unit-scaled pixels for `'standardize'`. Default: computed from `images` (all pixels). */
  mean?: number;
  /** Standard deviation (population) of the unit-scaled pixels for `'standardize'`. Default: computed from `images`. */
  std?: number;
  /** Value that maps to 1 in unit scale. Default `255`. */
  maxValue?: number;
}

/** Result of {@link normalize}. */
export interface NormalizeResult {
  /** Normalized pixels, same length and order as the input. */
  values: Float32Array;
  /** Mean subtracted in unit scale (`0` for `'unit'`); reuse it to normalize a test set like the training set. */
  mean: number;
  /** Divisor in unit scale (`1` for `'unit'`). */
  std: number;
}

/**
 * Scales raw pixel values to [0, 1], or standardizes them with a mean and standard deviation that are
 * computed from the data when not given (on MNIST's training set they come out near 0.1307 and 0.3081).
 *
 * @param images raw pixels (`Uint8Array` 0..255, or any finite numbers in `0..maxValue`), any layout
 * @param options `{ mode = 'unit', mean?, std?, maxValue = 255 }`
 * @throws TypeError/RangeError for a non-numeric array, NaN/Infinity values, or a non-positive std
 */
export function normalize(images: ArrayLike<number>, options: NormalizeOptions = {}): NormalizeResult {
  const fn = 'normalize';
  if (!ArrayBuffer.isView(images) && !Array.isArray(images)) {
    throw new TypeError(`${fn}: expected images to be a typed array or number[], got ${describeValue(images)}`);
  }
  checkOptions(fn, options, ['mode', 'mean', 'std', 'maxValue']);
  const mode = checkOneOf(fn, 'options.mode', options.mode ?? 'unit', ['unit', 'standardize'] as const);
  const maxValue = checkFiniteNumber(fn, 'options.maxValue', options.maxValue ?? 255);
  if (maxValue <= 0) throw new RangeError(`${fn}: expected options.maxValue > 0, got ${maxValue}`);
  if (options.mean !== undefined) checkFiniteNumber(fn, 'options.mean', options.mean);
  if (options.std !== undefined) {
    checkFiniteNumber(fn, 'options.std', options.std);
    if (options.std <= 0) throw new RangeError(`${fn}: expected options.std > 0, got ${options.std}`);
  }
  const n = images.length;
  if (!(images instanceof Uint8Array)) {
    for (let i = 0; i < n; i++) {
      const v = images[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RangeError(`${fn}: expected finite pixel values, got ${describeValue(v)} at index ${i}`);
      }
    }
  }
  const values = new Float32Array(n);
  if (mode === 'unit') {
    for (let i = 0; i < n; i++) values[i] = images[i] / maxValue;
    return { values, mean: 0, std: 1 };
  }
  let mean = options.mean;
  let std = options.std;
  if (mean === undefined || std === undefined) {
    if (n === 0) throw new RangeError(`${fn}: cannot compute mean/std of 0 pixels; pass options.mean and options.std`);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += images[i];
    const dataMean = sum / n / maxValue;
    mean ??= dataMean;
    if (std === undefined) {
      let squares = 0;
      for (let i = 0; i < n; i++) {
        const d = images[i] / maxValue - dataMean;
        squares += d * d;
      }
      std = Math.sqrt(squares / n);
      if (!(std > 0)) throw new RangeError(`${fn}: the pixels are constant (std 0); cannot standardize`);
    }
  }
  for (let i = 0; i < n; i++) {
    values[i] = (images[i] / maxValue - mean) / std;
    if (!Number.isFinite(values[i])) {
      throw new RangeError(`${fn}: expected standardized values within float32 range, got ${values[i]} at index ${i} (options.std = ${std} is too small)`);
    }
  }
  return { values, mean, std };
}
