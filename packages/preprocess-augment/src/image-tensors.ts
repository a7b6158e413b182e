import * as tf from '@tensorflow/tfjs-core';
import { checkFiniteNumber, checkInteger, checkOptions, describeValue } from '@digitkit/core';

/** Options of {@link toImageTensor}. */
export interface ToImageTensorOptions {
  /** Image height. Default `28`. */
  rows?: number;
  /** Image width. Default `28`. */
  cols?: number;
  /** Divide by this value (255 maps bytes to [0, 1]). Default `255` for a `Uint8Array`, `1` otherwise. */
  maxValue?: number;
}

/**
 * Reshapes flat images (784 values each for MNIST) into the `[N, rows, cols, 1]` float32 tensor a CNN expects.
 * @param images `N * rows * cols` pixels, row-major
 * @returns a new `[N, rows, cols, 1]` float32 tensor (the caller disposes it)
 */
export function toImageTensor(images: Uint8Array | Float32Array, options: ToImageTensorOptions = {}): tf.Tensor4D {
  const fn = 'toImageTensor';
  if (!(images instanceof Uint8Array) && !(images instanceof Float32Array)) {
    throw new TypeError(`${fn}: expected a Uint8Array or Float32Array, got ${describeValue(images)}`);
  }
  checkOptions(fn, options, ['rows', 'cols', 'maxValue']);
  const rows = checkInteger(fn, 'options.rows', options.rows ?? 28, { min: 1 });
  const cols = checkInteger(fn, 'options.cols', options.cols ?? 28, { min: 1 });
  const maxValue = checkFiniteNumber(fn, 'options.maxValue', options.maxValue ?? (images instanceof Uint8Array ? 255 : 1));
  if (maxValue <= 0) throw new RangeError(`${fn}: expected options.maxValue > 0, got ${maxValue}`);
  const size = rows * cols;
  if (images.length % size !== 0) {
    throw new RangeError(`${fn}: expected a multiple of ${rows}x${cols} = ${size} values, got ${images.length}`);
  }
  const values = new Float32Array(images.length);
  for (let i = 0; i < values.length; i++) values[i] = images[i] / maxValue;
  return tf.tensor4d(values, [images.length / size, rows, cols, 1]);
}

/**
 * Flattens `[N, H, W, C]` images into `[N, H * W * C]` rows (for dense models, k-NN or PCA).
 * @returns a new tensor (the caller disposes it)
 */
export function flattenImages(xs: tf.Tensor4D): tf.Tensor2D {
  if (!(xs instanceof tf.Tensor) || xs.rank !== 4) {
    throw new RangeError(`flattenImages: expected a rank-4 tensor [N, H, W, C], got ${xs instanceof tf.Tensor ? `rank ${xs.rank}` : describeValue(xs)}`);
  }
  const [n, h, w, c] = xs.shape;
  return tf.reshape(xs, [n, h * w * c]);
}

/**
 * Reshapes `[N, rows * cols * channels]` rows into `[N, rows, cols, channels]` images (784 → 28x28x1 by default).
 * @returns a new tensor (the caller disposes it)
 */
export function unflattenImages(xs: tf.Tensor2D, options: { rows?: number; cols?: number; channels?: number } = {}): tf.Tensor4D {
  const fn = 'unflattenImages';
  checkOptions(fn, options, ['rows', 'cols', 'channels']);
  const rows = checkInteger(fn, 'options.rows', options.rows ?? 28, { min: 1 });
  const cols = checkInteger(fn, 'options.cols', options.cols ?? 28, { min: 1 });
  const channels = checkInteger(fn, 'options.channels', options.channels ?? 1, { min: 1 });
  if (!(xs instanceof tf.Tensor) || xs.rank !== 2 || xs.shape[1] !== rows * cols * channels) {
    throw new RangeError(`${fn}: expected a tensor [N, ${rows * cols * channels}], got ${xs instanceof tf.Tensor ? `[${xs.shape.join(', ')}]` : describeValue(xs)}`);
  }
  return tf.reshape(xs, [xs.shape[0], rows, cols, channels]);
}

/**
 * Reads `[N, H, W, 1]` images back into bytes: `round(clamp(x / maxValue, 0, 1) * 255)`.
 * @param maxValue the tensor value that means full ink. Default `1`
 * @returns `N * H * W` bytes, row-major (the tensor is not disposed)
 */
export async function toUint8Images(xs: tf.Tensor4D, maxValue = 1): Promise<Uint8Array> {
  const fn = 'toUint8Images';
  if (!(xs instanceof tf.Tensor) || xs.rank !== 4 || xs.shape[3] !== 1) {
    throw new RangeError(`${fn}: expected a tensor [N, H, W, 1], got ${xs instanceof tf.Tensor ? `[${xs.shape.join(', ')}]` : describeValue(xs)}`);
  }
  checkFiniteNumber(fn, 'maxValue', maxValue);
  if (maxValue <= 0) throw new RangeError(`${fn}: expected maxValue > 0, got ${maxValue}`);
  const data = await xs.data();
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] / maxValue;
    if (Number.isNaN(v)) throw new RangeError(`${fn}: expected finite values, got NaN at index ${i}`);
    out[i] = Math.round((v < 0 ? 0 : v > 1 ? 1 : v) * 255);
  }
  return out;
}
