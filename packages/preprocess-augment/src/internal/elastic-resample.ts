import * as tf from '@tensorflow/tfjs-core';
import type { ElasticOptions } from '../augment-options.js';
import { applyProjective } from './apply-projective.js';
import { gaussianKernel } from './gaussian-kernel.js';

/**
 * `size x size` matrix `G` with `(G P)[i] = sum_k kernel[k] P[i + k - r]`: a zero-padded 'same' convolution
 * along one axis, as a matrix product (2-D matMul is far faster than a 1-channel conv2d on some backends).
 */
function smoothingMatrix(kernel: Float32Array, size: number): tf.Tensor2D {
  const r = (kernel.length - 1) / 2;
  const m = new Float32Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = Math.max(0, i - r); j <= Math.min(size - 1, i + r); j++) m[i * size + j] = kernel[j - i + r];
  }
  return tf.tensor2d(m, [size, size]);
}

/** Largest flat index kept exact by float32 index arithmetic (2^24). */
const MAX_FLOAT_INDEX = 2 ** 24;

/**
 * Elastic distortion with tensor ops only (matMul, gatherND, elementwise, `tf.image.transform` for the fill
 * border), so it runs on every backend (call inside `tf.tidy`). The raw uniform fields are smoothed by a
 * separable Gaussian (rows then columns, zero padding), scaled by `alpha`, added to the pixel grid, and the
 * image is resampled there.
 *
 * Performance notes (measured on tfjs-backend-wasm 4.22): int32 arithmetic, trailing-axis broadcasting, `split`
 * and `pad` are slow there, so index arithmetic is done in float32 (exact below 2^24, batches are chunked to stay
 * below), constants are built full-size in JavaScript, the fill border comes from `tf.image.transform`, and the
 * fields use the layout `[H, N, W]` so that both smoothing passes are plain 2-D matrix products; the result is
 * transposed back to `[N, H, W, C]` once at the end.
 *
 * @param xs `[N, H, W, C]` float32
 * @param fields `N * 2 * H * W` uniforms in [-1, 1): per image the x field then the y field, row-major
 */
export function elasticResample(
  xs: tf.Tensor4D, fields: Float32Array, elastic: ElasticOptions,
  interpolation: 'bilinear' | 'nearest', fill: number | 'nearest', affine?: Float32Array,
): tf.Tensor4D {
  const [n, h, w, c] = xs.shape;
  const chunk = Math.max(1, Math.floor(MAX_FLOAT_INDEX / ((h + 3) * (w + 3))) - 1);
  if (n > chunk) {
    const parts: tf.Tensor4D[] = [];
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      parts.push(elasticResampleChunk(
        tf.slice(xs, [start, 0, 0, 0], [count, h, w, c]),
        fields.subarray(start * 2 * h * w, (start + count) * 2 * h * w), elastic, interpolation, fill,
        affine?.subarray(start * 8, (start + count) * 8),
      ));
    }
    return tf.concat(parts, 0);
  }
  return elasticResampleChunk(xs, fields, elastic, interpolation, fill, affine);
}

/**
 * The source image with a fill border of one pixel left/top and two right/bottom (so that the x0 + 1 / y0 + 1
 * neighbours of a point clamped to w / h stay inside): `[N, H + 3, W + 3, C]`. Made by `tf.image.transform`,
 * either as a pure translation or fused with the per-image affine transforms (`N * 8` numbers); in the fused
 * case the border is then reset to the fill value, so the result equals "affine, crop, pad".
 */
function padForSampling(
  xs: tf.Tensor4D, interpolation: 'bilinear' | 'nearest', fill: number | 'nearest', affine: Float32Array | undefined,
): tf.Tensor4D {
  const [, h, w] = xs.shape;
  const ph = h + 3;
  const pw = w + 3;
  if (!affine) {
    const translation = Float32Array.of(1, 0, -1, 0, 1, -1, 0, 0);
    return applyProjective(xs, translation, 'nearest', fill === 'nearest' ? 0 : fill, [ph, pw]);
  }
  // Output pixel (x', y') of the padded image is pixel (x' - 1, y' - 1) of the transformed image.
  const shifted = new Float32Array(affine.length);
  for (let i = 0; i < affine.length; i += 8) {
    shifted.set(affine.subarray(i, i + 8), i);
    shifted[i + 2] = affine[i + 2] - affine[i] - affine[i + 1];
    shifted[i + 5] = affine[i + 5] - affine[i + 3] - affine[i + 4];
  }
  const padded = applyProjective(xs, shifted, interpolation, fill, [ph, pw]);
  if (fill === 'nearest') return padded; // sampling clamps to the image, the border is only read with weight 0
  const inside = new Float32Array(ph * pw);
  const border = new Float32Array(ph * pw);
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) {
      const isInside = y >= 1 && y <= h && x >= 1 && x <= w;
      inside[y * pw + x] = isInside ? 1 : 0;
      border[y * pw + x] = isInside ? 0 : fill;
    }
  }
  return tf.add(tf.mul(padded, tf.tensor4d(inside, [1, ph, pw, 1])), tf.tensor4d(border, [1, ph, pw, 1]));
}

