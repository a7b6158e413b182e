import { gaussianKernel } from '../internal/gaussian-kernel.js';
import { sampleAt, smoothPlanes, type SampleSettings } from '../internal/sample-image.js';
import { toByte, type Rng } from './image-buffer.js';

const BILINEAR_ZERO: SampleSettings = { interpolation: 'bilinear', fill: 0 };

/**
 * The displacement field of an elastic distortion (Simard et al., 2003): two fields of uniform draws in
 * `[-1, 1)`, each smoothed by a Gaussian of `sigma` pixels (zero padding) and multiplied by `alpha`.
 *
 * @returns `dx` and `dy`, `rows * cols` each, in pixels.
 */
export function elasticField(rows: number, cols: number, alpha: number, sigma: number, rng: Rng): { dx: Float32Array; dy: Float32Array } {
  const size = rows * cols;
  const fields = new Float32Array(2 * size);
  for (let i = 0; i < fields.length; i++) fields[i] = 2 * rng() - 1;
  smoothPlanes(fields, 2, rows, cols, gaussianKernel(sigma, Math.max(rows, cols) - 1));
  for (let i = 0; i < fields.length; i++) fields[i] *= alpha;
  return { dx: fields.subarray(0, size), dy: fields.subarray(size) };
}

/**
 * Elastic distortion: output pixel `(x, y)` reads the input at `(x + dx, y + dy)` (bilinear, 0 outside) for the
 * field of {@link elasticField}. `alpha = 0` returns a copy.
 */
export function elasticDistort(image: Uint8Array, rows: number, cols: number, alpha: number, sigma: number, rng: Rng): Uint8Array {
  if (alpha === 0) return image.slice();
  const { dx, dy } = elasticField(rows, cols, alpha, sigma, rng);
  const out = new Uint8Array(rows * cols);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const i = y * cols + x;
      out[i] = toByte(sampleAt(image, 0, rows, cols, x + dx[i], y + dy[i], BILINEAR_ZERO));
    }
  }
  return out;
}
