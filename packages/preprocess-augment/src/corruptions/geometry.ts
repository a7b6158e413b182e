import { sampleAt, type SampleSettings } from '../internal/sample-image.js';
import { toByte } from './image-buffer.js';

const BILINEAR_ZERO: SampleSettings = { interpolation: 'bilinear', fill: 0 };

/**
 * A 2-D affine map `(x, y) -> (a x + b y + c, d x + e y + f)` in pixel coordinates (x right, y down), as the
 * six numbers `[a, b, c, d, e, f]`.
 */
export type AffineMatrix = readonly [number, number, number, number, number, number];

/**
 * Resamples `image` through an affine map: output pixel `(x, y)` reads the input at `inverse(x, y)` with bilinear
 * interpolation (outside the image reads 0, the MNIST background), rounded to bytes.
 *
 * @param inverse - Maps output pixel coordinates to input coordinates.
 */
export function warpAffine(image: Uint8Array, rows: number, cols: number, inverse: AffineMatrix): Uint8Array {
  const [a, b, c, d, e, f] = inverse;
  const out = new Uint8Array(rows * cols);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      out[y * cols + x] = toByte(sampleAt(image, 0, rows, cols, a * x + b * y + c, d * x + e * y + f, BILINEAR_ZERO));
    }
  }
  return out;
}

/** Inverse of `p -> center + M (p - center)` for a 2x2 matrix `M = [[m00, m01], [m10, m11]]`. */
function aboutCenter(rows: number, cols: number, m00: number, m01: number, m10: number, m11: number): AffineMatrix {
  const cx = (cols - 1) / 2;
  const cy = (rows - 1) / 2;
  const det = m00 * m11 - m01 * m10;
  const i00 = m11 / det;
  const i01 = -m01 / det;
  const i10 = -m10 / det;
  const i11 = m00 / det;
  return [i00, i01, cx - i00 * cx - i01 * cy, i10, i11, cy - i10 * cx - i11 * cy];
}

/**
 * Rotation about the image centre `((cols - 1) / 2, (rows - 1) / 2)` by `degrees` counter-clockwise as seen on
 * screen, bilinear, 0 outside. On a square image a multiple of 90° maps pixel centres onto pixel centres, so
 * 90° equals a transpose followed by a vertical flip.
 */
export function rotateImage(image: Uint8Array, rows: number, cols: number, degrees: number): Uint8Array {
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  // Counter-clockwise on screen with y pointing down: (dx, dy) -> (cos dx + sin dy, -sin dx + cos dy).
  return warpAffine(image, rows, cols, aboutCenter(rows, cols, cos, sin, -sin, cos));
}

/**
 * Horizontal shear about the image centre: the row at height `y` moves right by `factor * (y - centerY)` pixels,
 * bilinear, 0 outside.
 */
export function shearImage(image: Uint8Array, rows: number, cols: number, factor: number): Uint8Array {
  return warpAffine(image, rows, cols, aboutCenter(rows, cols, 1, factor, 0, 1));
}

/** Zoom about the image centre by `factor` (> 1 enlarges and crops, < 1 shrinks), bilinear, 0 outside. */
export function scaleImage(image: Uint8Array, rows: number, cols: number, factor: number): Uint8Array {
  return warpAffine(image, rows, cols, aboutCenter(rows, cols, factor, 0, 0, factor));
}

/**
 * Shift by whole pixels: output `(x, y)` = input `(x - dx, y - dy)`, 0 where that falls outside (no resampling,
 * so the result is exact).
 */
export function translateImage(image: Uint8Array, rows: number, cols: number, dx: number, dy: number): Uint8Array {
  const out = new Uint8Array(rows * cols);
  for (let y = 0; y < rows; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= rows) continue;
    for (let x = 0; x < cols; x++) {
      const sx = x - dx;
      if (sx >= 0 && sx < cols) out[y * cols + x] = image[sy * cols + sx];
    }
  }
  return out;
}
