import * as tf from '@tensorflow/tfjs-core';

/** Clipping bound of probabilities before the logarithm (Keras' epsilon). */
const EPSILON = 1e-7;

/**
 * Per-example categorical cross-entropy of predicted probabilities, as Keras computes it for a softmax output:
 * `-Σ_c y_c · log(clip(p_c, 1e-7, 1 - 1e-7))`.
 *
 * @param yTrue - `[N, C]` one-hot float32.
 * @param yPred - `[N, C]` probabilities.
 * @returns `[N]` float32 losses.
 */
export function categoricalCrossentropy(yTrue: tf.Tensor2D, yPred: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(yTrue, tf.log(tf.clipByValue(yPred, EPSILON, 1 - EPSILON))), -1)) as tf.Tensor1D);
}
