import { assertArrayLike, assertPositiveInteger, describe, isArrayLike } from '../internal/validate.js';

/**
 * Grayscale digit images: an array of images (each `rows*cols` values, row-major), or a flat buffer with its
 * shape, such as a `DigitDataset` (`{ images: Uint8Array, count, rows, cols }`).
 */
export type DigitImagesInput =
  | ReadonlyArray<ArrayLike<number>>
  | { images: ArrayLike<number>; count: number; rows: number; cols: number };

/** How pixel values map to gray: `[black, white]` in input units, or 'auto'. */
export type PixelRange = readonly [number, number] | 'auto';

/** Digit images validated and converted to 0..255 bytes (255 = ink). */
export interface NormalizedDigits {
  images: Uint8Array[];
  rows: number;
  cols: number;
}

/**
 * Validates digit images and converts them to bytes.
 * `pixelRange` 'auto': [0, 255] for Uint8Array/Uint8ClampedArray input; otherwise [0, 1] if every value is
 * ≤ 1 and [0, 255] if not. Values outside the range throw a RangeError (never silently clipped).
 */
export function normalizeDigitImages(
  fn: string,
  name: string,
  input: unknown,
  options: { rows?: number; cols?: number; pixelRange?: PixelRange } = {},
): NormalizedDigits {
  let rows = options.rows ?? 28;
  let cols = options.cols ?? 28;
  let views: ArrayLike<number>[];
  if (isArrayLike(input)) {
    views = [];
    for (let i = 0; i < input.length; i++) {
      const image = input[i];
      assertArrayLike(fn, `${name}[${i}]`, image);
      views.push(image);
    }
  } else if (input !== null && typeof input === 'object' && 'images' in input) {
    const d = input as { images: unknown; count: unknown; rows: unknown; cols: unknown };
    assertArrayLike(fn, `${name}.images`, d.images);
    assertPositiveInteger(fn, `${name}.count`, d.count);
    assertPositiveInteger(fn, `${name}.rows`, d.rows);
    assertPositiveInteger(fn, `${name}.cols`, d.cols);
    rows = d.rows;
    cols = d.cols;
    const size = rows * cols;
    if (d.images.length !== d.count * size) {
      throw new RangeError(
        `${fn}: expected ${name}.images to hold ${d.count}x${rows}x${cols} = ${d.count * size} values, got ${d.images.length}`,
      );
    }
    const flat = d.images;
    views = [];
    for (let i = 0; i < d.count; i++) {
      views.push(
        ArrayBuffer.isView(flat)
          ? (flat as unknown as Uint8Array).subarray(i * size, (i + 1) * size)
          : Array.prototype.slice.call(flat, i * size, (i + 1) * size),
      );
    }
  } else {
    throw new TypeError(`${fn}: expected ${name} to be an array of images or { images, count, rows, cols }, got ${describe(input)}`);
  }
  assertPositiveInteger(fn, 'rows', rows);
  assertPositiveInteger(fn, 'cols', cols);
  const size = rows * cols;
  for (let i = 0; i < views.length; i++) {
    if (views[i].length !== size) {
      throw new RangeError(`${fn}: expected ${name}[${i}] to have ${rows}x${cols} = ${size} pixels, got ${views[i].length}`);
    }
  }
  const range = resolvePixelRange(fn, views, options.pixelRange ?? 'auto');
  const [lo, hi] = range;
  const scale = 255 / (hi - lo);
  const images = views.map((view, i) => {
    if ((view instanceof Uint8Array || view instanceof Uint8ClampedArray) && lo === 0 && hi === 255) {
      return Uint8Array.from(view);
    }
    const out = new Uint8Array(size);
    for (let p = 0; p < size; p++) {
      const v = view[p];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RangeError(`${fn}: expected ${name}[${i}][${p}] to be a finite number, got ${describe(v)}`);
      }
      if (v < lo - 1e-6 || v > hi + 1e-6) {
        throw new RangeError(`${fn}: ${name}[${i}][${p}] = ${v} is outside the pixel range [${lo}, ${hi}]`);
      }
      out[p] = Math.round(Math.min(255, Math.max(0, (v - lo) * scale)));
    }
    return out;
  });
  return { images, rows, cols };
}

function resolvePixelRange(fn: string, views: ArrayLike<number>[], pixelRange: PixelRange): [number, number] {
  if (pixelRange !== 'auto') {
    if (
      !Array.isArray(pixelRange) ||
      pixelRange.length !== 2 ||
      !Number.isFinite(pixelRange[0]) ||
      !Number.isFinite(pixelRange[1]) ||
      pixelRange[1] <= pixelRange[0]
    ) {
      throw new RangeError(`${fn}: expected pixelRange to be 'auto' or [min, max] with min < max, got ${describe(pixelRange)}`);
    }
    return [pixelRange[0], pixelRange[1]];
  }
  if (views.every((v) => v instanceof Uint8Array || v instanceof Uint8ClampedArray)) return [0, 255];
  let max = -Infinity;
  for (const view of views) for (let p = 0; p < view.length; p++) if (view[p] > max) max = view[p];
  return max <= 1 ? [0, 1] : [0, 255];
}
