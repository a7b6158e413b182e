import { batches, type DigitDataset } from '@digitkit/mnist-data';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe } from '../models/model-options';
import { assertDigitDataset } from '../training/validate-dataset';

/** Options of {@link predictProbabilities}. */
export interface PredictProbabilitiesOptions {
  /** Images per forward pass (bounds memory). Default `256`. */
  batchSize?: number;
}

/**
 * Class probabilities of a model (inference mode: dropout off, BatchNorm moving statistics), computed in
 * batches so memory stays bounded.
 *
 * @param model - A `tf.LayersModel` mapping `[N, rows, cols, 1]` float32 to `[N, C]` probabilities.
 * @param input - Either a `[N, rows, cols, 1]` float32 tensor (values as the model expects, typically [0, 1];
 *   not disposed) or a `DigitDataset` (bytes, scaled to [0, 1] here).
 * @param options - `batchSize` (default 256).
 * @returns `[N × C]` row-major probabilities as a `Float32Array` (row `i` = example `i`). Leaks no tensors.
 */
export async function predictProbabilities(
  model: tfl.LayersModel,
  input: tf.Tensor4D | DigitDataset,
  options: PredictProbabilitiesOptions = {},
): Promise<Float32Array> {
  const fn = 'predictProbabilities';
  if (model == null || typeof (model as { apply?: unknown }).apply !== 'function') {
    throw new TypeError(`${fn}: expected a tf.LayersModel, got ${describe(model)}`);
  }
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`${fn}: expected batchSize to be an integer >= 1, got ${describe(batchSize)}`);
  }
  const outputShape = model.outputs[0].shape;
  const numClasses = outputShape[outputShape.length - 1];
  if (numClasses == null) throw new TypeError(`${fn}: expected a model with a known number of output classes`);
  if (input instanceof tf.Tensor) {
    if (input.rank !== 4 || input.dtype !== 'float32') {
      throw new TypeError(`${fn}: expected a [N, rows, cols, channels] float32 tensor, got rank ${input.rank} ${input.dtype}`);
    }
    const count = input.shape[0];
    const out = new Float32Array(count * numClasses);
    for (let start = 0; start < count; start += batchSize) {
      const size = Math.min(batchSize, count - start);
      const probs = tf.tidy(() => model.apply(tf.slice(input, [start, 0, 0, 0], [size, -1, -1, -1]), { training: false }) as tf.Tensor);
      out.set(await probs.data(), start * numClasses);
      probs.dispose();
    }
    return out;
  }
  assertDigitDataset(fn, 'input', input);
  const out = new Float32Array(input.count * numClasses);
  let offset = 0;
  for (const batch of batches(input, { batchSize, shuffle: false, normalize: true, oneHot: false })) {
    let probs: tf.Tensor;
    try {
      probs = tf.tidy(() => model.apply(batch.xs, { training: false }) as tf.Tensor);
    } finally {
      tf.dispose([batch.xs, batch.ys]);
    }
    out.set(await probs.data(), offset);
    offset += probs.size;
    probs.dispose();
  }
  return out;
}
