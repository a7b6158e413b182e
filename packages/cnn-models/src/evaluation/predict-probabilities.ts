import { AbortedError, checkDataset, checkInteger, checkOptions, describeValue, type DigitDataset } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { createYielder } from '../training/yield-to-event-loop.js';
import { assertModelMatchesData, modelDataShape } from '../training/assert-model.js';
import { batchOrder, datasetSource, toExampleSource, type LabelledTensors } from '../training/example-source.js';

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
 * @param input - A `[N, rows, cols, 1]` or `[N, rows·cols]` float32 tensor (values as the model expects,
 *   typically [0, 1]; finite; not disposed), `{ xs, ys? }` tensors, or a `DigitDataset` (bytes, scaled to [0, 1]).
 * @param options - `batchSize` (default 256).
 * @returns A promise of `[N × C]` row-major probabilities as a `Float32Array` (row `i` = example `i`). Leaks no
 *   tensors.
 * @throws TypeError/RangeError for a wrong model, wrong shapes, non-finite pixels or an empty input.
 */
export async function predictProbabilities(
  model: tfl.LayersModel,
  input: tf.Tensor | DigitDataset | Pick<LabelledTensors, 'xs'> | LabelledTensors,
  options: PredictProbabilitiesOptions = {},
): Promise<Float32Array> {
  const fn = 'predictProbabilities';
  const shape = modelDataShape(fn, model);
  const opts = checkOptions(fn, options, ['batchSize']);
  const batchSize = checkInteger(fn, 'batchSize', opts.batchSize ?? 256, { min: 1 });
  let source;
  if (input instanceof tf.Tensor || (typeof input === 'object' && input !== null && 'xs' in input && !('ys' in input))) {
    const xs = input instanceof tf.Tensor ? input : (input as { xs: tf.Tensor }).xs;
    if (!(xs instanceof tf.Tensor)) throw new TypeError(`${fn}: expected input.xs to be a tf.Tensor, got ${describeValue(xs)}`);
    const count = xs.shape[0] ?? 0;
    // Labels are not needed for inference: pair the images with zero class indices.
    const ys = tf.zeros([count], 'int32');
    try {
      source = toExampleSource(fn, 'input', { xs, ys }, shape);
    } catch (error) {
      ys.dispose();
      throw error;
    }
    try {
      return await predictSource(model, source, batchSize, shape.numClasses);
    } finally {
      ys.dispose();
    }
  }
  if (typeof input === 'object' && input !== null && 'xs' in input) source = toExampleSource(fn, 'input', input, shape);
  else source = datasetSource(checkDataset(fn, input, { name: 'input', checkLabels: false }));
  assertModelMatchesData(fn, model, { rows: source.rows, cols: source.cols, numClasses: shape.numClasses });
  return predictSource(model, source, batchSize, shape.numClasses);
}

/** Probabilities for every example of a source, `batchSize` per forward pass (internal). */
export async function predictSource(
  model: tfl.LayersModel,
  source: { count: number; batch: (indices: Uint32Array) => { xs: tf.Tensor4D; ys: tf.Tensor2D } },
  batchSize: number,
  numClasses: number,
  abort?: { signal: AbortSignal; functionName: string },
): Promise<Float32Array> {
  const out = new Float32Array(source.count * numClasses);
  let offset = 0;
  let done = 0;
  const yieldToEventLoop = abort ? createYielder() : undefined;
  for (const indices of batchOrder(source.count, batchSize, undefined)) {
    if (abort?.signal.aborted) {
      throw new AbortedError({ functionName: abort.functionName, completed: `${done} of ${source.count} images`, cause: abort.signal.reason });
    }
    const { xs, ys } = source.batch(indices);
    let probs: tf.Tensor;
    try {
      probs = tf.tidy(() => model.apply(xs, { training: false }) as tf.Tensor);
    } finally {
      tf.dispose([xs, ys]);
    }
    try {
      out.set(await probs.data(), offset);
    } finally {
      probs.dispose();
    }
    offset += indices.length * numClasses;
    done += indices.length;
    // a timer's abort (Ctrl-C) gets its turn between batches
    if (yieldToEventLoop) await yieldToEventLoop();
  }
  if (abort?.signal.aborted) {
    throw new AbortedError({ functionName: abort.functionName, completed: `${done} of ${source.count} images`, cause: abort.signal.reason });
  }
  return out;
}
