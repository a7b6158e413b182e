/**
 * Faster Conv2DBackpropInput for the wasm backend: chunks of dy times the filter with the SIMD GEMM of
 * native/kernels.c, then col2im (NHWC); 3×3 stride-1 filters with enough channels by Winograd F(2×2, 3×3)
 * (winograd.ts). NCHW uses the stock kernel.
 */
import { backend_util, type Conv2DBackpropInputAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { defineWasmKernel } from './define-wasm-kernel.js';
import { runNativeConvBackprop } from './native-conv-backprop.js';
import { backpropInputCall, runWinograd, useWinogradBackpropInput } from './winograd.js';

/** Inputs of Conv2DBackpropInput: `dy` and `filter [fh,fw,inC,outC]`. */
export interface Conv2DBackpropInputInputs {
  dy: TensorInfo;
  filter: TensorInfo;
}

const PATHS = ['native', 'native:threads', 'native:winograd', 'native:threads:winograd', 'stock:not-float32-nhwc', 'stock:no-native'] as const;

/** Kernel config: output `inputShape`. */
export const conv2dBackpropInputConfig = defineWasmKernel<Conv2DBackpropInputInputs, Conv2DBackpropInputAttrs, (typeof PATHS)[number]>({
  kernelName: 'Conv2DBackpropInput',
  missing: false,
  paths: PATHS,
  kernelFunc: ({ inputs, attrs, backend, took, fallBack }) => {
    const { dy, filter } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
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
    if (info.dataFormat !== 'channelsLast' || dy.dtype !== 'float32' || filter.dtype !== 'float32') {
      return fallBack('stock:not-float32-nhwc');
    }
    const native = nativeKernels(backend);
    if (native === null) return fallBack('stock:no-native');
    if (useWinogradBackpropInput(info)) {
      // 3×3 stride 1 with enough channels: the correlation of dy with the rotated filter by Winograd (winograd.ts).
      const out = backend.makeOutput(info.inShape, 'float32');
      const threaded = runWinograd(backend, native, backpropInputCall(info, dy, filter, out), true);
      took(threaded ? 'native:threads:winograd' : 'native:winograd');
      return out;
    }
    const { out, threaded } = runNativeConvBackprop(backend, native, 'dk_conv2d_backprop_input', dy, filter, info, info.inShape);
    took(threaded ? 'native:threads' : 'native');
    return out;
  },
});
