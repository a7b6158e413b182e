import * as tf from '@tensorflow/tfjs-core';
import { drawResolved, resolveAugmentOptions, type AugmentOptions } from './augment-options.js';
import { applyProjective } from './internal/apply-projective.js';
import { elasticResample } from './internal/elastic-resample.js';
import { describeValue } from '@digitkit/core';
import { projectiveTransform } from './projective-transform.js';

/**
 * Randomly augments a batch of images on whatever tfjs backend is active (cpu, wasm, webgl, webgpu, tensorflow).
 *
 * Per image, rotation, shift, zoom and shear are composed into one projective matrix
 * ({@link projectiveTransform}) applied with `tf.image.transform`; then the elastic distortion of Simard et al.
 * (2003) (tensor ops only), additive Gaussian noise and clipping. All random draws come from one seeded stream
 * computed in JavaScript, so a seed gives the same output on every backend (up to float rounding).
 *
 * @param xs `[N, H, W, C]` float32 images (typically `[N, 28, 28, 1]` in [0, 1]); not modified or disposed
 * @param options see {@link AugmentOptions}; `{}` returns a copy
 * @returns a new `[N, H, W, C]` float32 tensor (the caller disposes it); no intermediate tensor is leaked
 * @throws TypeError/RangeError for a non-tensor, wrong rank or dtype, or bad options (NaN, negative sigma,
 *   out-of-range or unknown options) — before any work. The tensor's values themselves are not scanned (that
 *   would need a synchronous download from the GPU); a NaN pixel stays NaN.
 */
export function augmentBatch(xs: tf.Tensor4D, options: AugmentOptions = {}): tf.Tensor4D {
  const fn = 'augmentBatch';
  if (!(xs instanceof tf.Tensor)) {
    throw new TypeError(`${fn}: expected xs to be a tf.Tensor4D [N, H, W, C], got ${describeValue(xs)}`);
  }
  if (xs.isDisposed) throw new TypeError(`${fn}: expected a live tensor, got a disposed one`);
  if (xs.rank !== 4) {
    throw new RangeError(`${fn}: expected xs of rank 4 [N, H, W, C], got rank ${xs.rank} [${xs.shape.join(', ')}]`);
  }
  if (xs.dtype !== 'float32') {
    throw new TypeError(`${fn}: expected xs of dtype float32, got ${xs.dtype} (cast with xs.toFloat() or tf.cast)`);
  }
  const [n, rows, cols, channels] = xs.shape;
  if (rows < 1 || cols < 1 || channels < 1) {
    throw new RangeError(`${fn}: expected non-empty images, got shape [${xs.shape.join(', ')}]`);
  }
  const resolved = resolveAugmentOptions(fn, options, rows, cols);
  if (n === 0) return xs.clone();
  const draws = drawResolved(resolved, n, rows, cols, channels);

  return tf.tidy(() => {
    let out: tf.Tensor4D = xs;
    if (resolved.affine) {
      const transforms = new Float32Array(n * 8);
      for (let i = 0; i < n; i++) transforms.set(projectiveTransform(draws.params[i], rows, cols), i * 8);
      out = applyProjective(out, transforms, resolved.interpolation, resolved.fill);
    }
    if (resolved.elastic && draws.fields) {
      out = elasticResample(out, draws.fields, resolved.elastic, resolved.interpolation, resolved.fill);
    }
    if (draws.noise) out = tf.add(out, tf.tensor4d(draws.noise, [n, rows, cols, channels]));
    if (resolved.clip) out = tf.clipByValue(out, resolved.clip[0], resolved.clip[1]);
    return out === xs ? xs.clone() : out;
  });
}