function elasticResampleChunk(
  xs: tf.Tensor4D, fields: Float32Array, elastic: ElasticOptions,
  interpolation: 'bilinear' | 'nearest', fill: number | 'nearest', affine?: Float32Array,
): tf.Tensor4D {
  const [n, h, w, c] = xs.shape;
  const size = h * w;
  const kernel = gaussianKernel(elastic.sigma, Math.max(h, w) - 1);
  const smooth = kernel.length > 1;
  // Reorder the draws from [N, 2, H, W] into two [H, N, W] planes (scaled by alpha here when not smoothing).
  const scale = smooth ? 1 : elastic.alpha;
  const rawX = new Float32Array(n * size);
  const rawY = new Float32Array(n * size);
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < h; y++) {
      const from = (i * 2 * h + y) * w;
      const to = (y * n + i) * w;
      for (let x = 0; x < w; x++) {
        rawX[to + x] = fields[from + x] * scale;
        rawY[to + x] = fields[from + size + x] * scale;
      }
    }
  }
  // alpha is folded into the row-smoothing matrix.
  const smoothRows = smooth ? smoothingMatrix(kernel.map((v) => v * elastic.alpha), h) : undefined;
  const smoothColsT = smooth ? tf.transpose(smoothingMatrix(kernel, w)) : undefined;
  const displace = (raw: Float32Array): tf.Tensor3D => {
    let f: tf.Tensor2D = tf.tensor2d(raw, [h, n * w]);
    if (smoothRows && smoothColsT) {
      f = tf.matMul(smoothRows, f);
      f = tf.matMul(tf.reshape(f, [h * n, w]), smoothColsT);
    }
    return tf.reshape(f, [h, n, w]);
  };
  const gridX = new Float32Array(n * size);
  const gridY = new Float32Array(h);
  for (let y = 0; y < h; y++) {
    gridY[y] = y;
    for (let i = 0; i < n; i++) for (let x = 0; x < w; x++) gridX[(y * n + i) * w + x] = x;
  }
  let sx: tf.Tensor = tf.add(tf.tensor3d(gridX, [h, n, w]), displace(rawX));
  let sy: tf.Tensor = tf.add(tf.tensor3d(gridY, [h, 1, 1]), displace(rawY));
  // Clamp far-away points onto the one-pixel fill border (or onto the image for 'nearest' fill).
  sx = fill === 'nearest' ? tf.clipByValue(sx, 0, w - 1) : tf.clipByValue(sx, -1, w);
  sy = fill === 'nearest' ? tf.clipByValue(sy, 0, h - 1) : tf.clipByValue(sy, -1, h);

  const pw = w + 3;
  const ph = h + 3;
  const padded = padForSampling(xs, interpolation, fill, affine);
  const flat = tf.reshape(padded, [n * ph * pw, c]);
  const base = new Float32Array(n * size);
  for (let y = 0; y < h; y++) {
    for (let i = 0; i < n; i++) base.fill(i * ph * pw + pw + 1, (y * n + i) * w, (y * n + i + 1) * w);
  }
  const baseTensor = tf.tensor3d(base, [h, n, w]);
  const gatherAt = (index: tf.Tensor): tf.Tensor => tf.gatherND(flat, tf.reshape(tf.cast(index, 'int32'), [h, n, w, 1]));
  const toNhwc = (values: tf.Tensor): tf.Tensor4D => tf.transpose(tf.reshape(values, [h, n, w, c]), [1, 0, 2, 3]);

  if (interpolation === 'nearest') {
    const xi = tf.floor(tf.add(sx, 0.5));
    const yi = tf.floor(tf.add(sy, 0.5));
    // floor(w + 0.5) = w is on the right fill border, still inside the padded image.
    return toNhwc(gatherAt(tf.add(baseTensor, tf.add(tf.mul(yi, pw), xi))));
  }
  const x0 = tf.floor(sx);
  const y0 = tf.floor(sy);
  const i00 = tf.add(baseTensor, tf.add(tf.mul(y0, pw), x0));
  const i01 = tf.add(i00, pw);
  const v00 = gatherAt(i00);
  const v10 = gatherAt(tf.add(i00, 1));
  const v01 = gatherAt(i01);
  const v11 = gatherAt(tf.add(i01, 1));
  const wx = tf.reshape(tf.sub(sx, x0), [h, n, w, 1]);
  const wy = tf.reshape(tf.sub(sy, y0), [h, n, w, 1]);
  // Two linear interpolations along x, then one along y: exact when the weights are 0.
  const top = tf.add(v00, tf.mul(wx, tf.sub(v10, v00)));
  const bottom = tf.add(v01, tf.mul(wx, tf.sub(v11, v01)));
  return toNhwc(tf.add(top, tf.mul(wy, tf.sub(bottom, top))));
}
