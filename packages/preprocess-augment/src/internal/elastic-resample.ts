import * as tf from '@tensorflow/tfjs-core';
import type { ElasticOptions } from '../augment-options.js';
import { gaussianKernel } from './gaussian-kernel.js';

/**
 * Elastic distortion with tensor ops only (conv2d, gather, elementwise), so it runs on every backend
 * (call inside `tf.tidy`). The raw uniform fields are smoothed by a separable Gaussian (rows then columns,
 * zero padding), scaled by `alpha`, added to the pixel grid, and the image is resampled there.
 *
 * @param xs `[N, H, W, C]` float32
 * @param fields `N * 2 * H * W` uniforms in [-1, 1): per image the x field then the y field
 */
export function elasticResample(
  xs: tf.Tensor4D, fields: Float32Array, elastic: ElasticOptions,
  interpolation: 'bilinear' | 'nearest', fill: number | 'nearest',
): tf.Tensor4D {
  const [n, h, w, c] = xs.shape;
  const kernel = gaussianKernel(elastic.sigma, Math.max(h, w) - 1);
  let field: tf.Tensor4D = tf.tensor4d(fields, [n * 2, h, w, 1]);
  if (kernel.length > 1) {
    const k = kernel.length;
    field = tf.conv2d(field, tf.tensor4d(kernel, [k, 1, 1, 1]), 1, 'same');
    field = tf.conv2d(field, tf.tensor4d(kernel, [1, k, 1, 1]), 1, 'same');
  }
  const displacement = tf.reshape(tf.mul(field, tf.scalar(elastic.alpha)), [n, 2, h, w]);
  const [dx, dy] = tf.unstack(displacement, 1) as [tf.Tensor3D, tf.Tensor3D];

  const gridX = new Float32Array(h * w);
  const gridY = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      gridX[y * w + x] = x;
      gridY[y * w + x] = y;
    }
  }
  let sx: tf.Tensor = tf.add(tf.tensor3d(gridX, [1, h, w]), dx);
  let sy: tf.Tensor = tf.add(tf.tensor3d(gridY, [1, h, w]), dy);
  // Clamp far-away points onto the one-pixel fill border (or onto the image for 'nearest' fill).
  sx = fill === 'nearest' ? tf.clipByValue(sx, 0, w - 1) : tf.clipByValue(sx, -1, w);
  sy = fill === 'nearest' ? tf.clipByValue(sy, 0, h - 1) : tf.clipByValue(sy, -1, h);

  const pw = w + 2;
  const ph = h + 2;
  const padded = tf.pad(xs, [[0, 0], [1, 1], [1, 1], [0, 0]], fill === 'nearest' ? 0 : fill);
  const flat = tf.reshape(padded, [n * ph * pw, c]);
  const base = tf.reshape(tf.mul(tf.range(0, n, 1, 'int32'), tf.scalar(ph * pw, 'int32')), [n, 1, 1]);
  const indexOf = (xi: tf.Tensor, yi: tf.Tensor): tf.Tensor =>
    tf.add(base, tf.add(tf.mul(tf.add(yi, tf.scalar(1, 'int32')), tf.scalar(pw, 'int32')), tf.add(xi, tf.scalar(1, 'int32'))));

  if (interpolation === 'nearest') {
    const xi = tf.cast(tf.floor(tf.add(sx, 0.5)), 'int32');
    const yi = tf.cast(tf.floor(tf.add(sy, 0.5)), 'int32');
    // floor(w + 0.5) = w is the right fill border, still inside the padded image.
    return tf.reshape(tf.gather(flat, tf.reshape(indexOf(xi, yi), [-1])), [n, h, w, c]);
  }
  const x0f = tf.floor(sx);
  const y0f = tf.floor(sy);
  const wx = tf.expandDims(tf.sub(sx, x0f), 3);
  const wy = tf.expandDims(tf.sub(sy, y0f), 3);
  const x0 = tf.cast(x0f, 'int32');
  const y0 = tf.cast(y0f, 'int32');
  const x1 = tf.minimum(tf.add(x0, tf.scalar(1, 'int32')), tf.scalar(w, 'int32'));
  const y1 = tf.minimum(tf.add(y0, tf.scalar(1, 'int32')), tf.scalar(h, 'int32'));
  const indices = tf.concat([
    tf.reshape(indexOf(x0, y0), [-1]), tf.reshape(indexOf(x1, y0), [-1]),
    tf.reshape(indexOf(x0, y1), [-1]), tf.reshape(indexOf(x1, y1), [-1]),
  ], 0);
  const values = tf.reshape(tf.gather(flat, indices), [4, n, h, w, c]);
  const [v00, v10, v01, v11] = tf.unstack(values, 0) as tf.Tensor4D[];
  const one = tf.scalar(1);
  const ux = tf.sub(one, wx);
  const top = tf.add(tf.mul(ux, v00), tf.mul(wx, v10));
  const bottom = tf.add(tf.mul(ux, v01), tf.mul(wx, v11));
  return tf.add(tf.mul(tf.sub(one, wy), top), tf.mul(wy, bottom)) as tf.Tensor4D;
}
