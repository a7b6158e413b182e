import { type Tensor1D, type Tensor2D, type Tensor4D, tensor1d, tensor2d, tensor4d } from '@tensorflow/tfjs-core';
import { checkBoolean, checkDataset } from '@digitkit/core';
import type { DigitDataset } from './digit-dataset.js';

/** Options shared by {@link toTensors} and {@link batches}. */
export interface TensorOptions {
  /** Scale pixels to `[0, 1]` (`value / 255`); otherwise keep 0..255 as float32. Default: true. */
  normalize?: boolean;
  /** Labels as one-hot `[N, numClasses]` float32; otherwise `[N]` int32 class indices. Default: true. */
  oneHot?: boolean;
}

/** The keys of {@link TensorOptions}, for the closed-options check of `toTensors` and `batches`. */
export const TENSOR_OPTION_KEYS = ['normalize', 'oneHot'] as const;

/** Labels are bytes, so no label reaches 256: a wider one-hot would only allocate zeros. */
const MAX_ONE_HOT_CLASSES = 256;

const NORMALIZED = new Float32Array(256).map((_, v) => v / 255);
const RAW = new Float32Array(256).map((_, v) => v);

/** Checks `normalize`/`oneHot` types and applies the defaults. */
export function resolveTensorOptions(options: TensorOptions, functionName: string): Required<TensorOptions> {
  const { normalize = true, oneHot = true } = options;
  return { normalize: checkBoolean(functionName, 'normalize', normalize), oneHot: checkBoolean(functionName, 'oneHot', oneHot) };
}

/**
 * Checks `dataset` for tensor conversion (labels below `numClasses` when one-hot, and then at most 256 classes, so a
 * hostile `numClasses` cannot make the one-hot array huge) before anything is allocated.
 */
export function checkTensorDataset(functionName: string, dataset: DigitDataset, oneHot: boolean): DigitDataset {
  checkDataset(functionName, dataset, { allowEmpty: true, checkLabels: oneHot });
  if (oneHot && dataset.numClasses > MAX_ONE_HOT_CLASSES) {
    throw new RangeError(
      `${functionName}: expected dataset.numClasses ≤ ${MAX_ONE_HOT_CLASSES} for one-hot labels (labels are bytes), got ${dataset.numClasses}; pass oneHot: false`,
    );
  }
  return dataset;
}

/**
 * Makes `xs` `[n, rows, cols, 1]` float32 and `ys` for the examples `indices` (or `0..n-1` when
 * `indices` is undefined), building each tensor from one JS array (no intermediate tensors).
 */
export function makeTensors(
  dataset: DigitDataset,
  n: number,
  indices: Uint32Array | undefined,
  options: Required<TensorOptions>,
): { xs: Tensor4D; ys: Tensor2D | Tensor1D } {
  const { rows, cols, numClasses } = dataset;
  const pixels = rows * cols;
  const table = options.normalize ? NORMALIZED : RAW;
  const xs = new Float32Array(n * pixels);
  const source = dataset.images;
  for (let i = 0; i < n; i++) {
    const from = (indices === undefined ? i : indices[i]) * pixels;
    const to = i * pixels;
    for (let p = 0; p < pixels; p++) xs[to + p] = table[source[from + p]];
  }
  const labelAt = (i: number): number => dataset.labels[indices === undefined ? i : indices[i]];
  let ys: Tensor2D | Tensor1D;
  if (options.oneHot) {
    const values = new Float32Array(n * numClasses);
    for (let i = 0; i < n; i++) values[i * numClasses + labelAt(i)] = 1;
    ys = tensor2d(values, [n, numClasses], 'float32');
  } else {
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) values[i] = labelAt(i);
    ys = tensor1d(values, 'int32');
  }
  return { xs: tensor4d(xs, [n, rows, cols, 1], 'float32'), ys };
}
