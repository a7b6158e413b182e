import { drawResolved, resolveAugmentOptions, type AugmentOptions } from './augment-options.js';
import { gaussianKernel } from './internal/gaussian-kernel.js';
import { sampleAt, smoothPlanes, type SampleSettings } from './internal/sample-image.js';
import { checkInteger, describeValue } from '@digitkit/core';
import { projectiveTransform } from './projective-transform.js';

/** Options of {@link augmentImages}: the augmentation options plus the image size. */
export interface AugmentImagesOptions extends AugmentOptions {
  /** Image height in pixels. Default `28`. */
  rows?: number;
  /** Image width in pixels. Default `28`. */
  cols?: number;
}

/**
 * The same augmentations as {@link augmentBatch}, in plain TypeScript on flat single-channel images
 * (for web workers and data pipelines without tfjs). The same seed and options draw the same random
 * parameters as `augmentBatch`, so both give the same images up to float rounding.
 *
 * `fill` and `noise` are in the units of the pixel values (0..255 for a `Uint8Array`).
 *
 * @param images `count * rows * cols` pixels, row-major: a `Uint8Array` (0..255; the output is rounded and
 *   clamped to 0..255) or a `Float32Array` (output unclamped unless `clip` is given). Not modified.
 * @param options see {@link AugmentImagesOptions}
 * @returns a new array of the same type and length
 * @throws TypeError/RangeError on bad input, before any work
 */
export function augmentImages<T extends Uint8Array | Float32Array>(images: T, options: AugmentImagesOptions = {}): T {
  const fn = 'augmentImages';
  const isBytes = images instanceof Uint8Array;
  if (!isBytes && !(images instanceof Float32Array)) {
    throw new TypeError(`${fn}: expected images to be a Uint8Array or Float32Array, got ${describeValue(images)}`);
  }
  const rows = checkInteger(fn, 'options.rows', options?.rows ?? 28, { min: 1 });
  const cols = checkInteger(fn, 'options.cols', options?.cols ?? 28, { min: 1 });
  const size = rows * cols;
  if (images.length % size !== 0) {
    throw new RangeError(`${fn}: expected images.length to be a multiple of ${rows}x${cols} = ${size}, got ${images.length}`);
  }
  if (!isBytes) {
    for (let i = 0; i < images.length; i++) {
      if (!Number.isFinite(images[i])) throw new RangeError(`${fn}: expected finite pixel values, got ${images[i]} at index ${i}`);
    }
  }
  const resolved = resolveAugmentOptions(fn, options, rows, cols, ['rows', 'cols']);
  const count = images.length / size;
  if (count === 0) return (isBytes ? new Uint8Array(0) : new Float32Array(0)) as T;
  const draws = drawResolved(resolved, count, rows, cols, 1);
  const settings: SampleSettings = { interpolation: resolved.interpolation, fill: resolved.fill };
  const kernel = resolved.elastic ? gaussianKernel(resolved.elastic.sigma, Math.max(rows, cols) - 1) : undefined;

  const result = new Float64Array(images.length);
  let current = new Float64Array(size);
  let next = new Float64Array(size);
  const field = new Float32Array(2 * size);
  for (let i = 0; i < count; i++) {
    for (let p = 0; p < size; p++) current[p] = images[i * size + p];
    if (resolved.affine) {
      const t = projectiveTransform(draws.params[i], rows, cols);
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < cols; x++) {
          next[y * cols + x] = sampleAt(current, 0, rows, cols, t[0] * x + t[1] * y + t[2], t[3] * x + t[4] * y + t[5], settings);
        }
      }
      [current, next] = [next, current];
    }
    if (resolved.elastic && draws.fields && kernel) {
      field.set(draws.fields.subarray(i * 2 * size, (i + 1) * 2 * size));
      smoothPlanes(field, 2, rows, cols, kernel);
      const alpha = resolved.elastic.alpha;
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < cols; x++) {
          const p = y * cols + x;
          next[p] = sampleAt(current, 0, rows, cols, x + alpha * field[p], y + alpha * field[size + p], settings);
        }
      }
      [current, next] = [next, current];
    }
    if (draws.noise) for (let p = 0; p < size; p++) current[p] += draws.noise[i * size + p];
    result.set(current, i * size);
  }

  const [low, high] = resolved.clip ?? [-Infinity, Infinity];
  if (isBytes) {
    const out = new Uint8Array(images.length);
    const min = Math.max(0, low);
    const max = Math.min(255, high);
    for (let i = 0; i < out.length; i++) {
      const v = Math.round(result[i]);
      out[i] = v < min ? min : v > max ? max : v;
    }
    return out as T;
  }
  const out = new Float32Array(images.length);
  for (let i = 0; i < out.length; i++) {
    const v = result[i];
    out[i] = v < low ? low : v > high ? high : v;
  }
  return out as T;
}
