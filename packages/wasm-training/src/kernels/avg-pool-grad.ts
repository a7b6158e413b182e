/**
 * Faster AvgPoolGrad for the wasm backend (LeNet-5's average pooling): SIMD over channels in native/kernels.c;
 * non-overlapping windows write dx once. Same rule as tfjs: each window's dy is spread over its positions times
 * `1 / (filterHeight · filterWidth)`.
 */
import { backend_util, type AvgPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { pointerOf } from '../wasm-backend.js';
import { defineWasmKernel } from './define-wasm-kernel.js';

/** Inputs of AvgPoolGrad: `dy [N,oh,ow,C]` and the pooled `input [N,H,W,C]`. */
export interface AvgPoolGradInputs {
  dy: TensorInfo;
  input: TensorInfo;
}

/** The C entry point's paths, by the code it returns. */
const NATIVE_PATHS = ['native:general', 'native:tiled'] as const;
const PATHS = [...NATIVE_PATHS, 'stock:not-float32', 'stock:no-native'] as const;

/** Kernel config: output dx `[N,H,W,C]`. */
export const avgPoolGradConfig = defineWasmKernel<AvgPoolGradInputs, AvgPoolGradAttrs, (typeof PATHS)[number]>({
  kernelName: 'AvgPoolGrad',
  missing: false,
  paths: PATHS,
  kernelFunc: ({ inputs, attrs, backend, took, fallBack }) => {
    const { dy, input } = inputs;
    if (dy.dtype !== 'float32') return fallBack('stock:not-float32');
    const native = nativeKernels(backend);
    if (native === null) return fallBack('stock:no-native');
    const { filterSize, strides, pad } = attrs;
    const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad);
    const out = backend.makeOutput(input.shape, 'float32');
    const path = native.exports.dk_avgpool_grad(
      pointerOf(backend, dy), pointerOf(backend, out),
      info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
      info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
      1 / (info.filterHeight * info.filterWidth),
    );
    took(NATIVE_PATHS[path]);
    return out;
  },
});
