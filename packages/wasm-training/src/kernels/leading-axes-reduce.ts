/**
 * The body of Sum and Mean over the leading axes (`[0, 1, …, k−1]`, as bias and BatchNorm gradients and
 * BatchNorm's moments reduce `[N, H, W, C]` over `[0, 1, 2]`): one SIMD pass of native/kernels.c instead of
 * transpose + reduce, split by column blocks over the kernel pool on the threaded build. Any other reduction, dtype, or an engine without the SIMD module uses the stock kernel.
 */
import { util, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { runSplit } from '../threads/run-split.js';
import { threadThresholds } from '../threads/thread-thresholds.js';
import { float32View, pointerOf } from '../wasm-backend.js';
import type { WasmKernelArgs } from './define-wasm-kernel.js';

/** Inputs of Sum and Mean. */
export interface ReduceInputs {
  x: TensorInfo;
}

/** Every path of Sum and Mean. */
export const REDUCE_PATHS = ['native', 'native:threads', 'stock:not-float32', 'stock:not-leading-axes', 'stock:no-native'] as const;

/** A path of Sum and Mean. */
export type ReducePath = (typeof REDUCE_PATHS)[number];

/** Number of leading axes reduced when `axes` is exactly `[0, 1, …, k−1]` with k < rank, else 0. */
export function leadingAxesCount(axes: number[], rank: number): number {
  const sorted = [...axes].sort((a, b) => a - b);
  if (sorted.length === 0 || sorted.length >= rank) return 0;
  for (let i = 0; i < sorted.length; i++) if (sorted[i] !== i) return 0;
  return sorted.length;
}

/** Kernel body shared by Sum and Mean (attrs `{ axis, keepDims }`, the same for both). */
export function reduceLeadingAxes(
  kernelName: 'Sum' | 'Mean',
  args: WasmKernelArgs<ReduceInputs, SumAttrs, ReducePath>,
): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend, took, fallBack } = args;
  const { x } = inputs;
  const { axis, keepDims } = attrs;
  if (x.dtype !== 'float32') return fallBack('stock:not-float32');
  const leading = leadingAxesCount(util.parseAxisParam(axis, x.shape), x.shape.length);
  if (leading === 0) return fallBack('stock:not-leading-axes');
  const native = nativeKernels(backend);
  if (native === null) return fallBack('stock:no-native');
  const rows = util.sizeFromShape(x.shape.slice(0, leading));
  const kept = x.shape.slice(leading);
  const outShape = keepDims ? [...x.shape.slice(0, leading).map(() => 1), ...kept] : kept;
  const out = backend.makeOutput(outShape, 'float32');
  const cols = util.sizeFromShape(kept);
  const [px, pout] = [pointerOf(backend, x), pointerOf(backend, out)];
  // On the kernel pool each thread sums its own block of columns (channels) over all rows: the blocks write
  // disjoint parts of out and every column keeps the single-thread summation order (bit-identical).
  const { threaded } = runSplit(backend, native, 'dk_sum_rows', { total: cols, work: rows * cols, minimum: threadThresholds.minReducedElements, align: 4 },
    (start, count) => [px + 4 * start, rows, count, cols, pout + 4 * start]);
  if (kernelName === 'Mean') {
    const values = float32View(backend, out);
    for (let i = 0; i < values.length; i++) values[i] /= rows;
  }
  took(threaded ? 'native:threads' : 'native');
  return out;
}
