import type { Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import type { DigitDataset } from './digit-dataset.js';
import { checkOptions } from '@digitkit/core';
import { TENSOR_OPTION_KEYS, type TensorOptions, checkTensorDataset, makeTensors, resolveTensorOptions } from './tensor-fill.js';

/** Options of {@link toTensors}. */
export type ToTensorsOptions = TensorOptions;

/** Result of {@link toTensors}; the caller owns (and must dispose) both tensors. */
export interface DatasetTensors {
  /** Images, `[N, rows, cols, 1]` float32, in `[0, 1]` when normalized (else 0..255). */
  xs: Tensor4D;
  /** Labels, one-hot `[N, numClasses]` float32, or `[N]` int32 class indices when `oneHot: false`. */
  ys: Tensor2D | Tensor1D;
}

/**
 * Turns a whole data set into tensors on the current tfjs backend. For the full MNIST training set
 * `xs` takes 188 MB of float32; use {@link batches} to avoid a full float copy.
 *
 * @throws RangeError/TypeError for an unknown or bad option, an inconsistent data set, labels ≥ `numClasses`, or
 *   more than 256 classes one-hot (checked before anything is allocated).
 */
export function toTensors(dataset: DigitDataset, options: ToTensorsOptions = {}): DatasetTensors {
  const resolved = resolveTensorOptions(checkOptions('toTensors', options, TENSOR_OPTION_KEYS), 'toTensors');
  checkTensorDataset('toTensors', dataset, resolved.oneHot);
  return makeTensors(dataset, dataset.count, undefined, resolved);
}
