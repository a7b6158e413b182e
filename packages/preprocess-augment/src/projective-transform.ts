import type { AffineParams } from './augment-options.js';

/** Cosine and sine of an angle in degrees, exact at multiples of 90°. */
function cosSinDegrees(degrees: number): [number, number] {
  const turn = ((degrees % 360) + 360) % 360;
  if (turn === 0) return [1, 0];
  if (turn === 90) return [0, 1];
  if (turn === 180) return [-1, 0];
  if (turn === 270) return [0, -1];
  const radians = (degrees * Math.PI) / 180;
  return [Math.cos(radians), Math.sin(radians)];
}

/**
 * Composes rotation, zoom, shear and shift into the 8-number projective transform that `tf.image.transform`
 * expects: `[a0, a1, a2, b0, b1, b2, c0, c1]` maps an OUTPUT pixel `(x, y)` to the INPUT point
 * `((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)` with `k = c0 x + c1 y + 1` (here `c0 = c1 = 0`).
 *
 * The forward map (input → output) is `out = c + shift + R · S · Z · (in - c)` about the centre
 * `c = ((cols - 1) / 2, (rows - 1) / 2)`, with `R` the on-screen counter-clockwise rotation, `S` the
 * horizontal shear `x' = x + tan(shear) y` and `Z` the zoom; the returned numbers are its inverse.
 *
 * @param params one image's parameters (degrees, pixels, factor)
 * @param rows image height in pixels
 * @param cols image width in pixels
 */
export function projectiveTransform(params: AffineParams, rows: number, cols: number): [number, number, number, number, number, number, number, number] {
  const [cos, sin] = cosSinDegrees(params.rotationDegrees);
  const shearTan = params.shearDegrees === 0 ? 0 : Math.tan((params.shearDegrees * Math.PI) / 180);
  const z = params.zoom;
  // F = R · S · Z with R = [[cos, sin], [-sin, cos]] (y axis pointing down), S = [[1, t], [0, 1]].
  const f00 = cos * z;
  const f01 = (cos * shearTan + sin) * z;
  const f10 = -sin * z;
  const f11 = (-sin * shearTan + cos) * z;
  const det = f00 * f11 - f01 * f10;
  const i00 = f11 / det;
  const i01 = -f01 / det;
  const i10 = -f10 / det;
  const i11 = f00 / det;
  const cx = (cols - 1) / 2;
  const cy = (rows - 1) / 2;
  // in = c + F⁻¹ (out - c - shift)
  const ox = cx + params.shiftX;
  const oy = cy + params.shiftY;
  return [i00, i01, cx - i00 * ox - i01 * oy, i10, i11, cy - i10 * ox - i11 * oy, 0, 0];
}
