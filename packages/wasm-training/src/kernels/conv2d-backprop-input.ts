/**
 * Faster Conv2DBackpropInput for the wasm backend: chunks of dy times the filter with the SIMD GEMM of
 * native/kernels.c, then col2im (NHWC). NCHW uses the stock kernel.
 */
import { backend_util, type Conv2DBackpropInputAttrs, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { pointerOf } from '../wasm-backend.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

function fast(args: WasmKernelArgs, stock: KernelFunc | undefined): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { dy, filter } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  const native =
    info.dataFormat === 'channelsLast' && dy.dtype === 'float32' && filter.dtype === 'float32' ? nativeKernels(backend) : null;
  if (native === null) {
    if (stock === undefined) throw new Error('Conv2DBackpropInput: no stock wasm kernel to fall back to');
    return stock(args as never);
  }
  const out = backend.makeOutput(info.inShape, 'float32');
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  const cols = native.scratch(native.exports.dk_conv_cols_floats(patch));
  native.exports.dk_conv2d_backprop_input(
    pointerOf(backend, dy), pointerOf(backend, filter), pointerOf(backend, out),
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left,
    native.gemmScratch(), cols,
  );
  return out;
}

/** Kernel entry: `inputs { dy, filter: [fh,fw,inC,outC] }`, output `inputShape`. */
export const conv2dBackpropInputKernel: TrainingKernel = {
  kernelName: 'Conv2DBackpropInput',
  missing: false,
  fast,
};
