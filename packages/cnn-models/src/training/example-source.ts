import { checkDataset, createRng, describeValue, shuffleInPlace, type DigitDataset } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { PIXEL_SCALE } from './pixel-scale.js';

/**
 * Labelled examples as tfjs users hold them: `xs` `[N, rows, cols, 1]` (or `[N, rows·cols]`) float32 images, in
 * the scale the model expects (typically [0, 1]), and `ys` one-hot `[N, numClasses]` float32 (soft labels
 * allowed) or `[N]` integer class indices. The tensors are read, never disposed.
 */
export interface LabelledTensors {
  /** Images, `[N, rows, cols, 1]` or `[N, rows·cols]` float32. */
  xs: tf.Tensor;
  /** Labels, `[N, numClasses]` one-hot float32 or `[N]` int32/float32 class indices. */
  ys: tf.Tensor;
}

/** What training and evaluation accept as examples: a {@link DigitDataset} (bytes) or `{ xs, ys }` tensors. */
export type ExampleInput = DigitDataset | LabelledTensors;

/** One batch; the caller disposes both tensors. */
export interface ExampleBatch {
  /** `[n, rows, cols, 1]` float32 (bytes scaled to [0, 1]). */
  xs: tf.Tensor4D;
  /** `[n, numClasses]` float32 targets. */
  ys: tf.Tensor2D;
}

/** A checked, random-access view of labelled examples (internal to the training engine and evaluation). */
export interface ExampleSource {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  readonly numClasses: number;
  /** Class index of every example (arg-max of soft labels), length `count`. */
  readonly labels: Uint8Array;
  /** Tensors of the examples at `indices` (positions in this source). */
  batch(indices: Uint32Array): ExampleBatch;
}


function isTensorPair(input: unknown): input is LabelledTensors {
  return typeof input === 'object' && input !== null && (input as LabelledTensors).xs instanceof tf.Tensor;
}

/**
 * Checks examples and returns a source over them. A `DigitDataset` is checked with core's `checkDataset`;
 * tensors must have matching first dimensions, `xs` finite float32 values of `rows × cols` pixels each, `ys`
 * finite one-hot rows or integer labels in `[0, numClasses)`.
 *
 * @param functionName - Starts error messages.
 * @param name - The argument's name in messages, e.g. `'trainData'`.
 * @param input - A `DigitDataset` or `{ xs, ys }`.
 * @param shape - `rows`, `cols` of the model input and its `numClasses`, used for tensors.
 * @throws TypeError/RangeError naming the argument and what was found.
 */
export function toExampleSource(
  functionName: string,
  name: string,
  input: unknown,
  shape: { rows: number; cols: number; numClasses: number },
): ExampleSource {
  if (isTensorPair(input)) return tensorSource(functionName, name, input, shape);
  if (typeof input === 'object' && input !== null && 'xs' in input) {
    throw new TypeError(`${functionName}: expected ${name}.xs to be a tf.Tensor, got ${describeValue((input as { xs: unknown }).xs)}`);
  }
  return datasetSource(checkDataset(functionName, input, { name }));
}

/** A source over a `DigitDataset` (bytes scaled to [0, 1], one-hot targets). */
export function datasetSource(dataset: DigitDataset): ExampleSource {
  const { rows, cols, numClasses, images, labels } = dataset;
  const pixels = rows * cols;
  return {
    count: dataset.count,
    rows,
    cols,
    numClasses,
    labels,
    batch(indices) {
      const n = indices.length;
      const xs = new Float32Array(n * pixels);
      const ys = new Float32Array(n * numClasses);
      for (let i = 0; i < n; i++) {
        const from = indices[i] * pixels;
        for (let p = 0; p < pixels; p++) xs[i * pixels + p] = PIXEL_SCALE[images[from + p]];
        ys[i * numClasses + labels[indices[i]]] = 1;
      }
      return { xs: tf.tensor4d(xs, [n, rows, cols, 1]), ys: tf.tensor2d(ys, [n, numClasses]) };
    },
  };
}

