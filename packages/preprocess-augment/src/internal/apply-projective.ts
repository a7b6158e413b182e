import * as tf from '@tensorflow/tfjs-core';

const batchedTransformWorks = new Map<string, boolean>();

/**
 * Whether the active backend's `Transform` kernel handles a batch of images in one call. tfjs-backend-cpu 4.22
 * returns after the first image (the rest stay at the fill value), so it is probed once per backend with a
 * two-pixel batch instead of trusting any backend name.
 */
function transformHandlesBatches(): boolean {
  const backend = tf.getBackend();
  const known = batchedTransformWorks.get(backend);
  if (known !== undefined) return known;
  const works = tf.tidy(() => {
    const image = tf.tensor4d([1, 2], [2, 1, 1, 1]);
    const identity = tf.tensor2d([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0], [2, 8]);
    const out = tf.image.transform(image, identity, 'nearest', 'constant', 0).dataSync();
    return out[0] === 1 && out[1] === 2;
  });
  batchedTransformWorks.set(backend, works);
  return works;
}

/**
 * Applies one projective transform per image with `tf.image.transform` (call inside `tf.tidy`).
 * @param xs `[N, H, W, C]` float32
 * @param transforms `N * 8` numbers (row `i` for image `i`), or 8 numbers shared by every image
 * @param outputShape `[height, width]` of the output; default the input's
 */
export function applyProjective(
  xs: tf.Tensor4D, transforms: Float32Array, interpolation: 'bilinear' | 'nearest', fill: number | 'nearest',
  outputShape?: [number, number],
): tf.Tensor4D {
  const n = xs.shape[0];
  const rows = transforms.length / 8;
  const fillMode = fill === 'nearest' ? 'nearest' : 'constant';
  const fillValue = fill === 'nearest' ? 0 : fill;
  if (n <= 1 || transformHandlesBatches()) {
    return tf.image.transform(xs, tf.tensor2d(transforms, [rows, 8]), interpolation, fillMode, fillValue, outputShape);
  }
  const images = tf.split(xs, n, 0) as tf.Tensor4D[];
  const outputs = images.map((image, i) => {
    const row = rows === 1 ? transforms : transforms.subarray(i * 8, i * 8 + 8);
    return tf.image.transform(image, tf.tensor2d(row, [1, 8]), interpolation, fillMode, fillValue, outputShape);
  });
  return tf.concat(outputs, 0);
}
