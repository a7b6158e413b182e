import { checkBoolean, checkOptions, describeValue, type DigitDataset } from '@digitkit/core';
import { sampleAt, type SampleSettings } from './internal/sample-image.js';
import { checkByteDataset, checkUint8Images } from './internal/validate.js';

/** Options of {@link deskew}. */
export interface DeskewOptions {
  /** Image height (ignored for a dataset). Default `28`. */
  rows?: number;
  /** Image width (ignored for a dataset). Default `28`. */
  cols?: number;
  /** Also move the intensity centroid to the image centre `((cols - 1) / 2, (rows - 1) / 2)`. Default `true`. */
  recenter?: boolean;
}

/** Skew parameters measured on one image from its intensity moments. */
export interface ImageMoments {
  /** Total intensity (0 for a blank image). */
  mass: number;
  /** Centroid column. */
  centerX: number;
  /** Centroid row. */
  centerY: number;
  /** Vertical variance `E[(y - cy)^2]`. */
  varianceY: number;
  /** Mixed moment `E[(x - cx)(y - cy)]`. */
  covarianceXY: number;
}

/** Intensity moments of image `index` of a flat batch. */
export function imageMoments(images: ArrayLike<number>, index: number, rows: number, cols: number): ImageMoments {
  const base = index * rows * cols;
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const v = images[base + y * cols + x];
      mass += v;
      sx += x * v;
      sy += y * v;
    }
  }
  if (mass === 0) return { mass, centerX: (cols - 1) / 2, centerY: (rows - 1) / 2, varianceY: 0, covarianceXY: 0 };
  const centerX = sx / mass;
  const centerY = sy / mass;
  let vy = 0;
  let cxy = 0;
  for (let y = 0; y < rows; y++) {
    const dy = y - centerY;
    for (let x = 0; x < cols; x++) {
      const v = images[base + y * cols + x];
      if (v === 0) continue;
      vy += dy * dy * v;
      cxy += (x - centerX) * dy * v;
    }
  }
  return { mass, centerX, centerY, varianceY: vy / mass, covarianceXY: cxy / mass };
}

function deskewImages(images: Uint8Array, count: number, rows: number, cols: number, recenter: boolean): Uint8Array {
  const size = rows * cols;
  const out = new Uint8Array(images.length);
  const settings: SampleSettings = { interpolation: 'bilinear', fill: 0 };
  const ox = (cols - 1) / 2;
  const oy = (rows - 1) / 2;
  for (let i = 0; i < count; i++) {
    const m = imageMoments(images, i, rows, cols);
    if (m.mass === 0) {
      out.set(images.subarray(i * size, (i + 1) * size), i * size);
      continue;
    }
    const alpha = m.varianceY > 0 ? m.covarianceXY / m.varianceY : 0;
    // Output (x, y) reads input (x + alpha (y - oy) + dx, y + dy): the slant x = alpha y is undone about the
    // centroid, which lands on the centre when recentering.
    const dx = recenter ? m.centerX - ox : alpha * (oy - m.centerY);
    const dy = recenter ? m.centerY - oy : 0;
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        const v = sampleAt(images, i * size, rows, cols, x + alpha * (y - oy) + dx, y + dy, settings);
        out[i * size + y * cols + x] = Math.min(255, Math.max(0, Math.round(v)));
      }
    }
  }
  return out;
}

/**
 * Moment-based deskewing, the classic MNIST preprocessing: each image's slant `alpha = cov(x, y) / var(y)`
 * (from its intensity moments) is removed with the shear `x' = x - alpha (y - cy)`, by default also moving the
 * centroid to the centre; bilinear resampling, zero fill, rounded to bytes. Blank images are copied.
 *
 * @param input flat bytes `count * rows * cols` (0..255), or a `DigitDataset` (returns a new dataset, labels shared)
 * @param options `{ rows = 28, cols = 28, recenter = true }`
 */
export function deskew(input: Uint8Array, options?: DeskewOptions): Uint8Array;
export function deskew<D extends DigitDataset>(input: D, options?: DeskewOptions): D;
export function deskew(input: Uint8Array | DigitDataset, options: DeskewOptions = {}): Uint8Array | DigitDataset {
  const fn = 'deskew';
  checkOptions(fn, options, ['rows', 'cols', 'recenter']);
  const recenter = checkBoolean(fn, 'options.recenter', options.recenter ?? true);
  if (input instanceof Uint8Array) {
    const { rows = 28, cols = 28 } = options;
    const { count } = checkUint8Images(fn, input, rows, cols);
    return deskewImages(input, count, rows, cols, recenter);
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input) || !('images' in input)) {
    throw new TypeError(`${fn}: expected a Uint8Array of images or a DigitDataset, got ${describeValue(input)}`);
  }
  checkByteDataset(fn, input, { allowEmpty: true });
  return { ...input, images: deskewImages(input.images, input.count, input.rows, input.cols, recenter) };
}
