/**
 * Sum or Mean over the leading axes (`[0, 1, …, k−1]`, as bias and BatchNorm gradients and BatchNorm's moments
 * reduce `[N, H, W, C]` over `[0, 1, 2]`): one SIMD pass of native/kernels.c instead of transpose + reduce. Any
 * other reduction, dtype, or an engine without the SIMD module uses the stock kernel.
 */
import { util, type KernelFunc, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { float32View, pointerOf } from '../wasm-backend.js';
import type { WasmKernelArgs } from './training-kernel.js';

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
  args: WasmKernelArgs,
  stock: KernelFunc | undefined,
): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { x } = inputs;
  const { axis, keepDims } = attrs as unknown as SumAttrs;
  const axes = util.parseAxisParam(axis, x.shape);
  const leading = x.dtype === 'float32' ? leadingAxesCount(axes, x.shape.length) : 0;
  const native = leading > 0 ? nativeKernels(backend) : null;
  if (native === null) {
    if (stock === undefined) throw new Error(`${kernelName}: no stock wasm kernel to fall back to`);
    return stock(args as never);
  }
  const rows = util.sizeFromShape(x.shape.slice(0, leading));
  const kept = x.shape.slice(leading);
  const outShape = keepDims ? [...x.shape.slice(0, leading).map(() => 1), ...kept] : kept;
  const out = backend.makeOutput(outShape, 'float32');
  native.exports.dk_sum_rows(pointerOf(backend, x), rows, util.sizeFromShape(kept), pointerOf(backend, out));
  if (kernelName === 'Mean') {
    const values = float32View(backend, out);
    for (let i = 0; i < values.length; i++) values[i] /= rows;
  }
  return out;
}
