import { checkInteger, describeValue } from '@digitkit/core';
import { assertArrayLike, isArrayLike } from '../internal/validate.js';

/**
 * Grayscale digit images: an array of images (each `rows*cols` values, row-major); one flat buffer of
 * several images (`n*rows*cols` values, e.g. `test.images.subarray(0, 100 * 784)`, with `rows`/`cols` from the
 * options, 28×28 by default); or a flat buffer with its shape, such as a `DigitDataset`
 * (`{ images: Uint8Array, count, rows, cols }`).
 */
export type DigitImagesInput =
  | ReadonlyArray<ArrayLike<number>>
  | ArrayLike<number>
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
  let rows = checkInteger(fn, 'options.rows', options.rows ?? 28, { min: 1 });
  let cols = checkInteger(fn, 'options.cols', options.cols ?? 28, { min: 1 });
  let views: ArrayLike<number>[];
  if (isArrayLike(input) && input.length > 0 && typeof input[0] === 'number') {
    // One flat buffer of n images of rows x cols.
    const size = rows * cols;
    if (input.length % size !== 0) {
      throw new RangeError(
        `${fn}: expected ${name} (a flat buffer of ${rows}x${cols} images) to hold a multiple of ${size} values, got ${input.length}`,
      );
    }
    views = splitFlat(input as ArrayLike<number>, input.length / size, size);
  } else if (isArrayLike(input)) {
    views = [];
    for (let i = 0; i < input.length; i++) {
      const image = input[i];
      assertArrayLike(fn, `${name}[${i}]`, image);
      views.push(image);
    }
  } else if (input !== null && typeof input === 'object' && 'images' in input) {
    const d = input as { images: unknown; count: unknown; rows: unknown; cols: unknown };
    assertArrayLike(fn, `${name}.images`, d.images);
    const count = checkInteger(fn, `${name}.count`, d.count, { min: 1 });
    rows = checkInteger(fn, `${name}.rows`, d.rows, { min: 1 });
    cols = checkInteger(fn, `${name}.cols`, d.cols, { min: 1 });
    const size = rows * cols;
    if (d.images.length !== count * size) {
      throw new RangeError(
        `${fn}: expected ${name}.images to hold ${count}x${rows}x${cols} = ${count * size} values, got ${d.images.length}`,
      );
    }
    views = splitFlat(d.images, count, size);
  } else {
    throw new TypeError(`${fn}: expected ${name} to be an array of images or { images, count, rows, cols }, got ${describeValue(input)}`);
  }
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
      if (typeof v !== 'number') throw new TypeError(`${fn}: expected ${name}[${i}][${p}] to be a finite number, got ${describeValue(v)}`);
      if (!Number.isFinite(v)) throw new RangeError(`${fn}: expected ${name}[${i}][${p}] to be a finite number, got ${describeValue(v)}`);
      if (v < lo - 1e-6 || v > hi + 1e-6) {
        throw new RangeError(`${fn}: expected ${name}[${i}][${p}] to be within the pixel range [${lo}, ${hi}], got ${v}`);
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
      throw new RangeError(`${fn}: expected pixelRange to be 'auto' or [min, max] with min < max, got ${describeValue(pixelRange)}`);
    }
    return [pixelRange[0], pixelRange[1]];
  }
  if (views.every((v) => v instanceof Uint8Array || v instanceof Uint8ClampedArray)) return [0, 255];
  let max = -Infinity;
  for (const view of views) for (let p = 0; p < view.length; p++) if (view[p] > max) max = view[p];
  return max <= 1 ? [0, 1] : [0, 255];
}

/** Views (typed arrays) or copies (plain arrays) of `count` consecutive images of `size` values. */
function splitFlat(flat: ArrayLike<number>, count: number, size: number): ArrayLike<number>[] {
  const views: ArrayLike<number>[] = [];
  for (let i = 0; i < count; i++) {
    views.push(
      ArrayBuffer.isView(flat)
        ? (flat as unknown as Uint8Array).subarray(i * size, (i + 1) * size)
        : Array.prototype.slice.call(flat, i * size, (i + 1) * size),
    );
  }
  return views;
}
