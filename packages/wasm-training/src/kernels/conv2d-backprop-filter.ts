/**
 * Conv2DBackpropFilter for the wasm backend (missing in stock tfjs-backend-wasm 4.22, tfjs issue #8474).
 * Fast form: im2col chunks times dy with the SIMD GEMM of native/kernels.c (NHWC); NCHW uses the loop form.
 */
import { backend_util, type Conv2DBackpropFilterAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { float32View, pointerOf, valuesView } from '../wasm-backend.js';
import { conv2dBackpropFilterReference } from './conv2d-backprop-filter-reference.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

/** Geometry of a Conv2DBackpropFilter call. */
export function conv2dBackpropFilterInfo(x: TensorInfo, attrs: Conv2DBackpropFilterAttrs): backend_util.Conv2DInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  return backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
}

function simple({ inputs, attrs, backend }: WasmKernelArgs): TensorInfo {
  const { x, dy } = inputs;
  const info = conv2dBackpropFilterInfo(x, attrs as unknown as Conv2DBackpropFilterAttrs);
  const out = backend.makeOutput(info.filterShape, 'float32');
  conv2dBackpropFilterReference(valuesView(backend, x), valuesView(backend, dy), float32View(backend, out), info);
  return out;
}

function fast(args: WasmKernelArgs): TensorInfo {
  const { inputs, attrs, backend } = args;
  const { x, dy } = inputs;
  const info = conv2dBackpropFilterInfo(x, attrs as unknown as Conv2DBackpropFilterAttrs);
  const native =
    info.dataFormat === 'channelsLast' && x.dtype === 'float32' && dy.dtype === 'float32' ? nativeKernels(backend) : null;
  if (native === null) return simple(args);
  const out = backend.makeOutput(info.filterShape, 'float32');
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  const cols = native.scratch(native.exports.dk_conv_cols_floats(patch));
  native.exports.dk_conv2d_backprop_filter(
    pointerOf(backend, x), pointerOf(backend, dy), pointerOf(backend, out),
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left,
    native.gemmScratch(), cols,
  );
  return out;
}

/** Kernel entry: `inputs { x: [N,H,W,C] | [N,C,H,W], dy }`, output the filter gradient `filterShape`. */
export const conv2dBackpropFilterKernel: TrainingKernel = {
  kernelName: 'Conv2DBackpropFilter',
  missing: true,
  simple,
  fast,
};