function tensorSource(
  functionName: string,
  name: string,
  input: LabelledTensors,
  shape: { rows: number; cols: number; numClasses: number },
): ExampleSource {
  const { xs, ys } = input;
  if (!(ys instanceof tf.Tensor)) throw new TypeError(`${functionName}: expected ${name}.ys to be a tf.Tensor, got ${describeValue(ys)}`);
  if (xs.isDisposed || ys.isDisposed) throw new TypeError(`${functionName}: expected ${name}.xs and ${name}.ys not to be disposed`);
  const { rows, cols, numClasses } = shape;
  const count = xs.shape[0];
  const pixels = rows * cols;
  const rank4 = xs.rank === 4 && xs.shape[1] === rows && xs.shape[2] === cols && xs.shape[3] === 1;
  const rank2 = xs.rank === 2 && xs.shape[1] === pixels;
  if (xs.dtype !== 'float32' || !(rank4 || rank2)) {
    throw new RangeError(
      `${functionName}: expected ${name}.xs to be float32 of shape [N, ${rows}, ${cols}, 1] or [N, ${pixels}], got ${xs.dtype} [${xs.shape.join(', ')}]`,
    );
  }
  if (count < 1) throw new RangeError(`${functionName}: expected ${name} to hold at least one example, got 0`);
  const oneHot = ys.rank === 2;
  if (!((oneHot && ys.shape[1] === numClasses) || ys.rank === 1) || ys.shape[0] !== count) {
    throw new RangeError(
      `${functionName}: expected ${name}.ys of shape [${count}, ${numClasses}] (one-hot) or [${count}] (class indices), got [${ys.shape.join(', ')}]`,
    );
  }
  const pixelValues = xs.dataSync();
  for (let i = 0; i < pixelValues.length; i++) {
    if (!Number.isFinite(pixelValues[i])) {
      throw new RangeError(
        `${functionName}: expected ${name}.xs to hold finite values, got ${pixelValues[i]} in example ${Math.floor(i / pixels)}`,
      );
    }
  }
  const targetValues = ys.dataSync();
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    if (oneHot) {
      let best = 0;
      let sum = 0;
      for (let c = 0; c < numClasses; c++) {
        const v = targetValues[i * numClasses + c];
        if (!Number.isFinite(v) || v < 0) {
          throw new RangeError(`${functionName}: expected ${name}.ys to hold probabilities ≥ 0, got ${v} in row ${i}`);
        }
        sum += v;
        if (v > targetValues[i * numClasses + best]) best = c;
      }
      if (Math.abs(sum - 1) > 1e-3) throw new RangeError(`${functionName}: expected the rows of ${name}.ys to sum to 1, got ${sum} in row ${i}`);
      labels[i] = best;
    } else {
      const v = targetValues[i];
      if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
        throw new RangeError(`${functionName}: expected ${name}.ys to hold class indices in [0, ${numClasses}), got ${v} at index ${i}`);
      }
      labels[i] = v;
    }
  }
  return {
    count,
    rows,
    cols,
    numClasses,
    labels,
    batch(indices) {
      return tf.tidy(() => {
        const at = tf.tensor1d(Int32Array.from(indices), 'int32');
        const gathered = tf.gather(xs, at);
        const batchXs = (rank2 ? tf.reshape(gathered, [indices.length, rows, cols, 1]) : gathered) as tf.Tensor4D;
        const batchYs = oneHot
          ? (tf.cast(tf.gather(ys, at), 'float32') as tf.Tensor2D)
          : (tf.cast(tf.oneHot(tf.cast(tf.gather(ys, at), 'int32') as tf.Tensor1D, numClasses), 'float32') as tf.Tensor2D);
        return { xs: batchXs, ys: batchYs };
      });
    },
  };
}

/** The examples of `source` at `indices` (positions in `source`), as a source. */
export function subsetSource(source: ExampleSource, indices: Uint32Array): ExampleSource {
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) labels[i] = source.labels[indices[i]];
  return {
    count: indices.length,
    rows: source.rows,
    cols: source.cols,
    numClasses: source.numClasses,
    labels,
    batch: (positions) => source.batch(positions.map((p) => indices[p])),
  };
}

/**
 * Positions of one epoch's batches: `0..count-1`, shuffled with a seeded generator when `seed` is given, cut
 * into consecutive runs of `batchSize` (the last one may be shorter).
 */
export function batchOrder(count: number, batchSize: number, seed: number | undefined): Uint32Array[] {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  if (seed !== undefined) shuffleInPlace(order, createRng(seed));
  const out: Uint32Array[] = [];
  for (let start = 0; start < count; start += batchSize) out.push(order.subarray(start, Math.min(count, start + batchSize)));
  return out;
}
