/**
 * Faster MaxPoolGrad for the wasm backend: SIMD over channels in native/kernels.c, routing each dy to the first
 * maximum of its window (the tfjs cpu backend's rule). The C entry point takes one of three paths: non-overlapping
 * 2×2 windows, other non-overlapping windows (stride = window, no padding, channels a multiple of 4), or the
 * general loop. Without the SIMD module, or for other dtypes, a loop over the heap (never the stock kernel: stock
 * tfjs-backend-wasm 4.22's MaxPoolGrad routes wrongly when there is more than one window).
 */
import { backend_util, type MaxPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { runSplit } from '../threads/run-split.js';
import { threadThresholds } from '../threads/thread-thresholds.js';
import { float32View, pointerOf, valuesView } from '../wasm-backend.js';
import { defineWasmKernel } from './define-wasm-kernel.js';
import { maxPoolGradReference } from './max-pool-grad-reference.js';

/** Inputs of MaxPoolGrad: `dy [N,oh,ow,C]`, the pooled `input [N,H,W,C]` and the forward `output` (read by the stock kernel only). */
export interface MaxPoolGradInputs {
  dy: TensorInfo;
  input: TensorInfo;
  output?: TensorInfo;
}

/** The C entry point's paths, by the code it returns. */
const NATIVE_PATHS = ['native:general', 'native:tiled', 'native:tiled-2x2'] as const;
/** The same, split by batch slices across the kernel pool (threaded build). */
const THREADED_PATHS = ['native:threads:general', 'native:threads:tiled', 'native:threads:tiled-2x2'] as const;
const PATHS = [...NATIVE_PATHS, ...THREADED_PATHS, 'loop:not-float32', 'loop:no-native'] as const;

/** Kernel config: output dx `[N,H,W,C]`. */
export const maxPoolGradConfig = defineWasmKernel<MaxPoolGradInputs, MaxPoolGradAttrs, (typeof PATHS)[number]>({
  kernelName: 'MaxPoolGrad',
  missing: false,
  paths: PATHS,
  kernelFunc: ({ inputs, attrs, backend, took }) => {
    const { dy, input } = inputs;
    const { filterSize, strides, pad, dimRoundingMode } = attrs;
    const info = backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const float32 = input.dtype === 'float32' && dy.dtype === 'float32';
    const native = float32 ? nativeKernels(backend) : null;
    if (native === null) {
      took(float32 ? 'loop:no-native' : 'loop:not-float32');
      const dx = backend.makeOutput(input.shape, 'float32');
      maxPoolGradReference(valuesView(backend, input), valuesView(backend, dy), float32View(backend, dx), info);
      return dx;
    }
    const out = backend.makeOutput(input.shape, 'float32');
    const [px, pdy, pout] = [input, dy, out].map((t) => pointerOf(backend, t)) as [number, number, number];
    const inputImage = 4 * info.inHeight * info.inWidth * info.inChannels;
    const outputImage = 4 * info.outHeight * info.outWidth * info.inChannels;
    const { results, threaded } = runSplit(backend, native, 'dk_maxpool_grad',
      { total: info.batchSize, work: info.batchSize * inputImage / 4, minimum: threadThresholds.minElements },
      (start, count) => [
        px + start * inputImage, pdy + start * outputImage, pout + start * inputImage,
        count, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
        info.effectiveFilterHeight, info.effectiveFilterWidth, info.strideHeight, info.strideWidth,
        info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left,
      ]);
    // Every slice takes the same branch (it depends on the geometry only).
    const path = results[0]!;
    took(threaded ? THREADED_PATHS[path]! : NATIVE_PATHS[path]!);
    return out;
  },
});
