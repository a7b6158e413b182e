/**
 * Faster Mean for the wasm backend when the reduced axes are the leading ones (BatchNorm's moments reduce
 * `[N, H, W, C]` over `[0, 1, 2]`): one SIMD pass instead of transpose + reduce. Other reductions use the stock
 * kernel.
 */
import { util, type KernelFunc, type MeanAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { float32View, pointerOf } from '../wasm-backend.js';
import { leadingAxesCount } from './sum.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

function fast(args: WasmKernelArgs, stock: KernelFunc | undefined): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { x } = inputs;
  const { axis, keepDims } = attrs as unknown as MeanAttrs;
  const axes = util.parseAxisParam(axis, x.shape);
  const leading = x.dtype === 'float32' ? leadingAxesCount(axes, x.shape.length) : 0;
  const native = leading > 0 ? nativeKernels(backend) : null;
  if (native === null) {
    if (stock === undefined) throw new Error('Mean: no stock wasm kernel to fall back to');
    return stock(args as never);
  }
  const rows = util.sizeFromShape(x.shape.slice(0, leading));
  const kept = x.shape.slice(leading);
  const outShape = keepDims ? [...x.shape.slice(0, leading).map(() => 1), ...kept] : kept;
  const out = backend.makeOutput(outShape, 'float32');
  native.exports.dk_sum_rows(pointerOf(backend, x), rows, util.sizeFromShape(kept), pointerOf(backend, out));
  const values = float32View(backend, out);
  for (let i = 0; i < values.length; i++) values[i] /= rows;
  return out;
}

/** Kernel entry: `inputs { x }`, attrs `{ axis, keepDims }`. */
export const meanKernel: TrainingKernel = {
  kernelName: 'Mean',
  missing: false,
  fast,
};
