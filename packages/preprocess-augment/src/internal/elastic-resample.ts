import * as tf from '@tensorflow/tfjs-core';
import type { ElasticOptions } from '../augment-options.js';
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
 * Elastic distortion with tensor ops only (matMul, gatherND, elementwise, transpose), so it runs on every backend
 * (call inside `tf.tidy`). The raw uniform fields are smoothed by a separable Gaussian (rows then columns, zero
 * padding), scaled by `alpha`, added to the pixel grid, and the image is resampled there (bilinear or nearest;
 * points outside read `fill`, or are clamped onto the image for `'nearest'` fill).
 *
 * Performance notes (measured on tfjs-backend-wasm 4.22): int32 arithmetic, trailing-axis broadcasting, `pad`,
 * `gather` and a 1-channel `conv2d` are slow there, while 2-D `matMul`, `gatherND` and same-shape float ops are
 * fast. So everything works in the layout `[H, N, W]` (rows outermost), where both smoothing passes and the
 * zero-padding of the image are plain 2-D matrix products; index arithmetic is float32 (exact below 2^24;
 * larger batches are chunked); constants are built full-size in JavaScript; the result is transposed back to
 * `[N, H, W, C]` once. Channels are folded into the batch (every channel of an image moves the same way).
 *
 * @param xs `[N, H, W, C]` float32
 * @param fields `N * 2 * H * W` uniforms in [-1, 1): per image the x field then the y field, row-major
 * @param maxIndex flat-index limit that sets the chunk size (only lowered by tests). Default 2^24
 */
export function elasticResample(
  xs: tf.Tensor4D, fields: Float32Array, elastic: ElasticOptions,
  interpolation: 'bilinear' | 'nearest', fill: number | 'nearest', maxIndex = MAX_FLOAT_INDEX,
): tf.Tensor4D {
  const [n, h, w, c] = xs.shape;
  if (c > 1) {
    // Fold channels into the batch, repeating each image's fields for its channels.
    const planes = tf.reshape(tf.transpose(xs, [0, 3, 1, 2]), [n * c, h, w, 1]) as tf.Tensor4D;
    const perPlane = 2 * h * w;
    const repeated = new Float32Array(n * c * perPlane);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < c; k++) repeated.set(fields.subarray(i * perPlane, (i + 1) * perPlane), (i * c + k) * perPlane);
    }
    const out = elasticResample(planes, repeated, elastic, interpolation, fill, maxIndex);
    return tf.transpose(tf.reshape(out, [n, c, h, w]), [0, 2, 3, 1]);
  }
  const chunk = Math.max(1, Math.floor(maxIndex / ((h + 3) * (w + 3))) - 1);
  if (n > chunk) {
    const parts: tf.Tensor4D[] = [];
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      parts.push(elasticResampleChunk(
        tf.slice(xs, [start, 0, 0, 0], [count, h, w, 1]),
        fields.subarray(start * 2 * h * w, (start + count) * 2 * h * w), elastic, interpolation, fill,
      ));
    }
    return tf.concat(parts, 0);
  }
  return elasticResampleChunk(xs, fields, elastic, interpolation, fill);
}

/** `[size + 3, size]` matrix embedding a vector after one zero (and before two zeros): zero padding as a product. */
function paddingMatrix(size: number): tf.Tensor2D {
  const m = new Float32Array((size + 3) * size);
  for (let i = 0; i < size; i++) m[(i + 1) * size + i] = 1;
  return tf.tensor2d(m, [size + 3, size]);
}

function elasticResampleChunk(
  xs: tf.Tensor4D, fields: Float32Array, elastic: ElasticOptions,
  interpolation: 'bilinear' | 'nearest', fill: number | 'nearest',
): tf.Tensor4D {
  const [n, h, w] = xs.shape;
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

  // The image in layout [H + 3, N, W + 3] with a border of one row/column before and two after (so that the
  // +1 neighbours of a point clamped to w / h stay inside): two matrix products that also transpose.
  const ph = h + 3;
  const pw = w + 3;
  const rowsFirst = tf.reshape(tf.transpose(tf.reshape(xs, [n, h, w]), [1, 0, 2]), [h, n * w]);
  let padded: tf.Tensor = tf.matMul(tf.reshape(tf.matMul(paddingMatrix(h), rowsFirst), [ph * n, w]), tf.transpose(paddingMatrix(w)));
  if (fill !== 'nearest' && fill !== 0) {
    const border = new Float32Array(ph * n * pw);
    for (let y = 0; y < ph; y++) {
      for (let i = 0; i < n; i++) {
        for (let x = 0; x < pw; x++) {
          if (y === 0 || y > h || x === 0 || x > w) border[(y * n + i) * pw + x] = fill;
        }
      }
    }
    padded = tf.add(padded, tf.tensor2d(border, [ph * n, pw]));
  }
  const flat = tf.reshape(padded, [ph * n * pw]);
  const rowStride = n * pw;
  const base = new Float32Array(n * size);
  for (let y = 0; y < h; y++) {
    for (let i = 0; i < n; i++) base.fill(rowStride + i * pw + 1, (y * n + i) * w, (y * n + i + 1) * w);
  }
  const baseTensor = tf.tensor3d(base, [h, n, w]);
  const gatherAt = (index: tf.Tensor): tf.Tensor => tf.gatherND(flat, tf.expandDims(tf.cast(index, 'int32'), 3));
  const toNhwc = (values: tf.Tensor): tf.Tensor4D => tf.reshape(tf.transpose(values, [1, 0, 2]), [n, h, w, 1]);

  if (interpolation === 'nearest') {
    const xi = tf.floor(tf.add(sx, 0.5));
    const yi = tf.floor(tf.add(sy, 0.5));
    // floor(w + 0.5) = w is on the right fill border, still inside the padded image.
    return toNhwc(gatherAt(tf.add(baseTensor, tf.add(tf.mul(yi, rowStride), xi))));
  }
  const x0 = tf.floor(sx);
  const y0 = tf.floor(sy);
  const i00 = tf.add(baseTensor, tf.add(tf.mul(y0, rowStride), x0));
  const i01 = tf.add(i00, rowStride);
  const v00 = gatherAt(i00);
  const v10 = gatherAt(tf.add(i00, 1));
  const v01 = gatherAt(i01);
  const v11 = gatherAt(tf.add(i01, 1));
  const wx = tf.sub(sx, x0);
  const wy = tf.sub(sy, y0);
  // Two linear interpolations along x, then one along y: exact when the weights are 0.
  const top = tf.add(v00, tf.mul(wx, tf.sub(v10, v00)));
  const bottom = tf.add(v01, tf.mul(wx, tf.sub(v11, v01)));
  return toNhwc(tf.add(top, tf.mul(wy, tf.sub(bottom, top))));
}
